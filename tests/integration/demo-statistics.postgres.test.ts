import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoClinic } from '../../db/demo/demo';
import type { Engine } from '../../db/engine/types';
import { testEngine } from '../support/db';

/**
 * The demo charts its clinic in one transaction, seen by no autovacuum before COMMIT: a plan the
 * server keeps from when a table was empty would read it whole at every call as it grows
 * (db/demo/demo.ts, withStatistics). So the demo analyses what it has grown as it writes; the
 * ledger, filled at COMMIT by the deferred seals, is left to the size the planner assumes.
 * PostgreSQL only: SQLite plans each statement from its own statistics, which the demo does not need.
 */
describe("the demo clinic on the clinic's server", () => {
  let db: Engine;
  beforeAll(async () => {
    db = await testEngine();
    await createDemoClinic(db, { today: new Date('2026-11-21T12:00:00') });
  });
  afterAll(() => db.close());

  it('analyses the tables it grows as it writes them, not the ledger it fills at COMMIT', async () => {
    const analysed = async (table: string) =>
      (await db.get<{ at: string | null }>(`SELECT last_analyze::text AS at FROM pg_stat_user_tables WHERE relid = '${table}'::regclass`))!.at !== null;
    for (const table of ['audit_log', 'visit']) expect(await analysed(table), table).toBe(true);
    expect(await analysed('signed_ledger')).toBe(false);
  });
});
