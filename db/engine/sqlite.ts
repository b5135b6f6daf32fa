import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { openRaw, type RawDb as Database, type RawStatement as Statement } from './cipher';
import { DomainError } from '../../shared/outcome';
import { withSteadyPlans } from './steady-plans';
import { migrateSqlite, type MigrateOptions } from '../migrate';
import { LATEST_VERSION } from '../migrations';
import type { Db, Dialect, Engine, Params, TransactionOptions } from './types';
import { Lru } from './lru';
import { limitClause } from './paging';

/**
 * SQLite's side of what differs by engine: JSON for lists, FTS5 for search, rowid for order.
 */
export const SQLITE_DIALECT: Dialect = {
  kind: 'sqlite',
  inIds: (column) => `${column} IN (SELECT value FROM json_each(?))`,
  ids: (values) => JSON.stringify(values),
  inQuery: (column, subquery) => `${column} IN (${subquery})`,
  jsonObject: (pairs) => `json_object(${pairs.map(([k, e]) => `'${k}', ${e}`).join(', ')})`,
  insertionOrder: 'rowid',
  serverSeals: null,
  serverHashes: null,
  catalog: {
    tables:
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'note_search_%' AND name NOT LIKE 'note_draft_search_%'",
    columns: 'SELECT name FROM pragma_table_info(?)',
    hasTable: "SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = ?",
    schema: "SELECT '' AS s",
    writtenOrder: () => 'rowid',
    dropTrigger: (name) => `DROP TRIGGER "${name}"`,
  },
  importSwitch: null,
  renumberAfterImport: null,
  settleAfterImport: null,
  // No ANALYZE is run on a file, and a statement is planned at prepare time, not from how big a table
  // has grown (db/engine/steady-plans.ts): nothing to bring up to date.
  statisticsWithin: null,
  seats: false,
  turnsOn: null,
  forUpdate: '',
  guards: {
    triggers: `SELECT name, tbl_name AS "table", sql FROM sqlite_master WHERE type = 'trigger'`,
    functions: null,
    // A fresh in-memory database migrated to the latest version.
    async freshTwin(_db, read) {
      const twin = openSqlite(':memory:');
      try {
        return await read(twin, '');
      } finally {
        await twin.close();
      }
    },
  },
  noteSearch: {
    // The rowid grows with each record written (migration 2), and FTS5 walks it backwards without
    // reading every match. bm25 ranks best first with the lowest score, and only when asked: it
    // counts every note holding each word, which for a typed prefix means merging every word that
    // starts with it (docs/performance.md, "Search"; migration 29's prefix index makes that one list
    // for prefixes of up to 4 characters). snippet() needs the FTS cursor, so it is taken here, and
    // ranked, only for the page shown: the window's best `page` rows are picked by rank first, then
    // the window's rowid range is read once more with its snippets. Cut for all 200 rows of the
    // window the snippets were most of a best-match search (6.6 of 6.8 ms at 5,000 patients).
    //
    // Two indexes hold the notes (migration 32): the signed ones in note_search, the drafts in
    // note_draft_search (no prefix index: its lists are the drafts' only, and a prefix index made
    // each autosave's secure delete four times the pages), with one rowid scheme, so each is read
    // newest first and the two are merged by rowid into one window. A draft's bm25 comes from its own index, whose word counts are the
    // drafts' only: a judgment we accept, since a draft is ranked among a few hundred drafts rather
    // than a clinic's notes, and bm25 already differs from ts_rank on PostgreSQL. The newest-first
    // search takes snippets for up to `window` rows of each index before the merge cuts them to
    // `window`: the drafts' matches are few.
    hits: (window, ranked, page) => {
      const newest = (fts: string, columns: string) =>
        `SELECT * FROM (SELECT ${columns} FROM ${fts} WHERE ${fts} MATCH @match ORDER BY rowid DESC ${limitClause(window)})`;
      const cut = (fts: string) => `snippet(${fts}, 0, char(2), char(3), '…', 14) AS snippet`;
      if (!ranked) {
        const columns = (fts: string) => `record_kind AS "recordKind", record_id AS "recordId", source, rowid AS seq, 0 AS rank, ${cut(fts)}`;
        return `${newest('note_search', columns('note_search'))} UNION ALL ${newest('note_draft_search', columns('note_draft_search'))}
           ORDER BY seq DESC ${limitClause(window)}`;
      }
      const scored = (fts: string) => `rowid AS seq, bm25(${fts}) AS rank`;
      const shown = (fts: string) =>
        `SELECT n.record_kind AS "recordKind", n.record_id AS "recordId", n.source, n.rowid AS seq, best.rank, ${cut(fts)}
           FROM ${fts} n CROSS JOIN best
           WHERE ${fts} MATCH @match AND n.rowid >= (SELECT min(seq) FROM best) AND n.rowid <= (SELECT max(seq) FROM best) AND best.seq = n.rowid`;
      return `WITH w AS MATERIALIZED (${newest('note_search', scored('note_search'))} UNION ALL ${newest('note_draft_search', scored('note_draft_search'))}
                 ORDER BY seq DESC ${limitClause(window)}),
             best AS MATERIALIZED (SELECT seq, rank FROM w ORDER BY rank, seq DESC ${limitClause(page)})
           ${shown('note_search')}
           UNION ALL
           ${shown('note_draft_search')}`;
    },
    snippet: 'h.snippet',
    // Quoted prefix terms: FTS5 syntax in what was typed (AND, NEAR, *, column filters) stays text.
    query: (words) => words.map((w) => `"${w}"*`).join(' '),
    draftIndex: 'note_draft_search',
  },
};

/**
 * Storage faults said plainly, not as "internal": what happened, what to do, and that nothing was
 * saved (the transaction rolled back; the form still holds what was typed).
 */
const STORAGE_FAULTS: [prefix: string, code: 'busy' | 'storage', message: string][] = [
  ['SQLITE_BUSY', 'busy', 'The data file is busy: another program is writing to it. Nothing was saved; try again in a moment.'],
  ['SQLITE_FULL', 'storage', 'The disk is full. Nothing was saved; free some space and save again — what you typed is still here.'],
  [
    'SQLITE_READONLY',
    'storage',
    'The data file or its folder is read-only. Nothing was saved; check the file’s permissions (or that the drive is not read-only) and save again.',
  ],
  ['SQLITE_IOERR', 'storage', 'The disk could not be written or read. Nothing was saved; check the drive and save again.'],
  [
    'SQLITE_CORRUPT',
    'storage',
    'The data file is damaged. Nothing was saved. Restore the latest good backup (Clinic & providers → Backups, or needlebook restore).',
  ],
  ['SQLITE_NOTADB', 'storage', 'The data file is not a Needlebook database. Nothing was saved. Restore the latest backup.'],
];

/** Whether a fault is damage the file's own pages showed when read (SQLITE_CORRUPT, as said above). */
export function isDamageFault(error: unknown): boolean {
  const damaged = STORAGE_FAULTS.find(([prefix]) => prefix === 'SQLITE_CORRUPT')![2];
  return error instanceof DomainError ? error.message === damaged : String((error as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_CORRUPT');
}

export function storageFaultAsDomain(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  const fault = STORAGE_FAULTS.find(([prefix]) => code.startsWith(prefix));
  return fault ? new DomainError(fault[1], fault[2]) : error;
}

const args = (params: Params | undefined): unknown[] => (params === undefined ? [] : Array.isArray(params) ? params : [params]);

/** A statement's storage fault (a damaged page read, a full disk) as its plain message. */
function faultsNamed<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw storageFaultAsDomain(error);
  }
}

/** Prepared statements kept per connection: every text the screens use, with room to spare. */
const STATEMENTS_KEPT = 512;

/** A connection (or a transaction on it): statements are prepared once and kept (up to STATEMENTS_KEPT). */
class SqliteDb implements Db {
  readonly dialect = SQLITE_DIALECT;
  constructor(
    protected readonly raw: Database,
    protected readonly statements: Lru<string, Statement>,
    private readonly depth: number,
    readonly readOnly?: string,
  ) {}

  protected statement(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      // Planned once, not again on every call (db/engine/steady-plans.ts).
      s = this.raw.prepare(withSteadyPlans(sql));
      this.statements.set(sql, s);
    }
    return s;
  }

  async all<T>(sql: string, params?: Params): Promise<T[]> {
    return faultsNamed(() => this.statement(sql).all(...args(params)) as T[]);
  }
  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return faultsNamed(() => this.statement(sql).get(...args(params)) as T | undefined);
  }
  async run(sql: string, params?: Params): Promise<{ changes: number }> {
    return faultsNamed(() => ({ changes: this.statement(sql).run(...args(params)).changes }));
  }
  async later(sql: string, params?: Params): Promise<void> {
    await this.run(sql, params);
  }
  async insert(sql: string, params?: Params): Promise<number> {
    return faultsNamed(() => Number((this.statement(`${sql} RETURNING id`).get(...args(params)) as { id: number | bigint }).id));
  }
  async exec(sql: string): Promise<void> {
    this.raw.exec(sql);
  }

  /** Inside a transaction: a savepoint, so a failed inner action undoes only itself. */
  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const name = `needlebook_${this.depth}`;
    this.raw.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(new SqliteDb(this.raw, this.statements, this.depth + 1));
      this.raw.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.raw.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }
}

/**
 * The embedded engine: one better-sqlite3 connection. The service is asynchronous, so a
 * transaction may wait between statements; meanwhile every other call on this connection waits
 * its turn (a queue), or it would run inside that transaction. Transactions begin IMMEDIATE, so
 * another process's write lock is waited for (busy_timeout), not failed on at the first write.
 */
class SqliteEngine extends SqliteDb implements Engine {
  readonly kind = 'sqlite' as const;
  /** Opened without its quick_check, left to the caller to run off the calls' path (`quickCheckLater`). */
  quickCheckLeft = false;
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  constructor(
    raw: Database,
    readonly location: string,
    readOnly?: string,
  ) {
    super(raw, new Lru(STATEMENTS_KEPT), 1, readOnly);
  }

  /** Runs `work` after everything queued before it. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private whenFree<T>(work: () => Promise<T>): Promise<T> {
    return this.queued === 0 ? work() : this.inTurn(work);
  }

  override all<T>(sql: string, params?: Params): Promise<T[]> {
    return this.whenFree(() => super.all<T>(sql, params));
  }
  override get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return this.whenFree(() => super.get<T>(sql, params));
  }
  override run(sql: string, params?: Params): Promise<{ changes: number }> {
    return this.whenFree(() => super.run(sql, params));
  }
  override insert(sql: string, params?: Params): Promise<number> {
    return this.whenFree(() => super.insert(sql, params));
  }
  override exec(sql: string): Promise<void> {
    return this.whenFree(() => super.exec(sql));
  }

  override async transaction<T>(fn: (tx: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.readOnly) throw new DomainError('storage', this.readOnly);
    const relaxed = options.waitForDisk === false;
    this.queued++;
    try {
      return await this.inTurn(async () => {
        // Set between transactions, where SQLite allows it, and always put back. By exec, not
        // pragma(): better-sqlite3's pragma() prepares a statement and reads its answer each time,
        // about 20 µs a call here, which for an access row was more than the row itself.
        if (relaxed) this.raw.exec('PRAGMA synchronous = NORMAL');
        try {
          this.raw.exec('BEGIN IMMEDIATE');
          const result = await fn(new SqliteDb(this.raw, this.statements, 1));
          this.raw.exec('COMMIT');
          return result;
        } catch (error) {
          if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
          throw error;
        } finally {
          if (relaxed) this.raw.exec('PRAGMA synchronous = FULL');
        }
      }).catch((error: unknown) => {
        // BEGIN IMMEDIATE, a write or COMMIT that waited out the busy timeout, a full disk, a read-only file.
        throw storageFaultAsDomain(error);
      });
    } finally {
      this.queued--;
    }
  }

  async schemaVersion(): Promise<number> {
    return this.raw.pragma('user_version', { simple: true }) as number;
  }

  async check(): Promise<string> {
    return this.whenFree(async () => String(this.raw.pragma('integrity_check', { simple: true })));
  }

  async close(): Promise<void> {
    await this.tail;
    this.raw.close();
  }

  /** The better-sqlite3 connection itself, for SQLite-only tools (pragmas in tests, backups). */
  get connection(): Database {
    return this.raw;
  }
}

export type { SqliteEngine };

/** A file opened read-only by a tool that must not change it (`needlebook check`): no migration, no pragmas written. */
export function readOnlySqlite(file: string): SqliteEngine {
  return new SqliteEngine(openRaw(file, { readonly: true, fileMustExist: true }), file);
}

/** An integrity or quick check's first line that names a problem (its `*** in database main ***` headings name none). */
export const firstProblem = (report: string) => report.split('\n').find((line) => !line.startsWith('***')) ?? report;

/** A file that failed SQLite's quick_check when it was opened: what the check found first. */
export class DamagedFileError extends DomainError {
  constructor(
    readonly file: string,
    readonly finding: string,
  ) {
    super(
      'storage',
      `${file} is damaged (SQLite quick_check: ${finding}). Nothing was changed. Restore the latest backup (needlebook restore --db FILE --from BACKUP).`,
    );
    this.name = 'DamagedFileError';
  }
}

/**
 * A damaged file opened so that what can still be read is readable while nothing is written to
 * it: every write is refused with `why`, and the file stays as it was for a restore to replace.
 */
export function damagedSqlite(file: string, why: string): SqliteEngine {
  const raw = openRaw(file, { readonly: true, fileMustExist: true });
  return new SqliteEngine(raw, file, why);
}

export interface SqliteOpenOptions extends MigrateOptions {
  busyTimeoutMs?: number;
  /**
   * Leave SQLite's quick_check (every page read: seconds on a ten-year clinic) to the caller, who
   * runs it on another connection (db/host.ts) — only where the file is at the latest version.
   */
  quickCheckLater?: boolean;
}

/**
 * Opens (creating if needed) a Needlebook file and brings it up to date. The pragmas are set on
 * every open because SQLite does not remember foreign_keys or synchronous in the file.
 */
export function openSqlite(file: string, options: SqliteOpenOptions = {}): SqliteEngine {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true });
    // An empty file is not a new clinic: it is a data file that lost its contents (a failed copy, a full disk).
    if (existsSync(file) && statSync(file).size === 0 && !existsSync(`${file}-wal`)) {
      throw new DomainError('storage', `${file} is empty (0 bytes): it is not a Needlebook data file. Nothing was changed. Restore the latest backup.`);
    }
  }
  let raw: Database;
  try {
    raw = openRaw(file);
  } catch (error) {
    throw storageFaultAsDomain(error);
  }
  try {
    raw.pragma('journal_mode = WAL');
    // A damaged file is said to be damaged now, not as "Something went wrong" on the visits it reaches.
    // The app may leave it to a worker thread (db/host.ts) on a file with nothing to migrate: a file
    // that an upgrade would write to is checked first, whatever is asked.
    const later = options.quickCheckLater === true && raw.pragma('user_version', { simple: true }) === LATEST_VERSION;
    const quick = file === ':memory:' || later ? 'ok' : String(raw.pragma('quick_check', { simple: true }));
    if (quick !== 'ok') throw new DamagedFileError(file, firstProblem(quick));
    // FULL, not NORMAL: a signed note must survive a power cut the moment it is saved.
    raw.pragma('synchronous = FULL');
    // Deleted and overwritten content is zeroed, not left in free pages and free cell space: words
    // taken out of a draft must be found in no byte of the file (SQLite does not remember this setting).
    raw.pragma('secure_delete = ON');
    raw.pragma('foreign_keys = ON');
    // REPLACE deletes the row it replaces; only with recursive triggers does that delete meet the
    // guards that keep signed records, addenda and the audit log.
    raw.pragma('recursive_triggers = ON');
    // Writes begin IMMEDIATE, so a write lock held elsewhere is waited for this long, then refused as busy.
    raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // 64 MiB of page cache rather than SQLite's 2 MiB: a ten-year clinic's indexes stay in memory,
    // and a long transaction (a month's batch, the demo clinic) keeps its pages instead of re-reading them.
    raw.pragma('cache_size = -65536');
    migrateSqlite(raw, options.targetVersion);
    const engine = new SqliteEngine(raw, file);
    engine.quickCheckLeft = later;
    return engine;
  } catch (error) {
    raw.close();
    // A file too damaged for quick_check to run at all (its first pages) is as damaged as one it faults.
    if ((error as { code?: unknown }).code === 'SQLITE_CORRUPT') throw new DamagedFileError(file, (error as Error).message);
    const named = storageFaultAsDomain(error);
    throw named instanceof DomainError && named !== error ? new DomainError(named.code, `${file}: ${named.message}`) : error;
  }
}
