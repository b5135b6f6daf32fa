/**
 * The storage layer's one interface. Query modules write portable SQL against `Db` and never
 * know which engine runs it; what differs by engine lives in the engine's own files
 * (db/engine/sqlite.ts, db/engine/postgres.ts) and its `Dialect`.
 *
 * Parameters are positional (`?`) as an array, or named (`@name`) as an object.
 */
export type Params = readonly unknown[] | Record<string, unknown>;

export type EngineKind = 'sqlite' | 'postgres';

/** The few SQL fragments that cannot be written once for both engines. */
export interface Dialect {
  kind: EngineKind;
  /** `column IN <the list bound to this one parameter>`; bind `ids(values)` to it. */
  inIds(column: string): string;
  ids(values: readonly number[]): unknown;
  /**
   * `column IN (subquery)`, where the subquery yields a few ids read off an index: each id is then
   * looked up on the column's index. PostgreSQL's planner guesses how many ids such a subquery
   * yields from its statistics and, at a few hundred, reads the whole table into a hash (or walks
   * it in the page's order) instead; an array it cannot see into it looks up one by one.
   */
  inQuery(column: string, subquery: string): string;
  /** A JSON object built in SQL from alternating key literals and expressions. */
  jsonObject(pairs: readonly [key: string, expression: string][]): string;
  /** The column that keeps rows of a keyless child table in insertion order. */
  insertionOrder: string;
  /**
   * Full-text search over notes. `hits(window, ranked, page)` takes the search text as `@match`
   * and yields the newest `window` matches (most recently written first; the limits are written in,
   * db/engine/paging.ts) with recordKind, recordId, source, seq (larger is newer) and rank (best
   * first, ascending; 0 for all unless `ranked`) — or, ranked, the best `page` of those `window`
   * matches; `snippet` is read from those rows as `h`; `query` turns words into the engine's search text.
   * `draftIndex` is where unsigned records' entries are kept apart from the signed ones' (SQLite's
   * note_draft_search, migration 32: a draft's rewrites stay out of the big index), null where
   * every entry is in note_search (PostgreSQL).
   */
  noteSearch: {
    hits(window: number, ranked: boolean, page: number): string;
    snippet: string;
    query(words: readonly string[]): string;
    draftIndex: string | null;
  };
  /**
   * Where the database seals signed records itself (PostgreSQL, migration 25: triggers append to
   * the ledger, which no login may write), the server function that hashes a record as it sealed
   * it; null where the app seals and hashes (SQLite).
   */
  serverSeals: string | null;
  /**
   * Where the server seals, its function that hashes a run of one kind's signed records in one
   * statement (kind, after this id, how many; migration 36), byte for byte as `serverSeals` hashes
   * each: what the whole ledger's verification calls, a chunk at a time. Null on SQLite.
   */
  serverHashes: string | null;
  /** What the engine's own catalog says, and how its schema objects are named (guards, transfers, checks). */
  catalog: {
    /** The app's tables, as `name`, less the engine's own (and the search index's storage). */
    tables: string;
    /** One table's columns in order, as `name`; its one `?` is the table. */
    columns: string;
    /** One row when a table exists; its one `?` is the table. */
    hasTable: string;
    /** The schema the connection works in, as `s` (a file has one, nameless). */
    schema: string;
    /** The column that orders a table's rows as they were written, where the table has an id. */
    writtenOrder: (columns: readonly string[], renumbered: boolean) => string;
    /** Takes a trigger away; `table` is the one it is on. */
    dropTrigger: (name: string, table: string) => string;
  };
  /** Set for the tables' owner moving a solo file in (db/clinic/transfer.ts), where the server keeps that switch; null on a file. */
  importSwitch: string | null;
  /** After rows came in with their ids: each table's numbering goes on after the highest (null where rowid does it). */
  renumberAfterImport: string | null;
  /**
   * After a clinic's records came in, run outside a transaction by the tables' owner: the tables
   * made ready for the planner and for reads from their indexes alone (null where nothing is owed).
   */
  settleAfterImport: ((tables: readonly string[]) => string) | null;
  /**
   * Inside one long transaction of writes (the demo clinic, db/demo/demo.ts): the planner's
   * statistics brought up to the rows it has written so far, as the server's own autovacuum keeps
   * them after the commits of a day's use (null where the planner keeps none).
   */
  statisticsWithin: string | null;
  /** Whether logins are people (clinic seats, db/clinic/seat.ts): a file has no logins. */
  seats: boolean;
  /**
   * Where transactions write side by side (PostgreSQL), a statement that makes those rewriting many
   * of `table`'s rows take turns, held to COMMIT; null where one writes at a time anyway (SQLite).
   */
  turnsOn: ((table: string) => string) | null;
  /** Appended to a SELECT that locks the rows it reads, in the order it reads them ('' where a write locks the whole file). */
  forUpdate: string;
  /**
   * Where the guards are read (db/guards.ts): the triggers as `name`, `table`, `sql` (and `enabled`),
   * the functions they call where the engine has them (as `name`, `sql`, `definition`, the schema's
   * own name written as SCHEMA_MARK), and a database built fresh from the migrations to read what
   * they should be — an in-memory file, or a scratch schema in a transaction rolled back. `tag` is
   * appended to every statement read in the twin: a PostgreSQL connection keeps a prepared statement
   * with the search path it was prepared under.
   */
  guards: {
    triggers: string;
    functions: string | null;
    freshTwin<T>(db: Db, read: (twin: Db, tag: string) => Promise<T>): Promise<T>;
  };
}

/** How a guard function's definition names the schema it lives in, so a scratch schema's and the clinic's compare. */
export const SCHEMA_MARK = '@schema@';

export interface TransactionOptions {
  /**
   * False for a transaction that only records that something was read (an access audit row): it
   * commits without waiting for the disk — SQLite's \`synchronous = NORMAL\` for that commit,
   * PostgreSQL's \`synchronous_commit = off\`. It is still all or nothing, and it is on disk once
   * the next write that waits commits (SQLite: the write-ahead log is flushed in order) or within a
   * second (PostgreSQL's WAL writer). A power cut in between can lose only such rows, never a
   * note, a signature or a bill. Each audited read costs a tenth of a millisecond instead of an
   * fsync (docs/performance.md). Ignored inside a transaction: the outer one decides.
   */
  waitForDisk?: boolean;
}

export interface Db {
  readonly dialect: Dialect;
  /** Set when the database may not be written (a damaged file opened read-only): why, said to the user. */
  readonly readOnly?: string;
  all<T>(sql: string, params?: Params): Promise<T[]>;
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  run(sql: string, params?: Params): Promise<{ changes: number }>;
  /**
   * A write whose answer nothing reads — an audit row, the DELETE before the rows that replace it.
   * Inside a transaction on PostgreSQL it is written to the connection at once and the promise is
   * settled at once: the statements after it follow without waiting for its answer (pipeline
   * mode), and its answer is checked before the savepoint or transaction it belongs to ends, so a
   * failure fails the action as an awaited statement would. Outside a transaction, and on SQLite,
   * the promise is the statement's own outcome.
   */
  later(sql: string, params?: Params): Promise<void>;
  /** Runs an INSERT and returns the new row's id (`RETURNING id` on both engines). */
  insert(sql: string, params?: Params): Promise<number>;
  /** Runs several statements with no parameters (migrations, tests). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: the whole of it commits, or none of it. Inside a transaction
   * this nests as a savepoint, so a user action inside a larger job still lands whole or not at all.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

export interface Engine extends Db {
  readonly kind: EngineKind;
  /** The file path, or the PostgreSQL URL without its password: safe to show and log. */
  readonly location: string;
  schemaVersion(): Promise<number>;
  /** SQLite's integrity_check, or PostgreSQL's answer that it is reachable and its schema version. */
  check(): Promise<string>;
  /** PostgreSQL: a counter that moves when another seat changes something, and whether the server answers. */
  changes?(): { seq: number; connected: boolean };
  /** PostgreSQL: starts that counter's listening now rather than on its first ask; settles once its first connection is made or failed. */
  listen?(): Promise<void>;
  /** PostgreSQL: whether this connection's login takes the password (unlocking a clinic seat). */
  verifyLogin?(password: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A file path, `:memory:`, or a postgres:// URL: what `--db` and `NEEDLEBOOK_DB` take. */
export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target);
