/**
 * What a stored string may hold. Control characters (NUL, ESC, the C1 range…) are invisible
 * on screen and in a PDF, can end a C string early in another program reading the file, and
 * have no place in a clinical record; an unpaired UTF-16 surrogate cannot be stored as valid
 * UTF-8 at all. Notes typed over several lines keep newline and tab.
 *
 * Invisible formatting characters are refused too, in every field, because they make stored text
 * read other than it is: a bidi control (U+202E turns "Reyes" around on screen, in a PDF and in a
 * search result; U+2066–2069 isolate runs, U+200E/200F and U+061C are marks), a zero-width
 * character (U+200B, U+FEFF, U+2060 split a name so that search and duplicate checks miss it) and
 * tag characters (U+E0000–E007F, invisible letters that can carry hidden text). ZWJ and ZWNJ
 * (U+200D, U+200C) shape Persian, Indic and Arabic words, so a note keeps them; a name or a
 * one-line field does not.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const ZERO_WIDTH_ALWAYS = /[\u200B\uFEFF\u2060]/;
const JOINERS = /[\u200C\u200D]/;
const TAGS = /[\u{E0000}-\u{E007F}]/u;
/** Every invisible character above at once: most text has none, and is let through on one test. */
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\uFEFF\u2060\u{E0000}-\u{E007F}]/u;

const codeOf = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

export function textProblem(label: string, value: string, multiLine: boolean): string | null {
  if (!value.isWellFormed()) return `${label} contains a broken character (an unpaired surrogate): retype it`;
  const control = (multiLine ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).exec(value);
  if (control) {
    const what = !multiLine && (control[0] === '\n' || control[0] === '\t') ? 'a line break or tab' : `a control character (${codeOf(control[0])})`;
    return `${label} contains ${what}, which cannot be stored`;
  }
  if (!INVISIBLE.test(value)) return null;
  const found: [RegExp, string][] = [
    [BIDI, 'an invisible text-direction character'],
    [ZERO_WIDTH_ALWAYS, 'an invisible zero-width character'],
    [TAGS, 'an invisible tag character'],
    ...(multiLine ? [] : ([[JOINERS, 'an invisible joining character']] as [RegExp, string][])),
  ];
  for (const [pattern, what] of found) {
    const hit = pattern.exec(value);
    if (hit) return `${label} contains ${what} (${codeOf(hit[0])}), which cannot be stored: retype it`;
  }
  return null;
}
