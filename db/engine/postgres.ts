import { createHash } from 'node:crypto';
import pg from 'pg';
import { DomainError } from '../../shared/outcome';
import { migratePostgres, type MigrateOptions } from '../migrate';
import { ChangeFeed, type ChangeState } from './postgres-changes';
import { pgFault } from './postgres-faults';
import { SCHEMA_MARK, type Db, type Dialect, type Engine, type Params, type TransactionOptions } from './types';
import { MIGRATIONS } from '../migrations';
import { Lru } from './lru';
import { limitClause } from './paging';

/**
 * PostgreSQL's side of what differs by engine: arrays for lists, json_build_object, a seq column
 * for insertion order, and tsvector search with ts_headline snippets.
 */
export const POSTGRES_DIALECT: Dialect = {
  kind: 'postgres',
  inIds: (column) => `${column} = ANY(?::integer[])`,
  ids: (values) => values,
  inQuery: (column, subquery) => `${column} = ANY(ARRAY(${subquery}))`,
  jsonObject: (pairs) => `json_build_object(${pairs.map(([k, e]) => `'${k}', ${e}`).join(', ')})`,
  insertionOrder: 'seq',
  // The seal runs at COMMIT (a deferred trigger, migration 29) and takes this schema's ledger lock,
  // keyed by the ledger table itself: a second seat signing on the same ledger waits for that COMMIT
  // only; a transaction that does not sign, or signs in another schema, makes nobody wait.
  serverSeals: 'needlebook_content_hash',
  serverHashes: 'needlebook_content_hashes',
  catalog: {
    tables: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    columns: 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
    hasTable: 'SELECT 1 AS one WHERE to_regclass(?::text) IS NOT NULL',
    schema: 'SELECT current_schema() AS s',
    writtenOrder: (columns, renumbered) => (columns.includes('id') || renumbered ? 'id' : '1, 2'),
    dropTrigger: (name, table) => `DROP TRIGGER "${name}" ON "${table}"`,
  },
  // Honoured by the server only for a member of the tables' owner (migration 25, needlebook_importing).
  importSwitch: "SET LOCAL needlebook.importing = 'on'",
  renumberAfterImport: `DO $renumber$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT table_name AS t, pg_get_serial_sequence(quote_ident(table_name), 'id') AS s FROM information_schema.columns
               WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'
      LOOP
        EXECUTE format('SELECT setval(%L::regclass, greatest((SELECT max(id) FROM %I), 1))', r.s, r.t);
      END LOOP;
    END $renumber$`,
  // Rows just written have no statistics and no page marked all-visible until the server's
  // autovacuum comes round: the planner guesses, and a read from an index alone (Review's counts
  // from review_tally, migration 29) still visits every row's page. At 18,000 patients Review
  // read the 12 MB of its rows for each count: 13.6 ms for the statement where it takes 3.3 once
  // vacuumed (medians on a copy, load average 6). Named one by one: VACUUM alone would go through
  // every schema of the database the login owns.
  settleAfterImport: (tables) => `VACUUM (ANALYZE) ${tables.map((t) => `"${t.replaceAll('"', '""')}"`).join(', ')}`,
  // ANALYZE, unlike VACUUM, runs inside a transaction and counts the rows that transaction wrote;
  // each table analysed drops the plans kept on it, made again from what it holds now. Only the
  // tables grown past the ten pages the planner assumes of a table never analysed: a smaller one
  // analysed would be planned as small as it is now, and its plans kept as it grows (the ledger,
  // written at COMMIT by the deferred seals, would be read whole for each record sealed).
  statisticsWithin: `DO $statistics$
    DECLARE t text;
    BEGIN
      FOR t IN SELECT c.relname FROM pg_class c
               WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
                 AND pg_relation_size(c.oid) > 10 * current_setting('block_size')::integer
      LOOP
        EXECUTE format('ANALYZE %I', t);
      END LOOP;
    END $statistics$`,
  seats: true,
  // Keyed as the ledger's lock (migration 29) is, on the table's oid, so each clinic schema has its
  // own, under another high word (4151704) so that the two never meet.
  turnsOn: (table) => `SELECT pg_advisory_xact_lock((4151704::bigint << 32) | '${table}'::regclass::oid::bigint)`,
  forUpdate: ' FOR UPDATE',
  guards: {
    triggers: `
      SELECT t.tgname AS name, c.relname AS "table", replace(pg_get_triggerdef(t.oid), quote_ident(n.nspname) || '.', '') AS sql, t.tgenabled <> 'D' AS enabled
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND NOT t.tgisinternal`,
    // A function as compared: its body, whether it runs as its owner, and its settings (the fixed
    // search path of migration 25): a search path loosened behind the app's back is drift too.
    functions: `
      SELECT p.proname AS name, '' AS "table",
             p.prosrc || ' security ' || CASE WHEN p.prosecdef THEN 'definer' ELSE 'invoker' END || ' set ' ||
               replace(coalesce(array_to_string(p.proconfig, ' '), ''), quote_ident(n.nspname), '${SCHEMA_MARK}') AS sql,
             replace(replace(pg_get_functiondef(p.oid), quote_ident(n.nspname) || '.', ''), n.nspname, '${SCHEMA_MARK}') AS definition
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = current_schema() AND p.proname LIKE 'needlebook%'`,
    // The migrations run in a scratch schema inside a transaction that is rolled back: nothing of it remains.
    async freshTwin(db, read) {
      const scratch = `needlebook_guards_${process.pid}`;
      let found: { value: Awaited<ReturnType<typeof read>> } | null = null;
      try {
        await db.transaction(async (tx) => {
          await tx.exec(`CREATE SCHEMA ${scratch}; SET LOCAL search_path = ${scratch}`);
          for (const m of MIGRATIONS) await tx.exec(m.postgres);
          found = { value: await read(tx, ' -- scratch') };
          throw new Discard();
        });
      } catch (error) {
        if (!(error instanceof Discard)) throw error;
      }
      return found!.value;
    },
  },
  noteSearch: {
    // The id grows with each record written (migration 2). ts_rank: best first with the highest
    // score. The snippet is cut for the returned rows only.
    //
    // Which rows: the GIN index finds the matches of a rare word at once but knows nothing of their
    // order, while walking the ids newest first finds a common word's newest matches at once but
    // walks the whole table for a word that matches nothing (55 ms at 5,000 patients, whichever
    // plan the server guessed). And the index answers even a probe of a few matches by first
    // building the bitmap of every entry holding a word that starts with each term: for "taut band"
    // at 18,000 patients, two lists of some 26,000 entries each, 20 ms before a row is read.
    //
    // So, in order, each step run only when the one before did not answer:
    // 1. walked: the newest WALK entries walked newest first, stopping at the window's last match.
    //    A common phrase fills the window here without touching the index ("taut band", in one
    //    entry in nine: some 270 entries for a page of 30, 0.2 ms); a rare word costs the walk of
    //    WALK entries (about 0.15 ms for 600).
    // 2. few: up to FEW matches through the index in any order; if that is all of them they are
    //    sorted here.
    // 3. a word with more matches than that, yet too few among the newest to fill the window in
    //    step 1, walks the ids newest first to the end of the window.
    // Each step gives the newest matches by id, so the rows are the same whichever answers (the
    // walk's ORDER BY says so rather than trusting the inner scan's order; the server reads it off
    // the inner scan without a sort). The
    // walks' match is wrapped in CASE so the planner cannot answer it from the index: it guessed a
    // few hundred rows and took every match through the index, then sorted (6,942 rows for "taut
    // band" at 5,000 patients).
    hits: (window, ranked) => {
      const few = FEW_PER_WINDOW * window;
      const walk = WALK_PER_WINDOW * window;
      const matchesIn = (alias: string) => `CASE WHEN ${alias}.tsv @@ (SELECT q FROM q) THEN true END`;
      return `WITH q AS MATERIALIZED (SELECT to_tsquery('english', @match) AS q),
        walked AS MATERIALIZED (SELECT r.id FROM (SELECT m.id, m.tsv FROM note_search m ORDER BY m.id DESC ${limitClause(walk)}) r
          WHERE ${matchesIn('r')} ORDER BY r.id DESC ${limitClause(window)}),
        few AS MATERIALIZED (SELECT m.id FROM note_search m WHERE m.tsv @@ (SELECT q FROM q) LIMIT ${few + 1}),
        picked AS (
          (SELECT id FROM walked WHERE (SELECT count(*) FROM walked) = ${window})
          UNION ALL
          (SELECT id FROM few WHERE (SELECT count(*) FROM walked) < ${window} AND (SELECT count(*) FROM few) <= ${few} ORDER BY id DESC ${limitClause(window)})
          UNION ALL
          (SELECT m.id FROM note_search m WHERE (SELECT count(*) FROM walked) < ${window} AND (SELECT count(*) FROM few) > ${few} AND ${matchesIn('m')}
            ORDER BY m.id DESC ${limitClause(window)}))
        SELECT n.record_kind AS "recordKind", n.record_id AS "recordId", n.source, n.id AS seq, ${ranked ? '-ts_rank(n.tsv, q.q)' : '0'} AS rank, n.body, q.q AS tsq
        FROM picked p JOIN note_search n ON n.id = p.id CROSS JOIN q`;
    },
    snippet: `ts_headline('english', h.body, h.tsq, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=14, MinWords=6, MaxFragments=1, FragmentDelimiter=…')`,
    // Words are letters and digits only (note-search.ts), so no tsquery syntax reaches the server.
    query: (words) => words.map((w) => `${w}:*`).join(' & '),
    // One table: a GIN entry's update does not grow with the clinic as an FTS5 secure delete does (migration 32).
    draftIndex: null,
  },
};

/**
 * How many matches, per row of the window asked for, are taken through the GIN index and sorted
 * rather than found by walking the ids (POSTGRES_DIALECT.noteSearch.hits). Each costs a heap row
 * and a recheck; at 40 the probe alone was most of a common word's search (1,201 rows). At 18,000
 * patients (about 220,000 note entries) a word with more matches than this holds one in every
 * 730 entries or more, so the walk for a page of 30 reads some 22,000 entries at the very worst.
 */
const FEW_PER_WINDOW = 10;

/**
 * How many of the newest entries, per row of the window asked for, are walked before the GIN index
 * is asked (POSTGRES_DIALECT.noteSearch.hits): a word in one entry in 20 or more fills its window
 * there. Walking costs about 0.25 µs an entry at 18,000 patients: a word that matches none of them
 * pays 600 entries (0.15 ms) for a page of 30, 4,000 (about 1 ms) for best match's 200.
 */
const WALK_PER_WINDOW = 20;

/** Thrown to roll the guards' scratch schema back. */
class Discard extends Error {}

/** bigint (count, sum) and numeric arrive as strings from pg; every figure here fits a double. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20 || oid === 1700) return (value: string | null) => (value === null ? null : Number(value));
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

interface Converted {
  text: string;
  names: string[] | null;
  name: string;
}

/**
 * Rewrites `?` and `@name` placeholders to PostgreSQL's `$n`, skipping quoted text, identifiers
 * and comments. Each distinct statement is converted once (the last 512 kept) and prepared once per
 * connection under a name made from its text, so a text converted again is the same prepared statement.
 */
const converted = new Lru<string, Converted>(512);
export function toPostgres(sql: string): Converted {
  const known = converted.get(sql);
  if (known) return known;
  let text = '';
  let positional = 0;
  const names: string[] = [];
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end === -1 ? sql.length : end;
      text += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      text += `$${++positional}`;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_]\w*/.exec(sql.slice(i + 1))![0];
      let index = names.indexOf(name);
      if (index === -1) index = names.push(name) - 1;
      text += `$${index + 1}`;
      i += name.length;
    } else {
      text += c;
    }
  }
  if (positional > 0 && names.length > 0) throw new Error('A statement uses either ? or @name placeholders, not both');
  const result = { text, names: names.length ? names : null, name: `nb_${createHash('sha1').update(text).digest('hex').slice(0, 24)}` };
  converted.set(sql, result);
  return result;
}

function values(c: Converted, params: Params | undefined): unknown[] {
  // Named values for a statement that, as built this time, uses none of them (a filter left out).
  if (params === undefined || (!c.names && !Array.isArray(params))) return [];
  if (c.names) {
    const named = params as Record<string, unknown>;
    return c.names.map((n) => {
      if (!(n in named)) throw new Error(`Missing named parameter "${n}"`);
      return named[n] ?? null;
    });
  }
  return (params as readonly unknown[]).map((v) => v ?? null);
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * The statements of one savepoint or transaction sent without being awaited (`Db.later`, and the
 * SAVEPOINT, BEGIN and RELEASE around them). A transaction's connection runs in pipeline mode:
 * each statement is written at once, behind those before it, and the server answers them in
 * order; so these cost no wait of their own. Each is awaited before its savepoint or transaction
 * ends, and the first that failed fails it.
 */
class Sent {
  private readonly answers: Promise<unknown>[] = [];
  /** The failure of the earliest statement sent that failed: answers settle in the order sent, but their handlers need not run in it. */
  private failure: { at: number; error: unknown } | null = null;

  add(answer: Promise<unknown>): void {
    const at = this.answers.length;
    this.answers.push(
      answer.catch((error: unknown) => {
        if (!this.failure || at < this.failure.at) this.failure = { at, error };
      }),
    );
  }

  /** Waits for every answer; throws the first failure. */
  async settle(): Promise<void> {
    await Promise.all(this.answers);
    if (this.failure) throw this.failure.error;
  }

  /**
   * After `error` ended the work early: every answer waited for, and the error that came first —
   * a statement sent earlier that failed makes every later one fail with "current transaction is
   * aborted", which says nothing of why.
   */
  async cause(error: unknown): Promise<unknown> {
    await Promise.all(this.answers);
    return this.failure && (error as { code?: string } | null)?.code === '25P02' ? this.failure.error : error;
  }
}

/**
 * A transaction's connection that writes the statements issued in one turn of the event loop
 * together: the socket is corked at the first and uncorked once the turn's code has run, so a
 * read's five statements, or a save's `later` writes and the read behind them, leave in one
 * system call. Each write to a socket costs a system call and wakes the server; on the build
 * machine that was most of the app's own time in a PostgreSQL save (issue 38).
 */
function corkedPerTurn(client: pg.PoolClient): Queryable {
  const stream = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
  if (!stream?.cork || !stream.uncork) return client;
  let corked = false;
  const uncork = () => {
    corked = false;
    stream.uncork!();
  };
  const query = (...args: unknown[]) => {
    if (!corked) {
      corked = true;
      stream.cork!();
      process.nextTick(uncork);
    }
    return (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
  };
  return { query: query as pg.PoolClient['query'] };
}

class PostgresDb implements Db {
  readonly dialect = POSTGRES_DIALECT;
  constructor(
    protected readonly q: Queryable,
    private readonly depth: number,
    /** Where `later` statements are kept: null outside a transaction. */
    private readonly sent: Sent | null,
  ) {}

  protected async query<T extends pg.QueryResultRow>(sql: string, params?: Params): Promise<pg.QueryResult<T>> {
    const c = toPostgres(sql);
    try {
      return await this.q.query<T>({ name: c.name, text: c.text, values: values(c, params) });
    } catch (error) {
      throw pgFault(error);
    }
  }

  async all<T>(sql: string, params?: Params): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }
  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }
  async run(sql: string, params?: Params): Promise<{ changes: number }> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }
  async later(sql: string, params?: Params): Promise<void> {
    if (this.sent) this.sent.add(this.query(sql, params));
    else await this.query(sql, params);
  }
  async insert(sql: string, params?: Params): Promise<number> {
    return Number((await this.query<{ id: number }>(`${sql} RETURNING id`, params)).rows[0]!.id);
  }
  async exec(sql: string): Promise<void> {
    try {
      await this.q.query(sql);
    } catch (error) {
      throw pgFault(error);
    }
  }

  /** A savepoint: SAVEPOINT goes out ahead of the first statement and RELEASE with the last answers, with no wait of their own. */
  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const name = `needlebook_${this.depth}`;
    const sent = new Sent();
    sent.add(this.q.query(`SAVEPOINT ${name}`));
    try {
      const result = await fn(new PostgresDb(this.q, this.depth + 1, sent));
      sent.add(this.q.query(`RELEASE SAVEPOINT ${name}`));
      await sent.settle();
      return result;
    } catch (error) {
      const cause = await sent.cause(error);
      await this.q.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw cause;
    }
  }
}

/**
 * Two seats signing at the same moment both claim the next ledger row; the second meets the
 * primary key (db/migrations/0013_ledger_and_reopening.ts) if the ledger lock (needlebook_seal, migrations 25 and 29)
 * was ever bypassed. Nothing of it was saved: say so.
 */
function raceAsDomain(error: unknown): unknown {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === 'signed_ledger_pkey'
    ? new DomainError('busy', 'Another record was signed at the same moment. Nothing was saved; sign again.')
    : error;
}

/** The URL with its password removed: what may be shown, logged or stored. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/**
 * The clinic engine: a pool of connections to the clinic's PostgreSQL server. Calls run at
 * once on free connections; a transaction holds one connection from BEGIN to COMMIT.
 */
class PostgresEngine extends PostgresDb implements Engine {
  readonly kind = 'postgres' as const;
  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
    private readonly feed: ChangeFeed,
    private readonly config: pg.ClientConfig,
  ) {
    super(pool, 1, null);
  }

  /** Whether this seat's login takes `password`: a fresh connection tries it (unlocking a seat, db/session.ts). */
  async verifyLogin(password: string): Promise<boolean> {
    // In the URL: pg reads the password from a connection string over any given beside it.
    const url = new URL(this.config.connectionString!);
    url.password = encodeURIComponent(password);
    const client = new pg.Client({ ...this.config, connectionString: url.toString() });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return true;
    } catch (error) {
      const fault = pgFault(error);
      if (fault instanceof DomainError && fault.code === 'forbidden') return false;
      throw fault;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  override async transaction<T>(fn: (tx: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw pgFault(error);
    }
    let broken = false;
    const sent = new Sent();
    try {
      // BEGIN goes out ahead of the first statement and COMMIT behind the last answers (pipeline
      // mode), so neither costs a wait of its own. The setting lasts to this transaction's end.
      const q = corkedPerTurn(client);
      sent.add(q.query(options.waitForDisk === false ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN'));
      const result = await fn(new PostgresDb(q, 1, sent));
      // COMMIT of a transaction a statement failed in answers ROLLBACK, not an error: the
      // statements' own answers say whether it committed.
      sent.add(q.query('COMMIT'));
      await sent.settle();
      return result;
    } catch (error) {
      const cause = await sent.cause(error);
      // A connection the server dropped cannot roll back: it is thrown away, and nothing was committed.
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw raceAsDomain(pgFault(cause));
    } finally {
      client.release(broken);
    }
  }

  /** Who else changed what, and whether the server answers (db/engine/postgres-changes.ts). */
  changes(): ChangeState {
    return this.feed.current();
  }

  listen(): Promise<void> {
    return this.feed.listen();
  }

  async schemaVersion(): Promise<number> {
    return (await this.get<{ version: number }>('SELECT version FROM needlebook_schema'))?.version ?? 0;
  }

  async check(): Promise<string> {
    const row = await this.get<{ ok: number }>('SELECT 1 AS ok');
    return row?.ok === 1 ? 'ok' : 'no answer';
  }

  async close(): Promise<void> {
    await this.feed.close();
    await this.pool.end();
  }
}

export type { PostgresEngine };

export interface PostgresOptions extends MigrateOptions {
  /** Put every table in this schema (tests give each database its own). */
  schema?: string;
  /** Connections kept open at most. */
  max?: number;
  /** How long a connection above the kept ones (WARM_CONNECTIONS) stays idle before it is closed, ms (10 s unless a test shortens it). */
  idleMs?: number;
}

/**
 * The connections a seat keeps open through a pause; the pool closes those above them after 10 s
 * idle. Each new one costs a TLS handshake and the login, and the server reads its catalog and
 * plans each statement afresh on it: Review's first call after a practitioner's pause of more than
 * 10 s took 18.7 ms on a new connection against 4-12 ms on a kept one (issue 38). Four, as the
 * window's screens read about that many at once.
 */
const WARM_CONNECTIONS = 4;

/** Connects to the clinic's PostgreSQL and brings its schema up to date. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresEngine> {
  const config: pg.ClientConfig = {
    connectionString: url,
    types: TYPES,
    application_name: 'needlebook',
    ...(options.schema ? { options: `-c search_path="${options.schema}"` } : {}),
  };
  // A server that does not answer is said so within seconds, not after the system's minutes-long TCP
  // timeout. Set on each connection only: on the pool it would also cut short a wait for a free one.
  const timed = { ...config, connectionTimeoutMillis: 5000 };
  class TimedClient extends pg.Client {
    constructor(given: pg.ClientConfig = {}) {
      super({ ...given, connectionTimeoutMillis: timed.connectionTimeoutMillis });
    }
  }
  // Pipeline mode: a statement is written to the connection as soon as it is issued, behind any not
  // yet answered (a transaction's `later` writes, BEGIN, SAVEPOINT, reads issued together).
  const max = options.max ?? 8;
  const pool = new pg.Pool({
    ...config,
    pipeline: true,
    max,
    min: Math.min(WARM_CONNECTIONS, max),
    ...(options.idleMs ? { idleTimeoutMillis: options.idleMs } : {}),
    Client: TimedClient,
  });
  // An idle connection that the server drops must not take the process down; the next call reconnects.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, options.schema ?? null, options.targetVersion);
    } finally {
      client.release();
    }
    return new PostgresEngine(pool, redactUrl(url), new ChangeFeed(timed), timed);
  } catch (error) {
    await pool.end();
    throw pgFault(error);
  }
}
