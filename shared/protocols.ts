import { z } from 'zod';
import { recordId, requiredText } from './fields';
import type { Treatment } from './visit';

/**
 * A practitioner's own protocols and phrases (migration 17). A protocol is a visit's treatment
 * saved under a name; a phrase is a trigger (`;pf`) that expands to the practitioner's sentence
 * in any note field as it is typed (`expandPhrases`).
 */
export const saveProtocolInput = z.strictObject({
  providerId: recordId,
  name: requiredText('Protocol name', 80),
  /** The visit whose saved treatment becomes the protocol. */
  fromVisitId: recordId,
});

export interface Protocol {
  id: number;
  providerId: number;
  name: string;
  treatment: Treatment;
}

export const PHRASE_TRIGGER = /^;[a-z0-9]{1,19}$/;

export const savePhraseInput = z.strictObject({
  providerId: recordId,
  trigger: z.string({ error: 'Trigger is required' }).trim().toLowerCase().regex(PHRASE_TRIGGER, 'Trigger must be ; then 1–19 letters or digits, e.g. ;pf'),
  text: requiredText('Phrase', 2000, { multiLine: true }),
});

export interface Phrase {
  id: number;
  providerId: number;
  trigger: string;
  text: string;
}

export { expandPhrases } from './phrases';
