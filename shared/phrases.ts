/**
 * Expands each trigger typed as a word of its own and followed by a space, a line break or
 * punctuation: `;pf ` becomes the phrase. A trigger still being typed (no space after it yet) is
 * left alone, so `;p` never fires before `;pf` is finished. Apart from the phrases' schemas
 * (shared/protocols.ts): every note field of the window expands as it is typed.
 */
export function expandPhrases(text: string, phrases: readonly { trigger: string; text: string }[]): string {
  if (phrases.length === 0 || !text.includes(';')) return text;
  const byTrigger = new Map(phrases.map((p) => [p.trigger, p.text]));
  return text.replace(/(^|[\s(])(;[a-z0-9]{1,19})(?=[\s.,:!?)])/gi, (whole, before: string, trigger: string) => {
    const body = byTrigger.get(trigger.toLowerCase());
    return body === undefined ? whole : `${before}${body}`;
  });
}
