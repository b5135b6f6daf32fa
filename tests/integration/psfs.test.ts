import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../shared/assessment';
import type { CaseDetail } from '../../shared/timeline';
import { describeChange } from '../../shared/rules/progress';
import { itbsClinic } from '../support/charting';
import { errorOf, TEST_ENGINE, valueOf } from '../support/db';

/** The PSFS with its named activities: stored on the assessment, averaged into the outcome, each activity judged by its own MCID. */
describe(`PSFS activities (${TEST_ENGINE})`, () => {
  const assess = (t: Awaited<ReturnType<typeof itbsClinic>>, on: string, kind: string, psfsActivities: unknown[]) =>
    t.call('saveAssessment', { caseId: t.careCase.id, providerId: t.mara.id, kind, assessedOn: on, assessmentText: 'PSFS', psfsActivities });

  it('averages the activities into the PSFS score, names a bad row by field, and judges each activity by 3 points', async () => {
    const t = await itbsClinic();
    const first = valueOf(
      await assess(t, '2026-03-02', 'initial', [
        { activity: 'Running downhill', score: '2' },
        { activity: 'Stairs', score: 6 },
        { activity: 'Long run over 15 km', score: 3 },
      ]),
    ) as Assessment;
    expect(first.outcomes).toEqual([{ measure: 'psfs', score: 3.7 }]);
    expect(first.psfsActivities).toEqual([
      { activity: 'Running downhill', score: 2 },
      { activity: 'Stairs', score: 6 },
      { activity: 'Long run over 15 km', score: 3 },
    ]);
    valueOf(await t.call('signAssessment', { id: first.id, providerId: t.mara.id }));

    expect(errorOf(await assess(t, '2026-03-30', 'reassessment', [{ activity: 'Stairs', score: 11 }])).fields).toEqual({
      'psfsActivities.0.score': 'PSFS score must be between 0 and 10',
    });
    expect(
      errorOf(
        await assess(t, '2026-03-30', 'reassessment', [
          { activity: 'Stairs', score: 5 },
          { activity: 'stairs ', score: 5 },
        ]),
      ).fields,
    ).toEqual({ 'psfsActivities.1.activity': 'Each PSFS activity once per assessment' });

    const again = valueOf(
      await assess(t, '2026-03-30', 'reassessment', [
        { activity: 'running downhill', score: 6 },
        { activity: 'Stairs', score: 3 },
        { activity: 'Long run over 15 km', score: 4 },
      ]),
    ) as Assessment;
    valueOf(await t.call('signAssessment', { id: again.id, providerId: t.mara.id }));
    const { progress } = valueOf(await t.call('getCase', { id: t.careCase.id })) as CaseDetail;
    // Average 3.7 → 4.3: below its MCID of 2. Downhill +4 meets the activity MCID of 3; stairs −3 is worse by it.
    expect(progress.change.measures.map((m) => [describeChange(m), m.met, m.worsened])).toEqual([
      ['PSFS 3.7 → 4.3', false, false],
      ['PSFS “Running downhill” 2 → 6', true, false],
      ['PSFS “Stairs” 6 → 3', false, true],
      ['PSFS “Long run over 15 km” 3 → 4', false, false],
    ]);
    expect(progress.flags[0]!.kind).toBe('worsening');
  });
});
