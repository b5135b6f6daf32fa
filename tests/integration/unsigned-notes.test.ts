import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../shared/assessment';
import type { UnsignedNotes } from '../../shared/unsigned-notes';
import { chartVisit, itbsClinic } from '../support/charting';
import { errorOf, TEST_ENGINE, valueOf } from '../support/db';

/** Drafts are listed where they would be forgotten: Review, the patient and case pages, and the month's batch. */
describe(`unsigned notes (${TEST_ENGINE})`, () => {
  it('lists unsigned visits and assessments oldest first with their age, filtered by patient, case or month', async () => {
    const t = await itbsClinic();
    const signed = await chartVisit(t, '2026-03-02T10:00');
    valueOf(await t.call('signVisit', { id: signed.id, providerId: t.mara.id }));
    const draft = await chartVisit(t, '2026-03-04T10:00');
    t.clock.advance(30 * 3_600_000);
    const assessment = valueOf(
      await t.call('saveAssessment', { caseId: t.careCase.id, providerId: t.theo.id, kind: 'initial', assessedOn: '2026-03-03', painCurrent: 5 }),
    ) as Assessment;
    t.clock.advance(2 * 3_600_000);

    const page = valueOf(await t.call('unsignedNotes', {})) as UnsignedNotes;
    const all = page.notes;
    expect(page).toMatchObject({ total: 2, stale: 1 });
    expect(all).toEqual([
      {
        kind: 'assessment',
        id: assessment.id,
        patientId: t.ana.id,
        patientName: 'Ana Reyes',
        caseId: t.careCase.id,
        condition: 'IT band syndrome',
        date: '2026-03-03',
        providerName: 'Theo Lindqvist',
        ageHours: 2,
      },
      expect.objectContaining({ kind: 'visit', id: draft.id, date: '2026-03-04T10:00', providerName: 'Mara Quinn', ageHours: 32 }),
    ]);
    const notes = async (q: object) => (valueOf(await t.call('unsignedNotes', q)) as UnsignedNotes).notes;
    expect(await notes({ caseId: t.careCase.id })).toEqual(all);
    expect(valueOf(await t.call('unsignedNotes', { patientId: t.ana.id + 1000 }))).toEqual({ notes: [], total: 0, stale: 0 });
    // The month's batch bills visits: only the unsigned visit of March is left out.
    expect((await notes({ month: '2026-03' })).map((n) => [n.kind, n.id])).toEqual([['visit', draft.id]]);
    expect(await notes({ month: '2026-04' })).toEqual([]);
    expect(errorOf(await t.call('unsignedNotes', { month: '2026-13' })).fields).toEqual({ month: 'Month must be YYYY-MM' });
    // Listed up to the limit, counted in full.
    expect(valueOf(await t.call('unsignedNotes', { limit: 1 }))).toEqual({ notes: [all[0]], total: 2, stale: 1 });
    expect(errorOf(await t.call('unsignedNotes', { limit: 0 })).fields).toEqual({ limit: 'Limit must be at least 1' });

    valueOf(await t.call('signVisit', { id: draft.id, providerId: t.mara.id }));
    expect((await notes({})).map((n) => n.kind)).toEqual(['assessment']);
  });

  it('leaves out the drafts of an archived patient, listed and counted, until the patient is back', async () => {
    const t = await itbsClinic();
    const draft = await chartVisit(t, '2026-03-04T10:00');
    const ben = valueOf(await t.call('savePatient', { firstName: 'Ben', lastName: 'Okafor', dateOfBirth: '1985-06-01', sex: 'male' })) as { id: number };
    const bensCase = valueOf(
      await t.call('saveCase', {
        patientId: ben.id,
        conditionId: 'it-band-syndrome',
        conditionText: 'IT band syndrome',
        side: 'left',
        onsetDate: '2026-02-20',
        startDate: '2026-03-01',
      }),
    ) as { id: number };
    const bensDraft = valueOf(await t.call('createVisit', { caseId: bensCase.id, providerId: t.theo.id, startedAt: '2026-03-03T09:00' })) as { id: number };
    const listed = async (query: Record<string, unknown>) => {
      const page = valueOf(await t.call('unsignedNotes', query)) as UnsignedNotes;
      return { ids: page.notes.map((n) => n.id), total: page.total };
    };
    expect(await listed({})).toEqual({ ids: [bensDraft.id, draft.id], total: 2 });
    valueOf(await t.call('setPatientArchived', { id: ben.id, archived: true }));
    expect(await listed({})).toEqual({ ids: [draft.id], total: 1 });
    expect(await listed({ patientId: ben.id })).toEqual({ ids: [], total: 0 });
    expect(await listed({ caseId: bensCase.id })).toEqual({ ids: [], total: 0 });
    expect(await listed({ month: '2026-03' })).toEqual({ ids: [draft.id], total: 1 });
    valueOf(await t.call('setPatientArchived', { id: ben.id, archived: false }));
    expect(await listed({ patientId: ben.id })).toEqual({ ids: [bensDraft.id], total: 1 });
    expect(await listed({ month: '2026-03' })).toEqual({ ids: [bensDraft.id, draft.id], total: 2 });
  });
});
