import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import type { ServiceImpl } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import type { Outcome } from '../../shared/outcome';
import type { DbContext } from '../../db/context';
import { openPostgres } from '../../db/engine/postgres';
import { openSqlite } from '../../db/engine/sqlite';
import type { Engine, EngineKind } from '../../db/engine/types';
import type { MigrateOptions } from '../../db/migrate';
import { createService } from '../../db/service';
import { testClock } from './clock';

/**
 * The engine this run of the integration suite is on: the test runner runs the suite once per
 * engine (tests/vitest.config.ts), PostgreSQL when NEEDLEBOOK_TEST_PG names a server.
 */
export const TEST_ENGINE: EngineKind = process.env.NEEDLEBOOK_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** A fresh database with every migration: `:memory:` on SQLite, a schema of its own on PostgreSQL. */
export async function testEngine(options: MigrateOptions = {}): Promise<Engine> {
  if (TEST_ENGINE === 'sqlite') return openSqlite(':memory:', options);
  const url = process.env.NEEDLEBOOK_TEST_PG;
  if (!url) throw new Error('NEEDLEBOOK_TEST_ENGINE=postgres needs NEEDLEBOOK_TEST_PG (a postgres:// URL)');
  const engine = await openPostgres(url, { ...options, schema: `t_${randomBytes(8).toString('hex')}`, max: 3 });
  closeAfterTest(engine);
  return engine;
}

/** Connections are returned when the test ends, so a long run never exhausts the server. */
function closeAfterTest(engine: Engine): void {
  try {
    onTestFinished(() => engine.close());
  } catch {
    // Outside a test (a beforeAll): the caller closes it.
  }
}

/** A database with every migration, a standing clock and a fixed actor. */
export async function testDb(options: MigrateOptions = {}) {
  const db = await testEngine(options);
  const clock = testClock();
  const ctx: DbContext = { db, now: clock.now, actor: 'test' };
  const service: ServiceImpl = createService(ctx, { appVersion: 'test', databaseFile: db.location, schemaVersion: () => db.schemaVersion() });
  /** Calls a channel the way the UI does: unknown input through the contract's schema. */
  const call = (channel: string, input: unknown): Promise<Outcome<unknown>> =>
    dispatch(service, channel, input, (e) => {
      throw e;
    });
  return { db, clock, ctx, service, call };
}

export type TestDb = Awaited<ReturnType<typeof testDb>>;

export function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}

export function errorOf<T>(outcome: Outcome<T>) {
  if (outcome.ok) throw new Error('expected an error, got ok');
  return outcome.error;
}

/**
 * A database that can be closed and opened again at a chosen version: a temporary file on SQLite,
 * a schema of its own on PostgreSQL. `raw` runs SQL outside Needlebook (as another tool would).
 */
export function reopenableDb() {
  const tag = randomBytes(8).toString('hex');
  if (TEST_ENGINE === 'sqlite') {
    const file = join(mkdtempSync(join(tmpdir(), 'needlebook-mig-')), 'clinic.db');
    return {
      /** What `--db` and openHost take for this database. */
      target: file,
      open: async (options: MigrateOptions = {}): Promise<Engine> => openSqlite(file, options),
      raw: async (sql: string): Promise<unknown[]> => {
        const db = new BetterSqlite3(file);
        try {
          return /^(SELECT|PRAGMA \w+$)/i.test(sql.trim()) ? db.prepare(sql).all() : (db.exec(sql), []);
        } finally {
          db.close();
        }
      },
    };
  }
  const url = process.env.NEEDLEBOOK_TEST_PG!;
  const schema = `m_${tag}`;
  const target = new URL(url);
  target.searchParams.set('options', `-c search_path=${schema}`);
  return {
    target: target.toString(),
    open: (options: MigrateOptions = {}): Promise<Engine> => openPostgres(url, { ...options, schema, max: 2 }),
    raw: async (sql: string): Promise<unknown[]> => {
      const client = new pg.Client({ connectionString: url, options: `-c search_path="${schema}"` });
      await client.connect();
      try {
        const result = await client.query(sql);
        return Array.isArray(result) ? [] : result.rows;
      } finally {
        await client.end();
      }
    },
    schema,
  };
}
