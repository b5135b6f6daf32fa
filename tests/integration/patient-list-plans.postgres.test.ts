import { describe, expect, it, vi } from 'vitest';
import type { PatientPage } from '../../shared/patient';
import { testDb, valueOf, type TestDb } from '../support/db';

/**
 * PostgreSQL uses an index for a comparison or an ORDER BY only when the index's collation is the
 * expression's. Migration 1 built the patient list's date indexes in "C" on columns left in the
 * database's default, so the list by date of birth sorted every patient and a search by date of
 * birth read every row (issue 38, 11.9 and 10.6 ms p95 at 18,000 patients); migration 32 puts
 * the columns in "C".
 */
describe('patient list by date of birth reads its index (PostgreSQL)', () => {
  it('has no index whose key is a column in another collation than the column', async () => {
    const t = await testDb();
    const mismatched = await t.db.all<{ index: string; column: string }>(
      `SELECT i.indexrelid::regclass::text AS index, a.attname AS column
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indrelid
         CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indcollation::oid[]) AS k(attnum, coll)
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE c.relnamespace = current_schema()::regnamespace AND k.attnum > 0 AND k.coll <> 0 AND k.coll <> a.attcollation
        ORDER BY 1, 2`,
    );
    expect(mismatched).toEqual([]);
  });

  /**
   * The plan of each statement on patients the call sends, the server kept from reading a table
   * whole (a few rows here; the plans wanted are those of thousands) and, when asked, from sorting.
   */
  async function plansOf(t: TestDb, channel: string, input: unknown, noSort: boolean): Promise<string[]> {
    const sent: [string, unknown][] = [];
    // On the class every connection's statements go through, a transaction's (an audited read's) included.
    const statements = Object.getPrototypeOf(Object.getPrototypeOf(t.db)) as Pick<TestDb['db'], 'all' | 'get'>;
    const all = vi.spyOn(statements, 'all');
    const get = vi.spyOn(statements, 'get');
    const page = valueOf(await t.call(channel, input)) as PatientPage;
    for (const spy of [all, get]) for (const c of spy.mock.calls) sent.push([c[0], c[1]]);
    all.mockRestore();
    get.mockRestore();
    expect(page.rows.length).toBeGreaterThan(0);
    const plans: string[] = [];
    for (const [sql, params] of sent.filter(([s]) => /FROM patient p/.test(s))) {
      await t.db.transaction(async (tx) => {
        await tx.run('SET LOCAL enable_seqscan = off');
        if (noSort) await tx.run('SET LOCAL enable_sort = off');
        const rows = await tx.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params as unknown[]);
        plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
      });
    }
    return plans;
  }

  it('pages by date of birth and finds a date of birth through patient_by_birth, without a sort', async () => {
    const t = await testDb();
    for (const [firstName, dateOfBirth] of [
      ['Ana', '1990-04-02'],
      ['Bea', '1984-03-07'],
      ['Cy', '1975-11-30'],
    ])
      valueOf(await t.call('savePatient', { firstName, lastName: 'Reyes', dateOfBirth, sex: 'female' }));
    const list = await plansOf(t, 'listPatients', { sort: 'dateOfBirth', direction: 'desc', limit: 25 }, true);
    const page = list.find((p) => /ORDER BY|Limit/.test(p) && !/Aggregate/.test(p.split('\n')[0]!))!;
    expect(page).toMatch(/Index Scan Backward using patient_by_birth/);
    // The next race's subquery sorts a patient's few races; the page itself must not sort.
    expect(page.split('SubPlan')[0]).not.toMatch(/Sort/);
    const search = await plansOf(t, 'listPatients', { search: '3/7/1984', limit: 25 }, false);
    expect(search.length).toBe(2);
    for (const plan of search) expect(plan).toMatch(/Index Cond: \(date_of_birth = /);
  });
});
