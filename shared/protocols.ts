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

/**
 * Expands each trigger typed as a word of its own and followed by a space, a line break or
 * punctuation: `;pf ` becomes the phrase. A trigger still being typed (no space after it yet) is
 * left alone, so `;p` never fires before `;pf` is finished.
 */
export function expandPhrases(text: string, phrases: readonly Pick<Phrase, 'trigger' | 'text'>[]): string {
  if (phrases.length === 0 || !text.includes(';')) return text;
  const byTrigger = new Map(phrases.map((p) => [p.trigger, p.text]));
  return text.replace(/(^|[\s(])(;[a-z0-9]{1,19})(?=[\s.,:!?)])/gi, (whole, before: string, trigger: string) => {
    const body = byTrigger.get(trigger.toLowerCase());
    return body === undefined ? whole : `${before}${body}`;
  });
}
