import { z } from 'zod';
import type { CaseSide } from './catalogs/conditions';
import { OUTCOME_MEASURES, type MeasureId } from './catalogs/outcome-measures';
import type { Phase } from './rules/framework';
import type { Mcids } from './rules/mcid';
import type { Flag, MeasureChange, ReassessmentState } from './rules/progress';

import { REVIEW_FILTERS, REVIEW_SORTS, type ReviewFilter, type ReviewSort } from './review-choices';

export { REVIEW_FILTERS, REVIEW_SORTS, type ReviewFilter, type ReviewSort };

export const reviewQuery = z.strictObject({
  filter: z.enum(REVIEW_FILTERS).default('all'),
  sort: z.enum(REVIEW_SORTS).default('flags'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  /** The opaque position a previous page returned as `next`: the page after it, read by keyset (never by offset). */
  after: z.string().max(500, 'Page position is too long').optional(),
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
  /** The position of this page's last row: pass it as `after` for the next page; null on the last page. */
  next: string | null;
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

/** The kept row's keys for each sort and filter (db/queries/review-rows.ts stores them as columns). */
export interface ReviewKeys {
  patient: string;
  condition: string;
  phase: number;
  sessions: number;
  nextReassessment: number;
  change: number;
  flags: number;
  /** The next race's date, or NO_RACE: sorting by date is sorting by days to go. */
  nextRace: string;
  due: boolean;
  notImproving: boolean;
}

export const NO_RACE = '9999-12-31';
const PHASE_ORDER = { acute: 0, subacute: 1, chronic: 2, maintenance: 3 } as const;

/**
 * What the dashboard sorts and filters a row by. Ties go by patient name, then case, in every sort.
 * None of the keys depends on the day but the race's, which is a date: the row needs rewriting when
 * the day changes only for its date-driven flags.
 */
export function reviewKeys(r: ReviewRow): ReviewKeys {
  return {
    patient: r.patientName.toLowerCase(),
    condition: r.conditionText.toLowerCase(),
    phase: PHASE_ORDER[r.phase],
    sessions: r.expected.max ? r.sessionsDone / r.expected.max : 0,
    nextReassessment: r.reassessment ? r.reassessment.session - r.sessionsDone : 999,
    change: r.pain?.improvement ?? -99,
    // A worsening case outranks any number of other flags.
    flags: r.flags.length + (r.flags.some((f) => f.kind === 'worsening') ? 100 : 0),
    nextRace: r.nextRace?.date ?? NO_RACE,
    due: r.flags.some((f) => f.kind === 'reassessment_due' || f.kind === 'reassessment_overdue'),
    notImproving: r.flags.some((f) => f.kind === 'not_improving' || f.kind === 'worsening'),
  };
}

/** A race within this many days puts the case under "Race soon". */
export const RACE_SOON_DAYS = 10;
