import { describe, expect, it } from 'vitest';
import { chartVisit, itbsClinic, signedAssessment } from '../support/charting';
import { TEST_ENGINE, valueOf } from '../support/db';
import { waitsOf } from '../support/waits';
import type { Patient } from '../../shared/patient';

/**
 * On PostgreSQL each statement the app awaits is a wait for the server, a fraction of a
 * millisecond over loopback and more over a clinic's network; at 18,000 patients the timelines
 * took 6.9–7.6 ms p95 and a patient's save 6.1 ms against a target of 5 (issue 38), most of it
 * waits. What a call can ask for at once it sends together, and the writes nothing reads go
 * with the next read (`Db.later`). The grouping is the code's, so it is held on both engines.
 */
describe(`what a call asks for at once (${TEST_ENGINE})`, () => {
  it('opens a case timeline in two waits and the access row: the case, then its records', async () => {
    const t = await itbsClinic();
    await chartVisit(t, '2026-03-02T10:00');
    await signedAssessment(t);
    const waits = await waitsOf(t, 'getCase', { id: t.careCase.id });
    expect(waits.map((w) => w.length)).toEqual([7, 8, 1]);
    expect(waits[0]!.join('\n')).toMatch(/FROM care_case c JOIN patient p/);
    expect(waits[1]!.join('\n')).toMatch(/FROM visit_acupoint/);
    expect(waits[2]![0]).toMatch(/^INSERT INTO audit_log/);
  });

  it('tells the window who is signed in in one wait: the provider, whether sign-in is needed and the clinic’s lock minutes', async () => {
    const t = await itbsClinic();
    valueOf(await t.call('signIn', { providerId: t.mara.id }));
    const waits = await waitsOf(t, 'session', {});
    expect(waits.length).toBe(1);
    expect(waits[0]!.join('\n')).toMatch(/FROM provider WHERE active/);
    expect(waits[0]!.join('\n')).toMatch(/FROM clinic/);
  });

  it('saves a patient in two waits and the review rows’ check: the patient as they were with the change, then as they are', async () => {
    const t = await itbsClinic();
    const ana = valueOf(await t.call('getPatient', { id: t.ana.id })) as Patient;
    const { archivedAt: _a, createdAt: _c, updatedAt: _u, ...input } = ana;
    const waits = await waitsOf(t, 'savePatient', { ...input, weeklyVolume: 40 });
    expect(waits.length).toBe(3);
    expect(waits[0]!.some((s) => s.startsWith('UPDATE patient'))).toBe(true);
    expect(waits[2]!.some((s) => s.startsWith('INSERT INTO audit_log'))).toBe(true);
    expect(valueOf(await t.call('getPatient', { id: t.ana.id }))).toMatchObject({ weeklyVolume: 40 });
  });

  it('saves a race and rewrites the case’s Review row in five waits, its writes sent with the commit', async () => {
    const t = await itbsClinic();
    const ana = valueOf(await t.call('getPatient', { id: t.ana.id })) as Patient;
    const { archivedAt: _a, createdAt: _c, updatedAt: _u, ...input } = ana;
    const race = { name: 'Portland Marathon', date: '2026-10-04', distance: 'Marathon' };
    const waits = await waitsOf(t, 'savePatient', { ...input, races: [race] });
    // The patient with the change; the race and the patient as they are; the audit row and the
    // cases the race marked; those cases with their consents; their records; then the row's
    // writes, which nothing waits on: they go with the commit.
    expect(waits.length).toBe(6);
    expect(waits[5]!.every((s) => /^(DELETE FROM review_row|INSERT INTO review_row|DELETE FROM review_stale)/.test(s))).toBe(true);
    expect(waits[1]!.some((s) => s.startsWith('INSERT INTO race'))).toBe(true);
    expect(waits[4]!.some((s) => s.startsWith('SELECT measure, value FROM clinic_mcid'))).toBe(true);
    expect(valueOf(await t.call('getPatient', { id: t.ana.id }))).toMatchObject({ races: [race] });
    const review = valueOf(await t.call('reviewCases', { filter: 'race_soon', limit: 50 })) as { total: number; counts: { all: number } };
    expect(review.counts.all).toBe(1);
  });

  it('refuses to change an archived patient, and leaves them as they were', async () => {
    const t = await itbsClinic();
    const ana = valueOf(await t.call('getPatient', { id: t.ana.id })) as Patient;
    valueOf(await t.call('setPatientArchived', { id: t.ana.id, archived: true }));
    const { archivedAt: _a, createdAt: _c, updatedAt: _u, ...input } = ana;
    const refused = await t.call('savePatient', { ...input, firstName: 'Anna', weeklyVolume: 40 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(valueOf(await t.call('getPatient', { id: t.ana.id }))).toMatchObject({ firstName: 'Ana', weeklyVolume: ana.weeklyVolume });
  });

  it('shows Review’s page, with its counts and whether the rows are today’s, in one wait', async () => {
    const t = await itbsClinic();
    await chartVisit(t, '2026-03-02T10:00');
    // The day's first call brings the rows up to date; the next finds them so.
    valueOf(await t.call('reviewCases', { limit: 50 }));
    const waits = await waitsOf(t, 'reviewCases', { limit: 50 });
    expect(waits.map((w) => w.length)).toEqual([3, 1]);
    expect(waits[1]![0]).toMatch(/^INSERT INTO audit_log/);
  });

  it('finds patients by name, the first page with its count, in one wait', async () => {
    const t = await itbsClinic();
    const waits = await waitsOf(t, 'listPatients', { search: 'ana re', limit: 25 });
    expect(waits.map((w) => w.length)).toEqual([2, 1]);
  });
});
