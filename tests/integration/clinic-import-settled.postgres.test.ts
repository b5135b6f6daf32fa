import { describe, expect, it } from 'vitest';
import { tablesOf, transferRecords } from '../../db/clinic/transfer';
import { createDemoClinic } from '../../db/demo/demo';
import { openSqlite } from '../../db/engine/sqlite';
import { testEngine } from '../support/db';

/**
 * A clinic moved in from a solo file (`needlebook clinic import`) is hundreds of thousands of rows
 * the server has no statistics for and no page of marked all-visible, until its autovacuum comes
 * round to each table. Measured at 18,000 patients, Review's counts, which read the index
 * review_tally alone (migration 29), read the 12 MB of Review's rows instead: 13.6 ms for the
 * statement where it takes 3.3 once vacuumed, and Review's first page 13.2 ms p95 (issue 38). The
 * move makes Review's rows and then vacuums and analyses every table it wrote.
 */
describe('a clinic moved in is ready for its first practitioner (PostgreSQL)', () => {
  it('makes Review’s rows, then vacuums and analyses every table', async () => {
    const source = openSqlite(':memory:');
    const target = await testEngine();
    try {
      await createDemoClinic(source, { today: new Date('2026-11-20T12:00:00Z'), patients: 8 });
      await transferRecords(source, target);
      const active = await target.get<{ n: number }>(
        "SELECT count(*)::int AS n FROM care_case c JOIN patient p ON p.id = c.patient_id WHERE c.status = 'active' AND p.archived_at IS NULL",
      );
      expect(active!.n).toBeGreaterThan(0);
      expect(await target.get('SELECT count(*)::int AS n FROM review_row')).toEqual(active);
      // Whether a page can be marked all-visible depends on every other transaction on the server
      // (an older one open elsewhere keeps it unmarked), so what is asked is that the move vacuumed.
      const unsettled = await target.all<{ table: string }>(
        `SELECT c.relname AS table FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
          WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname = ANY(?::text[])
            AND (s.last_vacuum IS NULL OR s.last_analyze IS NULL)
          ORDER BY 1`,
        [await tablesOf(target)],
      );
      expect(unsettled).toEqual([]);
    } finally {
      await source.close();
    }
  }, 60_000);
});
