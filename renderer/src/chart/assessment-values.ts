import type { Assessment, AssessmentInput, AssessmentKind, LimbSide } from '../../../shared/assessment';
import type { ORTHO_RESULTS } from '../../../shared/assessment';
import { OUTCOME_MEASURES, type MeasureId } from '../../../shared/catalogs/outcome-measures';
import { toText } from '../format';
import type { PsfsRow } from './PsfsActivities';
import { toTcmValues, type TcmValues } from './TcmFields';

/** The assessment as typed: numbers stay text until the contract reads them. */
export const KIND_LABEL: Record<AssessmentKind, string> = { initial: 'Initial assessment', reassessment: 'Re-assessment', discharge: 'Discharge assessment' };

export type Text =
  | 'assessedOn'
  | 'chiefComplaint'
  | 'trainingLoad'
  | 'injuryHistory'
  | 'biomechanics'
  | 'sleepHours'
  | 'sleepQuality'
  | 'restingHr'
  | 'hrv'
  | 'rom'
  | 'palpation'
  | 'painCurrent'
  | 'painWorst'
  | 'painAverage'
  | 'assessmentText'
  | 'planText'
  | 'plannedSessions'
  | 'frequency';
export type Values = Record<Text, string> & {
  kind: AssessmentKind;
  providerId: number;
  orthoTests: { name: string; side: LimbSide | ''; result: (typeof ORTHO_RESULTS)[number]; note: string }[];
  triggerPoints: { muscleId: string; side: LimbSide; note: string }[];
  scores: Record<MeasureId, string>;
  tcm: TcmValues;
  psfsActivities: PsfsRow[];
};

const TEXT_KEYS: Text[] = [
  'assessedOn',
  'chiefComplaint',
  'trainingLoad',
  'injuryHistory',
  'biomechanics',
  'sleepHours',
  'sleepQuality',
  'restingHr',
  'hrv',
  'rom',
  'palpation',
  'painCurrent',
  'painWorst',
  'painAverage',
  'assessmentText',
  'planText',
  'plannedSessions',
  'frequency',
];

export function fromAssessment(a: Assessment): Values {
  const text = Object.fromEntries(TEXT_KEYS.map((k) => [k, toText(a[k])])) as Record<Text, string>;
  const scores = Object.fromEntries(OUTCOME_MEASURES.map((m) => [m.id, toText(a.outcomes.find((o) => o.measure === m.id)?.score)])) as Record<
    MeasureId,
    string
  >;
  return {
    ...text,
    kind: a.kind,
    providerId: a.providerId,
    orthoTests: a.orthoTests.map((t) => ({ name: t.name, side: t.side ?? '', result: t.result, note: toText(t.note) })),
    triggerPoints: a.triggerPoints.map((t) => ({ muscleId: t.muscleId, side: t.side, note: toText(t.note) })),
    scores,
    tcm: toTcmValues(a.tcm),
    psfsActivities: a.psfsActivities.map((p) => ({ activity: p.activity, score: toText(p.score) })),
  };
}

export function toInput(a: Assessment, v: Values): AssessmentInput {
  const { scores, orthoTests, ...rest } = v;
  return {
    ...rest,
    id: a.id,
    caseId: a.caseId,
    orthoTests: orthoTests.map((t) => ({ ...t, side: t.side === '' ? null : t.side })),
    // A score box the practitioner filled is sent as typed; the contract says if it is out of range.
    outcomes: OUTCOME_MEASURES.filter((m) => scores[m.id].trim() !== '').map((m) => ({ measure: m.id, score: Number(scores[m.id]) })),
  };
}
