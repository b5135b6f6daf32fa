import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../shared/assessment';
import type { Visit } from '../../shared/visit';
import { TEST_ENGINE, errorOf, valueOf } from '../support/db';
import { chartVisit, itbsClinic } from '../support/charting';

/**
 * Optimistic versioning of drafts (docs/clinic-mode.md), on both engines: each save moves the
 * version on and names who saved; a save that carries an older version than the database holds is
 * refused whole, naming who saved since and when, and changes nothing; a save without a version
 * (the command line, older callers) is not checked.
 */
describe(`draft versions (${TEST_ENGINE})`, () => {
  it('refuses a visit save made on top of a newer one, names who saved it and when, and changes nothing', async () => {
    const t = await itbsClinic();
    const opened = await chartVisit(t, '2026-03-09T10:00');
    expect(opened).toMatchObject({ version: 1, updatedBy: 'test' });
    const base = { id: opened.id, providerId: t.mara.id, startedAt: opened.startedAt, faceMinutes: 30 };
    const first = valueOf(await t.call('saveVisit', { ...base, subjective: 'First seat', version: opened.version })) as Visit;
    expect(first.version).toBe(2);
    const refused = errorOf(await t.call('saveVisit', { ...base, subjective: 'Second seat', version: opened.version }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/^test saved this visit at .+, after you opened it\. Your changes were not saved; they are still in the form\./);
    expect(refused.fields).toEqual({ version: expect.stringMatching(/^Saved by test at /) });
    const held = valueOf(await t.call('getVisit', { id: opened.id })) as Visit;
    expect(held).toMatchObject({ subjective: 'First seat', version: 2 });
    expect(held.acupoints).toEqual([]);
    // Read again, the second seat saves on top; without a version nothing is checked.
    expect(valueOf(await t.call('saveVisit', { ...base, subjective: 'Second seat', version: 2 }))).toMatchObject({ version: 3 });
    expect(valueOf(await t.call('saveVisit', { ...base, subjective: 'Command line' }))).toMatchObject({ version: 4 });
    const rejected = errorOf(await t.call('saveVisit', { ...base, version: -1 }));
    expect(rejected.fields).toEqual({ version: 'Version must be a whole number, 0 or more' });
  });

  it('does the same for an assessment draft', async () => {
    const t = await itbsClinic();
    const input = { caseId: t.careCase.id, providerId: t.mara.id, kind: 'initial', assessedOn: '2026-03-02', painCurrent: 6 };
    const created = valueOf(await t.call('saveAssessment', input)) as Assessment;
    expect(created.version).toBe(1);
    const saved = valueOf(await t.call('saveAssessment', { ...input, id: created.id, chiefComplaint: 'First seat', version: 1 })) as Assessment;
    expect(saved.version).toBe(2);
    const refused = errorOf(await t.call('saveAssessment', { ...input, id: created.id, chiefComplaint: 'Second seat', version: 1 }));
    expect(refused.message).toMatch(/^test saved this assessment at .+, after you opened it\./);
    expect(valueOf(await t.call('getAssessment', { id: created.id }))).toMatchObject({ chiefComplaint: 'First seat', version: 2 });
  });
});
