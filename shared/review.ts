import { z } from 'zod';
import type { CaseSide } from './catalogs/conditions';
import { OUTCOME_MEASURES, type MeasureId } from './catalogs/outcome-measures';
import type { Phase } from './rules/framework';
import type { Mcids } from './rules/mcid';
import type { Flag, MeasureChange, ReassessmentState } from './rules/progress';

export const REVIEW_FILTERS = ['all', 'reassessment_due', 'not_improving', 'race_soon'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];
export const REVIEW_SORTS = ['patient', 'condition', 'phase', 'sessions', 'nextReassessment', 'change', 'flags', 'nextRace'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

export const reviewQuery = z.strictObject({
  filter: z.enum(REVIEW_FILTERS).default('all'),
  sort: z.enum(REVIEW_SORTS).default('flags'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ReviewQuery = z.input<typeof reviewQuery>;

export interface ReviewRow {
  caseId: number;
  patientId: number;
  patientName: string;
  conditionText: string;
  side: CaseSide;
  phase: Phase;
  sessionsDone: number;
  expected: { min: number; max: number | null };
  reassessment: ReassessmentState | null;
  pain: MeasureChange | null;
  /** The case's main outcome measure besides pain: the first one recorded. */
  measure: MeasureChange | null;
  meaningful: boolean;
  flags: Flag[];
  nextRace: { name: string; date: string; distance: string; days: number } | null;
}

export interface ReviewPage {
  rows: ReviewRow[];
  total: number;
  /** How many active cases each filter would show: the numbers on the filter buttons. */
  counts: Record<ReviewFilter, number>;
  today: string;
  /** Patients on an active case with care charted without its signed consent on file. */
  patientsMissingConsent: number;
}

const measureIds = OUTCOME_MEASURES.map((m) => m.id) as [MeasureId, ...MeasureId[]];
export const mcidsInput = z.strictObject(
  Object.fromEntries(
    measureIds.map((id) => [
      id,
      z
        .number({ error: `${id.toUpperCase()} MCID must be a number` })
        .positive(`MCID must be more than 0`)
        .max(100, 'MCID must be at most 100'),
    ]),
  ) as Record<MeasureId, z.ZodNumber>,
);
export type McidsResult = { values: Mcids; defaults: Mcids };

export interface CaseSummary {
  id: number;
  patientId: number;
  condition: string;
  onsetDate: string;
  startDate: string;
  status: 'active' | 'discharged';
  phase: Phase;
  sessionsDone: number;
  expectedMin: number;
  expectedMax: number | null;
  nextReassessment: number | null;
  flags: Flag['kind'][];
}
