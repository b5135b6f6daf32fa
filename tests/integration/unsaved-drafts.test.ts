import { describe, expect, it } from 'vitest';
import type { Visit } from '../../shared/visit';
import { chartVisit, itbsClinic, signedAssessment } from '../support/charting';
import { errorOf, TEST_ENGINE, valueOf } from '../support/db';

/**
 * The safety copy of unsaved typing lives in the data file (migration 14): kept as it is typed,
 * read back when the form opens again, and gone once the record is signed or deleted — in the
 * same transaction, so a signed note leaves no second copy of its text behind.
 */
describe(`unsaved typing in the data file (${TEST_ENGINE})`, () => {
  const form = { subjective: 'Knee pain at mile 4 — unsaved', painBefore: '6' };

  it('keeps the newest copy per form, reads it back, and clears it when asked', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00');
    const key = `visit.${visit.id}`;
    expect(valueOf(await t.call('unsavedDraft', { key }))).toEqual({ values: null, keptAt: null });
    valueOf(await t.call('keepUnsaved', { key, values: JSON.stringify({ subjective: 'first' }) }));
    valueOf(await t.call('keepUnsaved', { key, values: JSON.stringify(form) }));
    expect(valueOf(await t.call('unsavedDraft', { key }))).toEqual({ values: JSON.stringify(form), keptAt: t.clock.now().toISOString() });
    expect(await t.db.all('SELECT draft_key AS k FROM unsaved_draft')).toEqual([{ k: key }]);
    valueOf(await t.call('clearUnsaved', { key }));
    expect(valueOf(await t.call('unsavedDraft', { key }))).toEqual({ values: null, keptAt: null });
  });

  it('keeps the highest-numbered copy or clear, whatever order they arrive in', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00');
    const key = `visit.${visit.id}`;
    const kept = async () => (valueOf(await t.call('unsavedDraft', { key })) as { values: string | null }).values;
    // Copy 2 overtakes copy 1: the late, older copy does not put older typing back.
    valueOf(await t.call('keepUnsaved', { key, values: JSON.stringify({ subjective: 'Heel pain on first steps' }), seq: 2 }));
    valueOf(await t.call('keepUnsaved', { key, values: JSON.stringify({ subjective: 'Heel' }), seq: 1 }));
    expect(await kept()).toBe(JSON.stringify({ subjective: 'Heel pain on first steps' }));
    // Saved and cleared at 3: a copy numbered before the clear, arriving after it, stays cleared.
    valueOf(await t.call('clearUnsaved', { key, seq: 3 }));
    expect(await kept()).toBeNull();
    valueOf(await t.call('keepUnsaved', { key, values: JSON.stringify({ subjective: 'Heel pain' }), seq: 2 }));
    expect(await kept()).toBeNull();
    // Typing after the save, numbered later, is kept again.
    valueOf(await t.call('keepUnsaved', { key, values: JSON.stringify(form), seq: 4 }));
    expect(await kept()).toBe(JSON.stringify(form));
    // A clear numbered before the newest copy leaves that copy alone.
    valueOf(await t.call('clearUnsaved', { key, seq: 3 }));
    expect(await kept()).toBe(JSON.stringify(form));
    expect(errorOf(await t.call('keepUnsaved', { key, values: '{}', seq: 1.5 })).fields).toEqual({ seq: 'Order must be a whole number' });
    expect(errorOf(await t.call('clearUnsaved', { key, seq: -1 })).fields).toEqual({ seq: 'Order must not be negative' });
    expect(await kept()).toBe(JSON.stringify(form));
  });

  it('is gone when the visit or assessment is signed, or the draft deleted', async () => {
    const t = await itbsClinic();
    const signed = await chartVisit(t, '2026-03-02T10:00');
    const deleted = await chartVisit(t, '2026-03-04T10:00');
    const assessmentDraft = valueOf(
      await t.call('saveAssessment', {
        caseId: t.careCase.id,
        providerId: t.mara.id,
        kind: 'initial',
        assessedOn: '2026-03-02',
        painCurrent: 6,
        assessmentText: 'ITBS',
      }),
    ) as { id: number };
    for (const key of [`visit.${signed.id}`, `visit.${deleted.id}`, `assessment.${assessmentDraft.id}`])
      valueOf(await t.call('keepUnsaved', { key, values: JSON.stringify(form) }));
    valueOf(await t.call('signVisit', { id: signed.id, providerId: t.mara.id }));
    valueOf(await t.call('deleteVisit', { id: deleted.id }));
    valueOf(await t.call('signAssessment', { id: assessmentDraft.id, providerId: t.mara.id }));
    expect(await t.db.all('SELECT draft_key FROM unsaved_draft')).toEqual([]);
  });

  it('stays when signing is refused, since nothing reached the record', async () => {
    const t = await itbsClinic();
    await signedAssessment(t);
    const visit = valueOf(await t.call('createVisit', { caseId: t.careCase.id, providerId: t.mara.id, startedAt: '2026-03-03T10:00' })) as Visit;
    const key = `visit.${visit.id}`;
    valueOf(await t.call('keepUnsaved', { key, values: JSON.stringify(form) }));
    // An empty visit cannot be signed: the refusal rolls back, and the safety copy is still there.
    expect(errorOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id })).code).toBe('invalid_input');
    expect(valueOf(await t.call('unsavedDraft', { key }))).toMatchObject({ values: JSON.stringify(form) });
  });

  it('refuses a key that names no form, and values that are not JSON, by field', async () => {
    const t = await itbsClinic();
    expect(errorOf(await t.call('keepUnsaved', { key: 'patient.1', values: '{}' })).fields).toEqual({ key: 'Form must name a visit or an assessment' });
    expect(errorOf(await t.call('keepUnsaved', { key: 'visit.1', values: '{half' })).fields).toEqual({ values: 'The unsaved form must be JSON' });
    expect(await t.db.all('SELECT draft_key FROM unsaved_draft')).toEqual([]);
  });
});
