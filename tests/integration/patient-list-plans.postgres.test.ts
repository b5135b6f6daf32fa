import { describe, expect, it } from 'vitest';
import { testDb, valueOf } from '../support/db';
import { plansOf } from '../support/plans';

/**
 * PostgreSQL uses an index for a comparison or an ORDER BY only when the index's collation is the
 * expression's. Migration 1 built the patient list's date indexes in "C" on columns left in the
 * database's default, so the list by date of birth sorted every patient and a search by date of
 * birth read every row (issue 38, 11.9 and 10.6 ms p95 at 18,000 patients); migration 33 puts
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

  it('pages by date of birth and finds a date of birth through patient_by_birth, without a sort', async () => {
    const t = await testDb();
    for (const [firstName, dateOfBirth] of [
      ['Ana', '1990-04-02'],
      ['Bea', '1984-03-07'],
      ['Cy', '1975-11-30'],
    ])
      valueOf(await t.call('savePatient', { firstName, lastName: 'Reyes', dateOfBirth, sex: 'female' }));
    const list = await plansOf(t, 'listPatients', { sort: 'dateOfBirth', direction: 'desc', limit: 25 }, /FROM patient p/, { noSort: true });
    const page = list.find((p) => /ORDER BY|Limit/.test(p) && !/Aggregate/.test(p.split('\n')[0]!))!;
    expect(page).toMatch(/Index Scan Backward using patient_by_birth/);
    // The next race's subquery sorts a patient's few races; the page itself must not sort.
    expect(page.split('SubPlan')[0]).not.toMatch(/Sort/);
    const search = await plansOf(t, 'listPatients', { search: '3/7/1984', limit: 25 }, /FROM patient p/);
    expect(search.length).toBe(2);
    for (const plan of search) expect(plan).toMatch(/Index Cond: \(date_of_birth = /);
  });
});

describe('a name search looks its matches up by id (PostgreSQL)', () => {
  /**
   * A name search at 18,000 patients: each word matches a few hundred name parts. Joined word by
   * word to `patient`, the server read every patient into a hash ("ana re": 13.1 ms p95), or, for
   * one word, walked patient_by_name in order until a page had matched ("thorne": 35 ms, every
   * name before the T's). Now the parts alone say who matches every word, and each match is looked
   * up by id: the work is the matches', whatever the clinic's size or where in the alphabet they sort.
   */
  it.each(['ana re', 'reyes'])('looks the patients matching "%s" up by id, for the page and its count', async (search) => {
    const t = await testDb();
    for (const [firstName, lastName] of [
      ['Ana', 'Reyes'],
      ['Ana', 'Okafor'],
      ['Bea', 'Reyes'],
    ])
      valueOf(await t.call('savePatient', { firstName, lastName, dateOfBirth: '1990-04-02', sex: 'female' }));
    const plans = await plansOf(t, 'listPatients', { search, limit: 25 }, /FROM patient p/);
    expect(plans.length).toBe(2);
    for (const plan of plans) {
      const patient = plan.split('\n').findIndex((line) => / on patient p\b/.test(line));
      expect(patient).toBeGreaterThanOrEqual(0);
      // The node that reads `patient` is given the ids to look up, rather than reading the table or an index of it whole.
      expect(plan.split('\n')[patient + 1]).toMatch(/Index Cond: \(id = ANY /);
      expect(plan).not.toMatch(/using patient_by_name/);
    }
  });
});
