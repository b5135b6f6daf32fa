import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteEngine } from '../../db/engine/sqlite';
import { chartVisit, itbsClinic } from '../support/charting';

/**
 * better-sqlite3 (the cipher build included) builds a fresh row builder, through `Function`, each
 * time SQLite has planned a statement, so counting those calls counts plannings. The first test
 * shows the count sees them (and fails if the driver ever stops building row builders that way);
 * the others show the engine's statements are planned once (db/engine/steady-plans.ts). SQLite
 * 3.54 planned a join with a bare parameter again on every call; 3.53 (the cipher build's) does
 * not, and the engine's statements stay planned once on either.
 */
const original = globalThis.Function;
let built = 0;
function countPlannings(): void {
  built = 0;
  globalThis.Function = new Proxy(original, {
    apply(target, self, args: string[]) {
      built++;
      return Reflect.apply(target, self, args) as unknown;
    },
  });
}
afterEach(() => {
  globalThis.Function = original;
});

const VISIT_WITH_CASE = 'SELECT v.id, c.patient_id AS "patientId" FROM visit v JOIN care_case c ON c.id = v.case_id WHERE v.id = ?';

describe('statements planned once, not on every call (SQLite)', () => {
  it('sees each planning of a join: one per statement prepared afresh', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T09:00');
    const connection = (t.db as SqliteEngine).connection;
    countPlannings();
    for (let i = 0; i < 20; i++) expect(connection.prepare(VISIT_WITH_CASE).get(visit.id)).toEqual({ id: visit.id, patientId: t.ana.id });
    expect(built).toBeGreaterThanOrEqual(20);
  });

  it('plans the same join once through the engine, and answers the same', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T09:00');
    await t.db.get(VISIT_WITH_CASE, [visit.id]);
    countPlannings();
    for (let i = 0; i < 20; i++) expect(await t.db.get(VISIT_WITH_CASE, [visit.id])).toEqual({ id: visit.id, patientId: t.ana.id });
    expect(built).toBe(0);
  });

  it('opens a visit, lists patients, pages Review and searches notes without planning anything again', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T09:00', { subjective: 'Lateral knee pain at mile 6; taut band in TFL.' });
    const calls: [string, unknown][] = [
      ['getVisit', { id: visit.id }],
      ['getCase', { id: t.careCase.id }],
      ['listPatients', { sort: 'name', limit: 25 }],
      ['listPatients', { search: 'ana re', limit: 25 }],
      ['reviewCases', { filter: 'all', sort: 'patient', limit: 50 }],
      ['searchNotes', { query: 'taut band' }],
      ['searchNotes', { query: 'taut band', order: 'best' }],
      ['unsignedNotes', { limit: 50 }],
      ['getVisitBilling', { visitId: visit.id }],
    ];
    const answers = async () => {
      const out = [];
      for (const [channel, input] of calls) {
        const outcome = await t.call(channel, input);
        expect(outcome.ok, `${channel}: ${JSON.stringify(outcome)}`).toBe(true);
        out.push(outcome);
      }
      return out;
    };
    const first = await answers();
    countPlannings();
    const again = await answers();
    expect(built).toBe(0);
    // Each look writes an access row with its own time, so only the answers' shapes are compared.
    expect(again.map((o) => JSON.stringify(o).length)).toEqual(first.map((o) => JSON.stringify(o).length));
  });
});
