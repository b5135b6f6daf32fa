import { z } from 'zod';
import { optionalText, recordId, requiredText } from './fields';

/** Who signed and when; once present, the record never changes again. */
export interface Signature {
  providerId: number;
  providerName: string;
  credentials: string;
  signedAt: string;
}

/** A correction or later note under a signed record: the record itself stays as signed. */
export interface Addendum {
  id: number;
  authorId: number;
  authorName: string;
  writtenAt: string;
  text: string;
}

export const RECORD_KINDS = ['visit', 'assessment'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const signInput = z.strictObject({ id: recordId, providerId: recordId });
/** A visit is signed over a warning that needs it (shared/rules/safety.ts) only with a written reason. */
export const signVisitInput = signInput.extend({ overrideReason: optionalText('Override reason', 500, { multiLine: true }) });

export const addendumInput = z.strictObject({
  kind: z.enum(RECORD_KINDS),
  id: recordId,
  authorId: recordId,
  text: requiredText('Addendum', 4000, { multiLine: true }),
});

export const deleteDraftInput = z.strictObject({ id: recordId });
