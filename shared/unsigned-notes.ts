import { z } from 'zod';
import { recordId } from './fields';

/** How many unsigned notes a list shows unless asked for more. */
export const UNSIGNED_LIST_LIMIT = 50;

/**
 * Notes left unsigned: drafts do not count as sessions and stay out of superbills, so they are
 * listed where they would otherwise be forgotten (db/queries/unsigned-notes.ts).
 */
export const unsignedNotesQuery = z.strictObject({
  patientId: recordId.optional(),
  caseId: recordId.optional(),
  /** Visits of this month only (`YYYY-MM`): what a month's superbill batch leaves out. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Month must be YYYY-MM')
    .optional(),
  /** The oldest this many are listed; the counts cover them all. */
  limit: z
    .number({ error: 'Limit must be a number' })
    .int('Limit must be a whole number')
    .min(1, 'Limit must be at least 1')
    .max(500, 'Limit must be at most 500')
    .default(UNSIGNED_LIST_LIMIT),
});

/** The oldest notes listed: a clinic with two thousand drafts needs to see the oldest and how many, not all of them. */
export interface UnsignedNotes {
  notes: UnsignedNote[];
  total: number;
  /** How many are older than STALE_DRAFT_HOURS. */
  stale: number;
}

export interface UnsignedNote {
  kind: 'visit' | 'assessment';
  id: number;
  patientId: number;
  patientName: string;
  caseId: number;
  condition: string;
  /** The visit's start or the assessment's date. */
  date: string;
  providerName: string;
  /** Hours since the draft was opened. */
  ageHours: number;
}

export { STALE_DRAFT_HOURS } from './stale-drafts';
