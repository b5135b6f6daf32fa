/**
 * What a stored string may hold. Control characters (NUL, ESC, the C1 range…) are invisible
 * on screen and in a PDF, can end a C string early in another program reading the file, and
 * have no place in a clinical record; an unpaired UTF-16 surrogate cannot be stored as valid
 * UTF-8 at all. Notes typed over several lines keep newline and tab.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;

export function textProblem(label: string, value: string, multiLine: boolean): string | null {
  if (!value.isWellFormed()) return `${label} contains a broken character (an unpaired surrogate): retype it`;
  const control = (multiLine ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).exec(value);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const what = !multiLine && (control[0] === '\n' || control[0] === '\t') ? 'a line break or tab' : `a control character (U+${code})`;
    return `${label} contains ${what}, which cannot be stored`;
  }
  return null;
}
