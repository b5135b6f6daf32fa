import { z } from 'zod';
import { plainText } from './fields';
import type { AssessmentKind } from './assessment';
import type { CareCase } from './case';
import type { MeasureId } from './catalogs/outcome-measures';
import type { RecordKind, Signature, Addendum } from './signing';
import type { Treatment } from './visit';
import type { TcmSummary } from './tcm';
import type { Mcids } from './rules/mcid';
import type { CaseProgress } from './rules/progress';
import type { RaceRef } from './rules/race-timing';

export interface TimelineAssessment {
  kind: 'assessment';
  id: number;
  at: string;
  assessmentKind: AssessmentKind;
  providerName: string;
  painCurrent: number | null;
  outcomes: { measure: MeasureId; score: number }[];
  /** Tongue, pulse and pattern, one line each (shared/tcm.ts), when charted. */
  tcm: TcmSummary;
  signature: Signature | null;
  addenda: Addendum[];
}

export interface TimelineVisit {
  kind: 'visit';
  id: number;
  at: string;
  number: number;
  /** Position among signed visits: the session count of the frameworks. Null for a draft. */
  session: number | null;
  providerName: string;
  faceMinutes: number | null;
  painBefore: number | null;
  painAfter: number | null;
  treatment: Treatment;
  tcm: TcmSummary;
  signature: Signature | null;
  addenda: Addendum[];
}

export type TimelineEntry = TimelineAssessment | TimelineVisit;

export interface CaseDetail {
  careCase: CareCase;
  timeline: TimelineEntry[];
  /** Where the case stands against its framework, with its flags. */
  progress: CaseProgress;
  /** The clinic's MCIDs, for the threshold lines on the charts. */
  mcids: Mcids;
  /** The patient's races, for race-timing warnings on the chart. */
  races: RaceRef[];
}

export const noteSearchInput = z.strictObject({
  query: z.string({ error: 'Search must be text' }).trim().min(2, 'Search for at least 2 characters').pipe(plainText('Search', 200)),
  limit: z.number().int().min(1).max(100).default(30),
  /**
   * newest: the most recently written matches first (what "when did I last note this" wants).
   * best: the best-ranked among the newest NOTE_SEARCH_WINDOW matches, so ranking never reads all of them.
   */
  order: z.enum(['newest', 'best']).default('newest'),
});
/**
 * How many of the newest matches "best" ranks: at 200, a phrase in 25,000 notes ranks in about 6 ms
 * on the ten-year clinic (docs/performance.md), within the 10 ms a search may take.
 */
export const NOTE_SEARCH_WINDOW = 200;

export interface NoteHit {
  recordKind: RecordKind;
  recordId: number;
  /** The note's text, an addendum, or what was needled and billed (db/queries/treatment-search.ts). */
  source: 'note' | 'addendum' | 'treatment';
  caseId: number;
  conditionText: string;
  patientId: number;
  patientName: string;
  at: string;
  /** Text around the match; the matched words are wrapped in \u0002 … \u0003 so the UI marks them without HTML. */
  snippet: string;
}
