/**
 * One fiscal year's ICD-10-CM code set (the CDC/NCHS code-descriptions file: one billable code per
 * line, without its dot, then its long description) and what the app asks of it: is this code
 * billable, what does it say, which real codes are nearest when it is not, and which 7th
 * characters its family takes. Pure: the database process reads the file (db/icd10cm.ts) and
 * hands the text here, so these rules are tested without Node.
 */

export interface CodeEntry {
  /** With its dot, as a superbill prints it: M84.361K. */
  code: string;
  description: string;
}

export interface CodeSet {
  /** The fiscal year the file is for: FY2026 runs from October 1, 2025 to September 30, 2026. */
  year: number;
  /** The bare billable codes (no dot) in code order. */
  readonly sorted: readonly string[];
  /** The file's text as published, and where each code's line starts in it (by position in `sorted`). */
  readonly text: string;
  readonly starts: Int32Array;
}

/** M84361K → M84.361K; a category alone (M54) has no dot. */
export const dotted = (bare: string): string => (bare.length > 3 ? `${bare.slice(0, 3)}.${bare.slice(3)}` : bare);
/** M84.361k → M84361K */
export const bareCode = (code: string): string => code.replace(/\./g, '').trim().toUpperCase();

/**
 * Reads the code-descriptions file's text: the code in the first 7 columns, one space, the
 * description. Only the codes are cut out; a description is read from the text when asked for, so
 * start-up pays for one pass and 74,719 short strings, nothing more.
 */
export function parseCodeSet(text: string, year: number): CodeSet {
  const parse = parsing(text, year);
  for (;;) {
    const step = parse.next();
    if (step.done) return step.value;
  }
}

/**
 * `parseCodeSet` a run of lines at a time, `between` awaited after each: the database process
 * reads the set while calls are answered (74,719 lines at once held its thread 50–120 ms).
 */
export async function parseCodeSetInSteps(text: string, year: number, between: () => Promise<void>): Promise<CodeSet> {
  const parse = parsing(text, year);
  for (;;) {
    const step = parse.next();
    if (step.done) return step.value;
    await between();
  }
}

/** Lines read between two steps of `parseCodeSetInSteps`. */
const LINES_A_STEP = 8192;

function* parsing(text: string, year: number): Generator<void, CodeSet> {
  const codes: string[] = [];
  const lineStarts: number[] = [];
  let inOrder = true;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const space = text.indexOf(' ', start);
    if (end > start + 1) {
      if (space < start + 3 || space > end) throw new Error(`ICD-10-CM ${year} file: line ${codes.length + 1} has no code`);
      const code = text.slice(start, space);
      if (codes.length > 0 && codes[codes.length - 1]! >= code) inOrder = false;
      codes.push(code);
      lineStarts.push(start);
      if (codes.length % LINES_A_STEP === 0) yield;
    }
    start = end + 1;
  }
  if (inOrder) return { year, sorted: codes, text, starts: Int32Array.from(lineStarts) };
  // NCHS publishes the file in code order; another order is put right once, here.
  const order = codes.map((_, i) => i).sort((a, b) => (codes[a]! < codes[b]! ? -1 : 1));
  return { year, sorted: order.map((i) => codes[i]!), text, starts: Int32Array.from(order.map((i) => lineStarts[i]!)) };
}

/** The long description of a billable code (bare), or undefined when the set has no such code. */
export function describe(set: CodeSet, bare: string): string | undefined {
  const i = lowerBound(set.sorted, bare);
  if (set.sorted[i] !== bare) return undefined;
  return describeAt(set, i);
}

/** The description of the code at a position of `sorted`. */
export function describeAt(set: CodeSet, i: number): string {
  const start = set.starts[i]!;
  let end = set.text.indexOf('\n', start);
  if (end === -1) end = set.text.length;
  return set.text.slice(start + set.sorted[i]!.length, end).trim();
}

export const isBillable = (set: CodeSet, bare: string): boolean => set.sorted[lowerBound(set.sorted, bare)] === bare;

/** The first index in `sorted` at or after `prefix`. */
export function lowerBound(sorted: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The billable codes under a prefix (bare), in code order, the prefix itself left out. */
export function billableUnder(set: CodeSet, prefix: string, limit = Infinity): string[] {
  const out: string[] = [];
  for (let i = lowerBound(set.sorted, prefix); i < set.sorted.length && out.length < limit; i++) {
    const c = set.sorted[i]!;
    if (!c.startsWith(prefix)) break;
    if (c !== prefix) out.push(c);
  }
  return out;
}

const hasUnder = (set: CodeSet, prefix: string) => set.sorted[lowerBound(set.sorted, prefix)]?.startsWith(prefix) ?? false;

export type CodeLookup =
  | { kind: 'billable'; code: string; description: string }
  /** A category or subcategory: every prefix of a billable code that is not billable itself. */
  | { kind: 'header'; code: string; billable: CodeEntry[]; more: number }
  | { kind: 'unknown'; code: string; nearest: CodeEntry[] };

const entry = (set: CodeSet, bare: string): CodeEntry => ({ code: dotted(bare), description: describe(set, bare)! });
/** How many codes a refusal offers: enough to pick from, few enough to read. */
const OFFERED = 8;

/** What the set says of a code typed with or without its dot. */
export function lookupCode(set: CodeSet, typed: string): CodeLookup {
  const bare = bareCode(typed);
  const code = dotted(bare);
  const description = describe(set, bare);
  if (description !== undefined) return { kind: 'billable', code, description };
  if (bare.length >= 3 && hasUnder(set, bare)) {
    const all = billableUnder(set, bare);
    return { kind: 'header', code, billable: all.slice(0, OFFERED * 2).map((c) => entry(set, c)), more: Math.max(0, all.length - OFFERED * 2) };
  }
  return { kind: 'unknown', code, nearest: nearestCodes(set, bare).map((c) => entry(set, c)) };
}

/**
 * The real codes nearest a code that does not exist: under its longest prefix that has billable
 * codes, those that agree with it longest and then differ by the closest character (M22.2X3 →
 * M22.2X2, M22.2X1, M22.2X9), shown in code order.
 */
export function nearestCodes(set: CodeSet, bare: string): string[] {
  // Up from the code until its prefix has a few real codes to choose from (M99.99 → M99.9 alone → M99).
  let prefix = bare.slice(0, -1);
  const under = (p: string) => (isBillable(set, p) ? [p] : []).concat(billableUnder(set, p, 3));
  while (prefix.length > 3 && under(prefix).length < 3) prefix = prefix.slice(0, -1);
  if (prefix.length < 3 && !hasUnder(set, prefix)) return [];
  const agree = (c: string) => {
    let k = 0;
    while (k < c.length && k < bare.length && c[k] === bare[k]) k++;
    return k;
  };
  const gap = (c: string, k: number) => (k < bare.length && k < c.length ? Math.abs(c.charCodeAt(k) - bare.charCodeAt(k)) : 64);
  return (isBillable(set, prefix) ? [prefix] : [])
    .concat(billableUnder(set, prefix))
    .map((c) => ({ c, k: agree(c), g: gap(c, agree(c)) }))
    .sort((a, b) => b.k - a.k || a.g - b.g || (a.c < b.c ? -1 : 1))
    .slice(0, OFFERED)
    .map((x) => x.c)
    .sort();
}

/**
 * Codes offered in a message, each with what sets it apart: the words all of them share are said
 * once by the code, so "M22.2X1 right knee, M22.2X2 left knee" rather than the long form three times.
 */
export function offerList(entries: readonly CodeEntry[]): string {
  if (entries.length === 0) return '';
  if (entries.length === 1) return `${entries[0]!.code} ${entries[0]!.description}`;
  const first = entries[0]!.description;
  let shared = first.length;
  for (const e of entries) {
    let k = 0;
    while (k < shared && k < e.description.length && e.description[k] === first[k]) k++;
    shared = k;
  }
  // Cut only at a comma, so no word is split: "Patellofemoral disorders, " is shared, "rig" is not.
  const cut = first.lastIndexOf(', ', shared - 1) + 2;
  const rest = (d: string) => (cut >= 2 && cut < d.length ? d.slice(cut) : d);
  return entries.map((e) => `${e.code} ${rest(e.description)}`).join(', ');
}

/** The refusal for a code that is not billable, naming the codes to choose instead. */
export function refusalOf(found: Exclude<CodeLookup, { kind: 'billable' }>): string {
  if (found.kind === 'header') {
    const more = found.more > 0 ? ` and ${found.more} more (search ${found.code})` : '';
    return `${found.code} is a category header, not a billable code: choose ${offerList(found.billable)}${more}`;
  }
  return found.nearest.length > 0
    ? `${found.code} is not an ICD-10-CM code: ${offerList(found.nearest)}`
    : `${found.code} is not an ICD-10-CM code: search by words or by the first letters of the code`;
}

/**
 * The 7th characters a 7-character code's family takes in this set: fractures A, D, G, K, P, S;
 * most injuries A, D, S. Empty for a code without one.
 */
export function seventhCharacters(set: CodeSet, code: string): string[] {
  const bare = bareCode(code);
  if (bare.length !== 7) return [];
  const stem = bare.slice(0, 6);
  return billableUnder(set, stem)
    .filter((c) => c.length === 7)
    .map((c) => c[6]!);
}

/** The encounter letters a visit records: the only 7th characters the visit's encounter may set. */
const ENCOUNTER_LETTERS = 'ADS';

/**
 * The code a visit bills for a case's code: the visit's encounter (A initial, D subsequent, S
 * sequela) picks within the code's own family, and only in place of another encounter letter. A
 * deliberate G, K or P (delayed healing, nonunion, malunion) or any other 7th character is never
 * overwritten, and a letter the family lacks is never made up.
 */
export function billedCode(set: CodeSet, caseCode: string, encounter: 'A' | 'D' | 'S' | null): string {
  const bare = bareCode(caseCode);
  if (!encounter || bare.length !== 7 || !ENCOUNTER_LETTERS.includes(bare[6]!)) return dotted(bare);
  const wanted = `${bare.slice(0, 6)}${encounter}`;
  return dotted(isBillable(set, wanted) ? wanted : bare);
}

/** Whether a case's code lets the visit's encounter choose its 7th character. */
export function encounterChooses(set: CodeSet, caseCode: string): boolean {
  const bare = bareCode(caseCode);
  if (bare.length !== 7 || !ENCOUNTER_LETTERS.includes(bare[6]!)) return false;
  const letters = seventhCharacters(set, bare);
  return [...ENCOUNTER_LETTERS].filter((l) => letters.includes(l)).length > 1;
}

/** The fiscal year a date of service (YYYY-MM-DD) falls in: October starts the next one. */
export const fiscalYearOf = (date: string): number => Number(date.slice(0, 4)) + (Number(date.slice(5, 7)) >= 10 ? 1 : 0);
