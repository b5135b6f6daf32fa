import { describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/patient';
import type { ReviewPage } from '../../shared/review';
import { TEST_ENGINE, valueOf } from '../support/db';
import { itbsClinic, type ItbsClinic } from '../support/charting';

/**
 * A patient's edit rewrites the case's Review row only when it changes what the row shows: the
 * name, the training phase, archiving (db/migrations/0023_patient_review_trigger.ts) or a race
 * (db/queries/patients.ts writes only the races that changed). Rewrites are counted by a trigger
 * of the test's own on `review_row`: a row is rewritten by a delete and an insert.
 */
async function countRewrites(t: ItbsClinic): Promise<() => Promise<number>> {
  await t.db.run('CREATE TABLE review_writes (case_id integer NOT NULL)');
  if (TEST_ENGINE === 'postgres') {
    await t.db.run(
      'CREATE FUNCTION count_review_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO review_writes VALUES (NEW.case_id); RETURN NULL; END $$',
    );
    await t.db.run('CREATE TRIGGER count_review_write AFTER INSERT ON review_row FOR EACH ROW EXECUTE FUNCTION count_review_write()');
  } else {
    await t.db.run('CREATE TRIGGER count_review_write AFTER INSERT ON review_row BEGIN INSERT INTO review_writes VALUES (NEW.case_id); END');
  }
  return async () => Number((await t.db.get<{ n: number | string }>('SELECT count(*) AS n FROM review_writes WHERE case_id = ?', [t.careCase.id]))!.n);
}

describe(`a patient's edit and the Review rows (${TEST_ENGINE})`, () => {
  const save = async (t: ItbsClinic, change: Record<string, unknown>) => {
    const current = valueOf(await t.call('getPatient', { id: t.ana.id })) as Patient;
    const { archivedAt: _a, createdAt: _c, updatedAt: _u, ...input } = current;
    return valueOf(await t.call('savePatient', { ...input, ...change })) as Patient;
  };
  const reviewRow = async (t: ItbsClinic) => (valueOf(await t.call('reviewCases', {})) as ReviewPage).rows.find((r) => r.caseId === t.careCase.id)!;

  it('leaves the row as it is for contact and training details, and rewrites it for the name, the phase and a race', async () => {
    const t = await itbsClinic();
    await save(t, { races: [{ name: 'Portland Marathon', date: '2026-10-04', distance: 'Marathon' }] });
    await reviewRow(t);
    const rewrites = await countRewrites(t);

    // The same races (by id), a new phone and mileage: nothing Review shows has changed.
    const saved = await save(t, { phone: '555-0100', weeklyVolume: 42, primarySport: 'Trail running' });
    expect(saved).toMatchObject({ phone: '555-0100', weeklyVolume: 42, primarySport: 'Trail running' });
    expect(await rewrites()).toBe(0);

    // Each of these changes what the row shows: it is written again in the same save.
    const changes: [string, Record<string, unknown>][] = [
      ['last name', { lastName: 'Reyes-Ortiz' }],
      ['training phase', { trainingPhase: 'taper' }],
      ['race date', { races: [{ ...saved.races[0]!, date: '2026-10-11' }] }],
    ];
    for (const [i, [what, change]] of changes.entries()) {
      await save(t, change);
      expect(await rewrites(), what).toBe(i + 1);
    }
    expect((await reviewRow(t)).patientName).toBe('Ana Reyes-Ortiz');
    expect(await t.db.all('SELECT case_id FROM review_stale')).toEqual([]);
  });
});
