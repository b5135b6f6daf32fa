/**
 * Outcome measures recorded at assessments, with the published minimal clinically important
 * difference (MCID) of each. These MCIDs are defaults: the clinic may override them in its settings,
 * so rules read the threshold from there and fall back to these.
 */

export type MeasureId = 'nprs' | 'lefs' | 'psfs' | 'visa_a' | 'visa_p' | 'kujala' | 'faam_adl' | 'faam_sports' | 'groc';

export interface OutcomeMeasure {
  id: MeasureId;
  name: string;
  short: string;
  min: number;
  max: number;
  /** The finest increment a score can take: 1 for summed item scores, 0.1 for averages and percentages. */
  step: number;
  higherIsBetter: boolean;
  mcid: number;
  mcidNote?: string;
  unit?: '%';
}

export const OUTCOME_MEASURES: readonly OutcomeMeasure[] = [
  {
    id: 'nprs',
    name: 'Numeric Pain Rating Scale',
    short: 'NPRS',
    min: 0,
    max: 10,
    step: 1,
    higherIsBetter: false,
    mcid: 2,
    mcidNote: '2 points or 30% of the first recorded value',
  },
  { id: 'lefs', name: 'Lower Extremity Functional Scale', short: 'LEFS', min: 0, max: 80, step: 1, higherIsBetter: true, mcid: 9 },
  {
    id: 'psfs',
    name: 'Patient-Specific Functional Scale (average)',
    short: 'PSFS',
    min: 0,
    max: 10,
    step: 0.1,
    higherIsBetter: true,
    mcid: 2,
  },
  {
    id: 'visa_a',
    name: 'Victorian Institute of Sport Assessment – Achilles',
    short: 'VISA-A',
    min: 0,
    max: 100,
    step: 1,
    higherIsBetter: true,
    mcid: 10,
    mcidNote: '6.5–15.4 reported; 10 used by default',
  },
  {
    id: 'visa_p',
    name: 'Victorian Institute of Sport Assessment – Patella',
    short: 'VISA-P',
    min: 0,
    max: 100,
    step: 1,
    higherIsBetter: true,
    mcid: 13,
  },
  { id: 'kujala', name: 'Kujala Anterior Knee Pain Scale (AKPS)', short: 'Kujala', min: 0, max: 100, step: 1, higherIsBetter: true, mcid: 10 },
  {
    id: 'faam_adl',
    name: 'Foot and Ankle Ability Measure – ADL subscale',
    short: 'FAAM ADL',
    min: 0,
    max: 100,
    step: 0.1,
    higherIsBetter: true,
    mcid: 8,
    unit: '%',
  },
  {
    id: 'faam_sports',
    name: 'Foot and Ankle Ability Measure – Sports subscale',
    short: 'FAAM Sports',
    min: 0,
    max: 100,
    step: 0.1,
    higherIsBetter: true,
    mcid: 9,
    unit: '%',
  },
  {
    id: 'groc',
    name: 'Global Rating of Change',
    short: 'GROC',
    min: -7,
    max: 7,
    step: 1,
    higherIsBetter: true,
    mcid: 3,
    // GROC already rates change, so its MCID is a level reached, not a difference between visits.
    mcidNote: '+3 or more is read as a meaningful improvement',
  },
];

const BY_ID = new Map<string, OutcomeMeasure>(OUTCOME_MEASURES.map((m) => [m.id, m]));

export function measureById(id: string): OutcomeMeasure | undefined {
  return BY_ID.get(id);
}

/** Null when the score fits the measure's range and step; otherwise a message naming the measure. */
export function scoreProblem(id: MeasureId, score: number): string | null {
  const measure = BY_ID.get(id);
  if (!measure) return `Unknown outcome measure ${id}`;
  const { short, min, max, step } = measure;
  if (!Number.isFinite(score)) return `${short} must be a number`;
  if (score < min || score > max) return `${short} must be between ${min} and ${max}`;
  // Compare in whole steps so 0.1-step floats such as 72.3 are not rejected for rounding error.
  const steps = (score - min) / step;
  if (Math.abs(steps - Math.round(steps)) > 1e-6) return step === 1 ? `${short} must be a whole number` : `${short} must be in steps of ${step}`;
  return null;
}

/**
 * The measures an assessment offers first for a condition (docs/clinical-rules.md): the region's
 * own scale where one exists — VISA-A for the Achilles, VISA-P for the patellar tendon, the Kujala
 * (AKPS) for anterior knee pain, the FAAM for the foot and ankle — else the LEFS for the lower
 * limb; the PSFS for every runner; the GROC on re-assessments, since it rates change since the start.
 * The others stay one click away, and a measure already scored on the case is always offered.
 */
const REGION_MEASURES: Record<string, readonly MeasureId[]> = {
  'achilles-tendinopathy': ['visa_a', 'lefs'],
  'patellar-tendinitis': ['visa_p', 'lefs'],
  'runners-knee': ['kujala', 'lefs'],
  'plantar-fasciitis': ['faam_adl', 'faam_sports'],
  'stress-fracture-foot': ['faam_adl', 'faam_sports'],
  'stress-fracture-toe': ['faam_adl', 'faam_sports'],
  maintenance: [],
  overtraining: [],
};

export function measuresFor(conditionId: string | null, options: { reassessment: boolean; scoredBefore?: readonly MeasureId[] }): MeasureId[] {
  const region = (conditionId !== null ? REGION_MEASURES[conditionId] : undefined) ?? ['lefs'];
  const wanted = new Set<MeasureId>([...region, 'psfs', ...(options.reassessment ? (['groc'] as const) : []), ...(options.scoredBefore ?? [])]);
  wanted.delete('nprs');
  return OUTCOME_MEASURES.filter((m) => wanted.has(m.id)).map((m) => m.id);
}
