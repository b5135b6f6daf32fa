import type { RawDb as Database } from './engine/cipher';
import type { PoolClient } from 'pg';
import { DomainError } from '../shared/outcome';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import { CONSENT_LEDGER_VERSION, LEDGER_VERSION, runSealSync, runSealAsync, sealBeforeLedger, sealConsentsOnFile } from './queries/ledger-seal';

export class DatabaseTooNewError extends Error {
  constructor(readonly fileVersion: number) {
    super(
      `This database was written by a newer Needlebook (schema version ${fileVersion}); ` +
        `this copy understands up to version ${LATEST_VERSION}. Update Needlebook to open it — nothing was changed.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

/**
 * The version number was set back below what the database's own migration record (migration 26's
 * `schema_history`) shows it reached: upgrading would re-run migrations that already ran. Said
 * plainly, and nothing is changed.
 */
export class SchemaSetBackError extends DomainError {
  constructor(
    readonly fileVersion: number,
    readonly recorded: number,
  ) {
    super(
      'conflict',
      `This database's schema version was set back to ${fileVersion}, but its own migration record shows it reached version ${recorded}: ` +
        'it was changed outside Needlebook. Nothing was changed. Restore the latest backup, or run needlebook check to see what else was changed.',
    );
    this.name = 'SchemaSetBackError';
  }
}

/** What `needlebook check` says of a version lower than the database's own migration record, or null. */
export const setBackLine = (version: number, recorded: number | null): string | null =>
  recorded !== null && recorded > version
    ? `schema version ${version} is lower than this database's own migration record (${recorded}): it was set back outside Needlebook`
    : null;

/** SQLite: the highest version in the file's own migration record, or null where there is none (before version 26). */
export function recordedVersionSqlite(db: Database): number | null {
  if (!hasHistorySqlite(db)) return null;
  return (db.prepare('SELECT max(version) AS v FROM schema_history').get() as { v: number | null }).v;
}

const hasHistorySqlite = (db: Database) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_history'").get() !== undefined;
const hasHistoryPostgres = async (client: Pick<PoolClient, 'query'>) =>
  (await client.query<{ t: string | null }>("SELECT to_regclass('schema_history')::text AS t")).rows[0]!.t !== null;

/** PostgreSQL: the same, in the current schema. */
export async function recordedVersionPostgres(client: Pick<PoolClient, 'query'>): Promise<number | null> {
  if (!(await hasHistoryPostgres(client))) return null;
  return (await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_history')).rows[0]!.v;
}

/**
 * What `needlebook check` says of a database's schema version, on either engine. A version set
 * back below the database's own migration record is not one an upgrade may start from.
 */
export function schemaVersionLine(version: number, recorded: number | null = null): string {
  const note =
    recorded !== null && recorded > version
      ? ' — set back; Needlebook will not open it'
      : version > LATEST_VERSION
        ? ' — newer than this Needlebook; update to open it'
        : version < LATEST_VERSION
          ? ' — will be upgraded when the app opens it'
          : '';
  return `schema version: ${version} (this Needlebook: ${LATEST_VERSION})${note}`;
}

export interface MigrateOptions {
  /** Stop at this schema version (tests of migrations only). */
  targetVersion?: number;
}

function plan(current: number, target: number, recorded: number | null): boolean {
  if (recorded !== null && recorded > current) throw new SchemaSetBackError(current, recorded);
  if (current > LATEST_VERSION) throw new DatabaseTooNewError(current);
  if (target < current) throw new Error(`Cannot migrate backwards from ${current} to ${target}`);
  return current < target;
}

/**
 * SQLite: brings the file forward to `target` (the latest by default). All pending migrations run
 * in one transaction, and the foreign-key check runs inside it, before COMMIT: a failure leaves the
 * file exactly as it was. Foreign keys are off for the run, as SQLite's documented procedure for
 * table rebuilds requires (the pragma cannot change inside a transaction), and back on after.
 */
export function migrateSqlite(db: Database, target = LATEST_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (!plan(current, target, recordedVersionSqlite(db))) return current;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (let v = current + 1; v <= target; v++) db.exec(MIGRATIONS[v - 1]!.sqlite);
      // The run that adds the ledger seals what was signed before it, once, as part of the upgrade.
      if (current < LEDGER_VERSION && target >= LEDGER_VERSION) {
        runSealSync(sealBeforeLedger(new Date().toISOString(), target), (sql, params) => db.prepare(sql).all(...params) as Record<string, unknown>[]);
      }
      // The run that makes consents records seals those already on file, once (migration 25).
      if (current < CONSENT_LEDGER_VERSION && target >= CONSENT_LEDGER_VERSION) {
        runSealSync(sealConsentsOnFile(new Date().toISOString()), (sql, params) => db.prepare(sql).all(...params) as Record<string, unknown>[]);
      }
      if (hasHistorySqlite(db)) {
        db.prepare('INSERT INTO schema_history (version, from_version, applied_at) VALUES (?, ?, ?)').run(target, current, new Date().toISOString());
      }
      const problems = db.pragma('foreign_key_check') as unknown[];
      if (problems.length > 0) throw new Error(`Migration to ${target} would leave ${problems.length} broken references; nothing was changed`);
      // user_version lives in the file header and is part of this transaction.
      db.pragma(`user_version = ${target}`);
    })();
  } finally {
    db.pragma('foreign_keys = ON');
  }
  return target;
}

/** Any fixed number: two seats opening a new clinic database at once take turns migrating it. */
const MIGRATION_LOCK = 4_151_702;

/**
 * PostgreSQL: the same numbered list, its `postgres` text. The version lives in a one-row table;
 * every pending migration and the version bump commit together (PostgreSQL's DDL is
 * transactional), and foreign keys are checked as each statement runs.
 */
export async function migratePostgres(client: PoolClient, schema: string | null, target = LATEST_VERSION): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // A clinic seat may not create tables: the version table is made only where there is none yet.
    const made = (await client.query<{ t: string | null }>("SELECT to_regclass('needlebook_schema')::text AS t")).rows[0]!.t;
    if (!made) await client.query('CREATE TABLE needlebook_schema (version integer NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT version FROM needlebook_schema')).rows[0];
    const current = row?.version ?? 0;
    if (!row) await client.query('INSERT INTO needlebook_schema (version) VALUES (0)');
    if (plan(current, target, await recordedVersionPostgres(client))) {
      // A clinic seat may not change the schema: the administrator upgrades it (docs/clinic-mode.md).
      const owner = (
        await client.query<{ owns: boolean }>(
          "SELECT pg_has_role(current_user, relowner, 'MEMBER') AS owns FROM pg_class WHERE oid = 'needlebook_schema'::regclass",
        )
      ).rows[0]!.owns;
      if (!owner) {
        throw new DomainError(
          'conflict',
          `The clinic database is at version ${current} and this Needlebook needs ${target}. The clinic’s administrator upgrades it first: npx needlebook clinic init --url … with the login that owns its tables.`,
        );
      }
      for (let v = current + 1; v <= target; v++) await client.query(MIGRATIONS[v - 1]!.postgres);
      const query = async (sql: string, params: unknown[]) => {
        let n = 0;
        return (
          await client.query<Record<string, unknown>>(
            sql.replace(/\?/g, () => `$${++n}`),
            params,
          )
        ).rows;
      };
      // The same seals as on a file, hashed as the app hashes (the server's own hash is the same, migration 25).
      if (current < LEDGER_VERSION && target >= LEDGER_VERSION) await runSealAsync(sealBeforeLedger(new Date().toISOString(), target), query);
      if (current < CONSENT_LEDGER_VERSION && target >= CONSENT_LEDGER_VERSION) await runSealAsync(sealConsentsOnFile(new Date().toISOString()), query);
      if (await hasHistoryPostgres(client)) {
        await client.query('INSERT INTO schema_history (version, from_version, applied_at) VALUES ($1, $2, $3)', [target, current, new Date().toISOString()]);
      }
      await client.query('UPDATE needlebook_schema SET version = $1', [target]);
    }
    await client.query('COMMIT');
    return Math.max(current, target);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
