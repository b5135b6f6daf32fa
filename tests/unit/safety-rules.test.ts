import { describe, expect, it } from 'vitest';
import { pregnancyStage, treatmentWarnings, type Charted, type SafetyWarningKind } from '../../shared/rules/safety';
import type { ConsentKind, PatientSafety, SafetyScreen } from '../../shared/safety';

/** Each safety warning with a case that must raise it and one that must not (shared/rules/safety.ts). */
const SCREEN: SafetyScreen = {
  pregnant: false,
  dueDate: null,
  implantedDevice: false,
  bleedingRisk: false,
  needleFainting: false,
  metalLatexAllergy: false,
  diabetesNeuropathy: false,
  precautions: null,
  reviewedOn: '2026-03-01',
};
const ALL_CONSENTS: ConsentKind[] = ['acupuncture', 'dry_needling', 'electroacupuncture', 'cupping'];
const safety = (screen: Partial<SafetyScreen> | null, consents: ConsentKind[] = ALL_CONSENTS, signedOn = '2026-03-01'): PatientSafety => ({
  screen: screen === null ? null : { ...SCREEN, ...screen },
  consents: consents.map((kind, i) => ({ id: i + 1, kind, signedOn, formVersion: 'v1' })),
});
const point = (code: string, side: 'L' | 'R' | 'B' | 'M' = 'B') => ({
  code,
  side,
  gaugeMm: null,
  lengthMm: null,
  depth: null,
  technique: null,
  retentionMinutes: null,
  round: 0,
});
const muscle = (muscleId: string) => ({ muscleId, side: 'L' as const, location: null, twitch: false, passes: null });
const pair = (from: [string, 'L' | 'R' | 'M'], to: [string, 'L' | 'R' | 'M']) => ({
  from: { kind: 'acupoint' as const, ref: from[0], side: from[1] },
  to: { kind: 'acupoint' as const, ref: to[0], side: to[1] },
  frequency: '2',
  waveform: 'continuous' as const,
  intensityMa: null,
  minutes: null,
  round: 0,
});
const treat = (t: Partial<Charted>): Charted => ({ acupoints: [], triggerPoints: [], leadPairs: [], adjuncts: [], ...t });
const DAY = '2026-03-10';

describe('safety warnings', () => {
  it.each<[string, Charted, PatientSafety, SafetyWarningKind[]]>([
    ['nothing charted, nothing on file', treat({}), safety(null, []), []],
    ['needling with no screen on file', treat({ acupoints: [point('ST36')] }), safety(null), ['no_safety_screen']],
    [
      'e-stim, implanted device',
      treat({ acupoints: [point('ST36'), point('ST40')], leadPairs: [pair(['ST36', 'L'], ['ST40', 'L'])] }),
      safety({ implantedDevice: true }),
      ['estim_implanted_device'],
    ],
    ['needles without e-stim, implanted device', treat({ acupoints: [point('ST36')] }), safety({ implantedDevice: true }), []],
    ['SP6 in pregnancy', treat({ acupoints: [point('SP6'), point('ST36')] }), safety({ pregnant: true, dueDate: '2026-08-01' }), ['pregnancy_points']],
    ['CV4 in pregnancy, no due date', treat({ acupoints: [point('CV4', 'M')] }), safety({ pregnant: true }), ['pregnancy_points']],
    ['CV8 in pregnancy: not on the list', treat({ acupoints: [point('CV8', 'M')] }), safety({ pregnant: true }), []],
    ['SP6 after the due date', treat({ acupoints: [point('SP6')] }), safety({ pregnant: true, dueDate: '2026-03-01' }), []],
    ['SP6, not pregnant', treat({ acupoints: [point('SP6')] }), safety({}), []],
    ['lead pair left to right', treat({ acupoints: [point('ST36')], leadPairs: [pair(['ST36', 'L'], ['ST36', 'R'])] }), safety({}), ['lead_across_midline']],
    ['lead pair from the midline to one side', treat({ acupoints: [point('GV4', 'M')], leadPairs: [pair(['GV4', 'M'], ['BL23', 'L'])] }), safety({}), []],
    ['lead pair on one side', treat({ acupoints: [point('ST36')], leadPairs: [pair(['ST36', 'R'], ['ST40', 'R'])] }), safety({}), []],
    ['trunk dry needling on anticoagulants', treat({ triggerPoints: [muscle('quadratus-lumborum')] }), safety({ bleedingRisk: true }), ['bleeding_risk_trunk']],
    ['leg dry needling on anticoagulants', treat({ triggerPoints: [muscle('gastrocnemius-medial')] }), safety({ bleedingRisk: true }), []],
    ['trunk dry needling, no bleeding risk', treat({ triggerPoints: [muscle('quadratus-lumborum')] }), safety({}), []],
    ['dry needling without its consent', treat({ triggerPoints: [muscle('gastrocnemius-medial')] }), safety({}, ['acupuncture']), ['consent_missing']],
    ['cupping without its consent', treat({ adjuncts: [{ kind: 'cupping' }] }), safety({}, ['acupuncture']), ['consent_missing']],
    ['consent signed after the visit', treat({ acupoints: [point('ST36')] }), safety({}, ['acupuncture'], '2026-03-11'), ['consent_missing']],
    ['every consent on file', treat({ acupoints: [point('ST36')], adjuncts: [{ kind: 'cupping' }] }), safety({}), []],
  ])('%s → %j', (_what, t, s, kinds) => {
    expect(treatmentWarnings(t, s, DAY).map((w) => w.kind)).toEqual(kinds);
  });

  // A due date 140 days after the day is 20 weeks along: 280 − 140 = 140 days of gestation.
  it.each([
    ['2027-04-25', '2026-12-06', '20 weeks (due Apr 25, 2027)'],
    ['2027-04-25', '2026-12-05', '19 weeks (due Apr 25, 2027)'], // 20 weeks less a day
    ['2027-04-25', '2027-04-25', '40 weeks (due Apr 25, 2027)'],
    ['2027-04-25', '2027-05-09', '42 weeks (due Apr 25, 2027)'], // past the due date, still pregnant
    ['2027-04-25', '2026-07-26', '1 week (due Apr 25, 2027)'],
    ['2027-04-25', '2026-07-19', '0 weeks (due Apr 25, 2027)'],
    ['2027-04-25', '2026-07-18', 'due Apr 25, 2027'], // before the pregnancy began: a mistyped date, shown as typed
    ['2027-04-25', '2027-05-16', 'due Apr 25, 2027'],
  ])('due %s, seen %s → %j', (due, on, expected) => expect(pregnancyStage(due, on)).toBe(expected));

  it('says what was charted and why, and only the device warning needs an override', () => {
    const warnings = treatmentWarnings(
      treat({ acupoints: [point('LI4'), point('SP6')], leadPairs: [pair(['LI4', 'L'], ['LI4', 'R'])] }),
      safety({ pregnant: true, dueDate: '2026-08-01', implantedDevice: true }, ['acupuncture']),
      DAY,
    );
    expect(warnings).toEqual([
      {
        kind: 'estim_implanted_device',
        title: 'E-stim charted for a patient with a pacemaker or other implanted electrical device',
        rule: 'Electrical stimulation can interfere with an implanted electrical device: it is contraindicated. Signing needs a written reason.',
        needsOverride: true,
      },
      {
        kind: 'pregnancy_points',
        title: 'LI4, SP6 charted for a pregnant patient: 19 weeks (due Aug 1, 2026)',
        rule: 'LI4, SP6, BL60, BL67, GB21 and CV3–CV7 are traditionally avoided in pregnancy.',
        needsOverride: false,
      },
      expect.objectContaining({ kind: 'lead_across_midline', title: 'Lead pair LI4 L – LI4 R runs across the body' }),
      expect.objectContaining({ kind: 'consent_missing', title: 'No signed consent on file for electroacupuncture' }),
    ]);
  });
});
