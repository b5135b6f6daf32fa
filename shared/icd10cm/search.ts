/**
 * Diagnosis search over a whole code set, as a practitioner types: by the code's first characters
 * (`M76.6`, `m766`), by words in any order (`achilles left tendinitis`, each word or its start), and
 * by the runner's own words the catalog knows (runner's knee, shin splints, ITB syndrome), with
 * accents and case ignored. Catalog conditions come first, then the practitioner's recent codes,
 * then the rest in code order. The index is built once per code set (an inverted list of words):
 * a search then touches only the codes that hold its rarest word.
 */
import { CONDITIONS, type Condition } from '../catalogs/conditions';
import { bareCode, describe, dotted, isBillable, lowerBound, type CodeSet } from './code-set';

export interface DiagnosisHit {
  code: string;
  description: string;
  /** The catalog condition that offers this code (the runner's name for it), if any. */
  condition: string | null;
  /** Among the practitioner's own recent codes. */
  recent: boolean;
}

export interface SearchIndex {
  set: CodeSet;
  /**
   * The set's text with its codes blanked, in lower case, anything but letters, digits and line
   * ends a space: each code's line is at the same place as in the file (`set.starts`), and a word
   * starting with `t` is found as ` t`.
   */
  text: string;
  /** The lines in the file's own order (tabular order puts C4A after C43): their starts, and each one's position in `set.sorted`. */
  lineStarts: Int32Array;
  lineCode: Int32Array;
  conditions: readonly { condition: Condition; words: readonly string[]; codes: readonly string[] }[];
}

/** Lower case, accents dropped, anything but letters and digits a space (runner's → runner s), as the index reads descriptions. */
export function normalizeWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * One pass over the file's characters: a single string searched with indexOf costs a fraction of
 * a per-word table to build (the bench's "code set" lines), and its matches come in code order,
 * so a search stops as soon as it has enough.
 */
export function buildSearchIndex(set: CodeSet): SearchIndex {
  const { text } = set;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 10)) c = 32;
    bytes[i] = c;
  }
  // Blank each line's code, so its description's first word has a space before it like the rest.
  set.starts.forEach((start, i) => bytes.fill(32, start, start + set.sorted[i]!.length));
  const conditions = CONDITIONS.map((condition) => ({
    condition,
    // Both "runner s" and "runners": a practitioner types the apostrophe or leaves it out.
    words: [...new Set([condition.name, ...condition.aka, condition.id].flatMap((t) => [...normalizeWords(t), ...normalizeWords(t.replace(/['’]/g, ''))]))],
    codes: [...new Set([...Object.values(condition.codes), ...Object.values(condition.alternatives ?? {})].flat().map((d) => bareCode(d.code)))],
  })).filter((c) => c.codes.length > 0);
  const lineCode = Int32Array.from(set.sorted.keys()).sort((a, b) => set.starts[a]! - set.starts[b]!);
  const lineStarts = lineCode.map((i) => set.starts[i]!);
  return { set, text: new TextDecoder().decode(bytes), lineStarts, lineCode, conditions };
}

const CODE_QUERY = /^[a-z]\d[0-9a-z]?\.?[0-9a-z]{0,4}$/i;
const startsAny = (words: readonly string[], token: string) => words.some((w) => w.startsWith(token));

/**
 * The codes matching a query, best first, at most `limit`. `recent` is the practitioner's own
 * recent codes (bare or dotted), most recent first.
 */
export function searchDiagnoses(index: SearchIndex, query: string, limit: number, recent: readonly string[] = []): DiagnosisHit[] {
  const { set } = index;
  const trimmed = query.trim();
  if (trimmed === '') return [];
  const tokens = normalizeWords(trimmed);
  const recentRank = new Map(recent.map((c, i) => [bareCode(c), i]));
  const fromCondition = new Map<string, string>();
  const matched: string[] = [];

  // The runner's words: every word typed starts a word of the condition's name or one of its aliases.
  if (tokens.length > 0) {
    for (const c of index.conditions) {
      if (tokens.every((t) => startsAny(c.words, t))) {
        for (const code of c.codes) {
          if (!fromCondition.has(code) && isBillable(set, code)) {
            fromCondition.set(code, c.condition.name);
            matched.push(code);
          }
        }
      }
    }
  }

  let found: string[];
  const enough = limit + matched.length;
  const codeQuery = CODE_QUERY.test(trimmed.replace(/\s+/g, '')) || tokens.every((t) => t.length === 1);
  if (codeQuery) {
    // A code's start: its range in code order. The dot is optional and case does not matter.
    const prefix = bareCode(trimmed.replace(/\s+/g, ''));
    found = [];
    for (let i = lowerBound(set.sorted, prefix); i < set.sorted.length && set.sorted[i]!.startsWith(prefix) && found.length < enough; i++)
      found.push(set.sorted[i]!);
  } else {
    found = wordMatches(index, tokens, enough);
  }

  // The practitioner's recent codes that fit the query, checked one by one (the search itself stops early).
  const fits = (bare: string) => {
    if (!isBillable(set, bare)) return false;
    if (found.includes(bare)) return true;
    const i = lowerBound(set.sorted, bare);
    const start = set.starts[i]!;
    const own = index.text.slice(start, index.text.indexOf('\n', start) + 1 || index.text.length);
    return codeQuery ? bare.startsWith(bareCode(trimmed.replace(/\s+/g, ''))) : tokens.every((t) => own.includes(` ${t}`));
  };
  const recentHits = [...recentRank.keys()].filter((c) => !fromCondition.has(c) && fits(c)).sort((a, b) => recentRank.get(a)! - recentRank.get(b)!);
  const first = new Set([...matched, ...recentHits]);
  const ordered = [...matched, ...recentHits];
  for (const c of found) {
    if (ordered.length >= limit) break;
    if (!first.has(c)) ordered.push(c);
  }
  return ordered.slice(0, limit).map((bare) => ({
    code: dotted(bare),
    description: describe(set, bare)!,
    condition: fromCondition.get(bare) ?? null,
    recent: recentRank.has(bare),
  }));
}

/**
 * Codes whose description has, for every word typed, a word starting with it, in code order and
 * at most `enough`: found by the longest word (the rarest, as a rule), the others checked on its lines.
 */
function wordMatches(index: SearchIndex, tokens: readonly string[], enough: number): string[] {
  if (tokens.length === 0) return [];
  const byLength = [...tokens].sort((a, b) => b.length - a.length);
  // The longest word the descriptions do not say everywhere: "tibia" rather than "fracture".
  const seed = byLength.find((t) => !COMMON.some((w) => w.startsWith(t))) ?? byLength[0]!;
  const rest = tokens.filter((t) => t !== seed);
  const { text, lineStarts, lineCode } = index;
  const out: number[] = [];
  let line = 0;
  let from = 0;
  while (out.length < enough) {
    const hit = text.indexOf(` ${seed}`, from);
    if (hit === -1) break;
    // Matches come in the file's order: move on to the line holding this one.
    let lo = line;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid]! <= hit) lo = mid;
      else hi = mid - 1;
    }
    line = lo;
    const end = line + 1 < lineStarts.length ? lineStarts[line + 1]! : text.length;
    if (rest.length === 0 || rest.every((t) => text.slice(lineStarts[line]!, end).includes(` ${t}`))) out.push(lineCode[line]!);
    from = end;
  }
  return out.sort((a, b) => a - b).map((i) => index.set.sorted[i]!);
}

/** Words most descriptions say (measured on FY2026: each in thousands of lines), never a search's seed when a rarer word is typed. */
const COMMON = [
  'fracture',
  'encounter',
  'initial',
  'subsequent',
  'unspecified',
  'other',
  'right',
  'left',
  'with',
  'without',
  'routine',
  'healing',
  'delayed',
  'displaced',
  'nondisplaced',
  'closed',
  'open',
  'injury',
  'sequela',
  'bilateral',
  'and',
  'of',
  'for',
  'the',
  'in',
  'to',
  'by',
  'due',
  'type',
  'region',
  'site',
  'part',
  'specified',
  'poisoning',
  'accidental',
  'unintentional',
];
