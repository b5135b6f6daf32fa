import { z } from 'zod';
import { tcmInput } from './tcm';
import { muscleById } from './catalogs/muscles';
import { OUTCOME_MEASURES, scoreProblem, type MeasureId } from './catalogs/outcome-measures';
import { draftVersion, isoDate, noteText, optionalInteger, optionalNumber, optionalText, painScore, plainText, recordId, requiredText } from './fields';
import type { Addendum, Signature } from './signing';
import type { ScreenAtSigning } from './safety';

export const ASSESSMENT_KINDS = ['initial', 'reassessment', 'discharge'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export const ORTHO_RESULTS = ['positive', 'negative', 'equivocal'] as const;
export const LIMB_SIDES = ['L', 'R', 'B'] as const;
export type LimbSide = (typeof LIMB_SIDES)[number];

const MEASURE_IDS = OUTCOME_MEASURES.map((m) => m.id) as [MeasureId, ...MeasureId[]];

export const muscleId = plainText('Muscle', 60).refine((id) => muscleById(id) !== undefined, 'Muscle is not in the catalog');

export const outcomeScoreInput = z
  .strictObject({
    measure: z.enum(MEASURE_IDS, { error: 'Outcome measure is not one Needlebook knows' }),
    score: z.number({ error: 'Score must be a number' }),
  })
  .superRefine((o, ctx) => {
    const p = scoreProblem(o.measure, o.score);
    if (p) ctx.addIssue({ code: 'custom', path: ['score'], message: p });
  });

/** The PSFS asks for up to five activities the patient finds hard. */
export const PSFS_MAX_ACTIVITIES = 5;

/** The PSFS score: the activities' average to 0.1 (the form shows it as typed, the contract stores it). Null with none. */
export function psfsAverage(scores: readonly number[]): number | null {
  return scores.length === 0 ? null : Math.round((scores.reduce((n, s) => n + s, 0) / scores.length) * 10) / 10;
}

export const assessmentInput = z
  .strictObject({
    id: recordId.optional(),
    caseId: recordId,
    providerId: recordId,
    kind: z.enum(ASSESSMENT_KINDS, { error: 'Kind must be initial, re-assessment or discharge' }),
    /** Tongue, pulse and pattern (shared/tcm.ts), when the clinic charts them. */
    tcm: tcmInput.nullish().transform((v) => v ?? null),
    assessedOn: isoDate('Assessment date'),
    chiefComplaint: noteText('Chief complaint', 2000),
    trainingLoad: noteText('Training load', 2000),
    injuryHistory: noteText('Injury history', 2000),
    biomechanics: noteText('Biomechanics', 2000),
    sleepHours: optionalNumber('Sleep', 0, 16),
    sleepQuality: optionalInteger('Sleep quality', 1, 5),
    restingHr: optionalInteger('Resting heart rate', 25, 140),
    hrv: optionalInteger('HRV', 1, 300),
    orthoTests: z
      .array(
        z.strictObject({
          name: requiredText('Test name', 80),
          side: z
            .enum(LIMB_SIDES)
            .nullish()
            .transform((v) => v ?? null),
          result: z.enum(ORTHO_RESULTS, { error: 'Result must be positive, negative or equivocal' }),
          note: optionalText('Test note', 200),
        }),
      )
      .max(30)
      .default([]),
    rom: noteText('Range of motion', 2000),
    palpation: noteText('Palpation', 2000),
    triggerPoints: z
      .array(z.strictObject({ muscleId, side: z.enum(LIMB_SIDES, { error: 'Side must be L, R or B' }), note: optionalText('Trigger point note', 200) }))
      .max(40)
      .default([]),
    painCurrent: painScore('Pain now'),
    painWorst: painScore('Worst pain'),
    painAverage: painScore('Average pain'),
    outcomes: z.array(outcomeScoreInput).max(OUTCOME_MEASURES.length).default([]),
    /** The PSFS activities the runner named, each scored 0–10; their average is the PSFS outcome. */
    psfsActivities: z
      .array(
        z.strictObject({
          activity: requiredText('PSFS activity', 80),
          score: optionalInteger('PSFS score', 0, 10).refine((v) => v !== null, 'PSFS score is required (0–10)'),
        }),
      )
      .max(PSFS_MAX_ACTIVITIES, `At most ${PSFS_MAX_ACTIVITIES} PSFS activities`)
      .default([]),
    assessmentText: noteText('Assessment', 4000),
    planText: noteText('Plan', 4000),
    plannedSessions: optionalInteger('Planned sessions', 1, 60),
    frequency: optionalText('Frequency', 60),
    version: draftVersion,
  })
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.outcomes.forEach((o, i) => {
      if (seen.has(o.measure)) ctx.addIssue({ code: 'custom', path: ['outcomes', i, 'measure'], message: 'Each outcome measure once per assessment' });
      seen.add(o.measure);
    });
    const named = new Set<string>();
    a.psfsActivities.forEach((p, i) => {
      const key = p.activity.trim().toLowerCase();
      if (named.has(key)) ctx.addIssue({ code: 'custom', path: ['psfsActivities', i, 'activity'], message: 'Each PSFS activity once per assessment' });
      named.add(key);
    });
  })
  // With activities, the PSFS outcome is their average (to 0.1), whatever was typed in its box.
  .transform((a) => {
    if (a.psfsActivities.length === 0) return a;
    const average = psfsAverage(a.psfsActivities.map((p) => p.score ?? 0))!;
    return { ...a, outcomes: [...a.outcomes.filter((o) => o.measure !== 'psfs'), { measure: 'psfs' as const, score: average }] };
  });
export type AssessmentInput = z.input<typeof assessmentInput>;
export type AssessmentData = z.output<typeof assessmentInput>;

export interface Assessment extends Omit<AssessmentData, 'id' | 'version'> {
  id: number;
  /** Moves on with each save: what the next save sends back as `version`. */
  version: number;
  /** Who saved it last (the person at a clinic seat, else the computer's account). */
  updatedBy: string | null;
  signature: Signature | null;
  addenda: Addendum[];
  createdAt: string;
  updatedAt: string;
  /** The patient's safety screen as it stood at signing (migration 28); null for a draft or an assessment signed before. */
  screenAtSigning: ScreenAtSigning | null;
}
