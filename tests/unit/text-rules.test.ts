import { describe, expect, it } from 'vitest';
import { noteText, requiredText } from '../../shared/fields';

/**
 * Invisible characters that make stored text read other than it is (shared/validation/text.ts):
 * each is refused in a one-line field and in a note, naming the field and the character, except
 * the joiners (ZWJ, ZWNJ) that a note keeps for the scripts that need them.
 */
const name = requiredText('Last name', 80);
const note = noteText('Subjective', 20_000);
const problem = (schema: typeof name | typeof note, value: string) => {
  const r = schema.safeParse(value);
  return r.success ? null : r.error.issues[0]!.message;
};

const cases: [what: string, char: string, kind: string, inNote: 'refused' | 'kept'][] = [
  ['LEFT-TO-RIGHT EMBEDDING', '\u202A', 'text-direction', 'refused'],
  ['RIGHT-TO-LEFT EMBEDDING', '\u202B', 'text-direction', 'refused'],
  ['POP DIRECTIONAL FORMATTING', '\u202C', 'text-direction', 'refused'],
  ['LEFT-TO-RIGHT OVERRIDE', '\u202D', 'text-direction', 'refused'],
  ['RIGHT-TO-LEFT OVERRIDE', '\u202E', 'text-direction', 'refused'],
  ['LEFT-TO-RIGHT ISOLATE', '\u2066', 'text-direction', 'refused'],
  ['RIGHT-TO-LEFT ISOLATE', '\u2067', 'text-direction', 'refused'],
  ['FIRST STRONG ISOLATE', '\u2068', 'text-direction', 'refused'],
  ['POP DIRECTIONAL ISOLATE', '\u2069', 'text-direction', 'refused'],
  ['LEFT-TO-RIGHT MARK', '\u200E', 'text-direction', 'refused'],
  ['RIGHT-TO-LEFT MARK', '\u200F', 'text-direction', 'refused'],
  ['ARABIC LETTER MARK', '\u061C', 'text-direction', 'refused'],
  ['ZERO WIDTH SPACE', '\u200B', 'zero-width', 'refused'],
  ['ZERO WIDTH NO-BREAK SPACE (BOM)', '\uFEFF', 'zero-width', 'refused'],
  ['WORD JOINER', '\u2060', 'zero-width', 'refused'],
  ['TAG LATIN SMALL LETTER A', '\u{E0061}', 'tag', 'refused'],
  ['LANGUAGE TAG', '\u{E0001}', 'tag', 'refused'],
  ['CANCEL TAG', '\u{E007F}', 'tag', 'refused'],
  ['ZERO WIDTH JOINER', '\u200D', 'joining', 'kept'],
  ['ZERO WIDTH NON-JOINER', '\u200C', 'joining', 'kept'],
];

describe('invisible characters in text fields', () => {
  it.each(cases)('%s is refused in a name, naming the field and the character', (_what, char, kind) => {
    const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    expect(problem(name, `Re${char}yes`)).toBe(`Last name contains an invisible ${kind} character (${code}), which cannot be stored: retype it`);
  });

  it.each(cases)('%s in a note: refused unless a joiner', (_what, char, _kind, inNote) => {
    const r = note.safeParse(`Knee better${char} today`);
    if (inNote === 'kept') expect(r).toEqual({ success: true, data: `Knee better${char} today` });
    else expect(r.success ? null : r.error.issues[0]!.message).toMatch(/^Subjective contains an invisible (text-direction|zero-width|tag) character \(U\+/);
  });

  it('lets text through that only looks unusual: accents, CJK, Arabic, emoji without tags', () => {
    for (const ok of ['Müller-Ñúñez', '王小明', 'عبد الله', 'O’Brien', 'Knee 🏃 better']) expect(problem(name, ok)).toBeNull();
  });
});
