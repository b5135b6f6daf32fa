import { z } from 'zod';

/**
 * The safety copy of a form's unsaved typing (db/queries/unsaved-drafts.ts). A form is named by
 * what it edits: `visit.12`, `assessment.3`. The values are the form's own state as JSON, kept
 * whole so that a reload restores exactly what was on screen.
 */
export const UNSAVED_KEY = /^(visit|assessment)\.[1-9]\d{0,9}$/;
export const MAX_UNSAVED_CHARS = 1_000_000;

const draftKey = z.string().regex(UNSAVED_KEY, 'Form must name a visit or an assessment');

/**
 * Where a copy or a clear stands in the form's order (migration 24): a later one wins, whatever
 * order they arrive in. Left out, it is 0, and the call is unconditional.
 */
const seq = z.number().int('Order must be a whole number').min(0, 'Order must not be negative').max(Number.MAX_SAFE_INTEGER, 'Order is too large');

export const unsavedKeyInput = z.strictObject({ key: draftKey });
export const clearUnsavedInput = z.strictObject({ key: draftKey, seq: seq.optional() });
export const keepUnsavedInput = z.strictObject({
  key: draftKey,
  seq: seq.optional(),
  values: z
    .string()
    .max(MAX_UNSAVED_CHARS, 'The unsaved form is too large to keep')
    .refine((v) => {
      try {
        JSON.parse(v);
        return true;
      } catch {
        return false;
      }
    }, 'The unsaved form must be JSON'),
});

export interface UnsavedDraft {
  /** The form's values as JSON, or null when nothing unsaved is kept. */
  values: string | null;
  keptAt: string | null;
}

/** The key of the form that edits a visit or an assessment. */
export const unsavedKey = (kind: 'visit' | 'assessment', id: number) => `${kind}.${id}`;
