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
  /**
   * Where every word starts in `text`, grouped by its first three characters (`KEYS` of them) and
   * in text order within a group: `wordStarts[keyStart[k] … keyStart[k + 1]]`. A search reads only
   * the group of its rarest word, never the whole text.
   */
  keyStart: Int32Array;
  wordStarts: Int32Array;
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
  // Word starts by their first three characters: counted, then placed, two passes over the bytes.
  const keyStart = new Int32Array(KEYS + 1);
  const keyAt = (p: number) => slot(bytes[p]!) * 37 * 37 + slot(bytes[p + 1] ?? 32) * 37 + slot(bytes[p + 2] ?? 32);
  const isWordStart = (p: number) => bytes[p] !== 32 && bytes[p] !== 10 && (p === 0 || bytes[p - 1] === 32 || bytes[p - 1] === 10);
  for (let p = 0; p < bytes.length; p++) if (isWordStart(p)) keyStart[keyAt(p) + 1]!++;
  for (let k = 0; k < KEYS; k++) keyStart[k + 1]! += keyStart[k]!;
  const wordStarts = new Int32Array(keyStart[KEYS]!);
  const next = keyStart.slice(0, KEYS);
  for (let p = 0; p < bytes.length; p++) if (isWordStart(p)) wordStarts[next[keyAt(p)]!++] = p;
  const conditions = CONDITIONS.map((condition) => ({
    condition,
    // Both "runner s" and "runners": a practitioner types the apostrophe or leaves it out.
    words: [...new Set([condition.name, ...condition.aka, condition.id].flatMap((t) => [...normalizeWords(t), ...normalizeWords(t.replace(/['’]/g, ''))]))],
    codes: [...new Set([...Object.values(condition.codes), ...Object.values(condition.alternatives ?? {})].flat().map((d) => bareCode(d.code)))],
  })).filter((c) => c.codes.length > 0);
  const lineCode = Int32Array.from(set.sorted.keys()).sort((a, b) => set.starts[a]! - set.starts[b]!);
  const lineStarts = lineCode.map((i) => set.starts[i]!);
  return { set, text: new TextDecoder().decode(bytes), lineStarts, lineCode, keyStart, wordStarts, conditions };
}

/** A character's place in a word key: 1–26 letters, 27–36 digits, 0 the end of the word. */
const slot = (c: number): number => (c >= 97 && c <= 122 ? c - 96 : c >= 48 && c <= 57 ? c - 21 : 0);
const KEYS = 37 * 37 * 37;

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
  const { text, lineStarts, lineCode, keyStart, wordStarts } = index;
  // The group of word starts a token's own start falls in: one key for three characters or more, a run of keys for fewer.
  const range = (t: string): [number, number] => {
    const c = [...t.slice(0, 3)].map((ch) => slot(ch.charCodeAt(0)));
    const lo = (c[0] ?? 0) * 37 * 37 + (c[1] ?? 0) * 37 + (c[2] ?? 0);
    const hi = t.length >= 3 ? lo : t.length === 2 ? lo + 36 : lo + 37 * 37 - 1;
    return [keyStart[lo]!, keyStart[hi + 1]!];
  };
  // The seed: the word with the fewest starts to look at.
  const ranked = tokens.map((t) => ({ t, r: range(t) })).sort((a, b) => a.r[1] - a.r[0] - (b.r[1] - b.r[0]));
  const { t: seed, r } = ranked[0]!;
  const rest = tokens.filter((t) => t !== seed);
  let starts = wordStarts.subarray(r[0], r[1]);
  // Fewer than three characters span several keys: put their starts back in text order.
  if (seed.length < 3) starts = Int32Array.from(starts).sort();
  const out: number[] = [];
  let line = 0;
  let lastLine = -1;
  for (const p of starts) {
    if (out.length >= enough) break;
    if (!text.startsWith(seed, p)) continue;
    let lo = line;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid]! <= p) lo = mid;
      else hi = mid - 1;
    }
    line = lo;
    if (line === lastLine) continue;
    lastLine = line;
    const end = line + 1 < lineStarts.length ? lineStarts[line + 1]! : text.length;
    if (rest.length === 0 || rest.every((t) => text.slice(lineStarts[line]!, end).includes(` ${t}`))) out.push(lineCode[line]!);
  }
  return out.sort((a, b) => a - b).map((i) => index.set.sorted[i]!);
}
