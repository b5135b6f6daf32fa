import { acupointByCode, acupointsNamed, normalizePointCode, type Acupoint } from '../catalogs/acupoints';
import type { CaseSide } from '../catalogs/conditions';
import { searchMuscles, type Muscle } from '../catalogs/muscles';
import type { LimbSide } from '../assessment';
import type { PointSide } from '../visit';

/**
 * What the practitioner types at the table: `ST36 B`, `GB34 R, GB31 R`, `zusanli b`, or
 * `gastroc med L`. A trailing L / R / B (or left / right / both) is the side; without one, the
 * case's side is used (midline points are always M).
 */
const SIDE_WORDS: Record<string, LimbSide> = { l: 'L', left: 'L', r: 'R', right: 'R', b: 'B', both: 'B', bilateral: 'B', bi: 'B' };

export function defaultSide(caseSide: CaseSide): LimbSide {
  return caseSide === 'left' ? 'L' : caseSide === 'right' ? 'R' : 'B';
}

function splitSide(text: string): { body: string; side: LimbSide | null } {
  const words = text.trim().split(/\s+/);
  const last = words[words.length - 1]?.toLowerCase() ?? '';
  if (words.length > 1 && SIDE_WORDS[last]) return { body: words.slice(0, -1).join(' '), side: SIDE_WORDS[last] };
  return { body: text.trim(), side: null };
}

export type PointEntry = { ok: true; point: Acupoint; side: PointSide } | { ok: false; text: string; problem: string };

/** One comma- or semicolon-separated entry per point; each resolves on its own. */
export function parseAcupointEntry(text: string, caseSide: CaseSide): PointEntry[] {
  return text
    .split(/[,;]+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part): PointEntry => {
      const { body, side } = splitSide(part);
      const code = normalizePointCode(body);
      // A name resolves when it names one point: WHO pinyin or an older romanisation (Zanzhu is BL2).
      const named = code ? [] : acupointsNamed(body);
      if (named.length > 1) return { ok: false, text: part, problem: `${body} names ${named.map((p) => p.code).join(' and ')}: type the code` };
      const point = code ? acupointByCode(code) : named[0];
      if (!point) return { ok: false, text: part, problem: `${body} is not an acupoint in the catalog` };
      if (point.midline) return { ok: true, point, side: 'M' };
      return { ok: true, point, side: side ?? defaultSide(caseSide) };
    });
}

export type MuscleEntry = { ok: true; muscle: Muscle; side: LimbSide } | { ok: false; text: string; problem: string };

export function parseMuscleEntry(text: string, caseSide: CaseSide): MuscleEntry {
  const { body, side } = splitSide(text);
  const [muscle] = searchMuscles(body, 1);
  if (!body || !muscle) return { ok: false, text, problem: `${body || 'That'} is not a muscle in the catalog` };
  return { ok: true, muscle, side: side ?? defaultSide(caseSide) };
}

export interface LeadPairSettings {
  frequency?: string;
  intensityMa?: string;
  minutes?: string;
}

export type LeadPairEntry =
  | ({ ok: true; from: { point: Acupoint; side: 'L' | 'R' | 'M' }; to: { point: Acupoint; side: 'L' | 'R' | 'M' } } & LeadPairSettings)
  | { ok: false; problem: string };

/** Between the two ends of a lead pair: a spaced dash, "to", or an arrow. */
const PAIR_SEPARATOR = /\s+(?:-|–|—|to|↔|<->|<>)\s+/i;
const SETTING = /(\d+(?:\.\d+)?)\s*(hz|ma|min)\b/gi;

/**
 * A lead pair typed in the acupoint box: `GB31 R - GB34 R`, `BL57 L to KI3 L 2.5 mA`, with any of
 * `N Hz`, `N mA`, `N min` after it. Null when the text is not a pair (then it is a list of points).
 * A lead clips to one needle, so each end has one side: L, R or, for a midline point, M.
 */
export function parseLeadPairEntry(text: string, caseSide: CaseSide): LeadPairEntry | null {
  const settings: LeadPairSettings = {};
  const rest = text.replace(SETTING, (_, value: string, unit: string) => {
    const key = unit.toLowerCase() === 'hz' ? 'frequency' : unit.toLowerCase() === 'ma' ? 'intensityMa' : 'minutes';
    settings[key] = value;
    return ' ';
  });
  const ends = rest.split(PAIR_SEPARATOR);
  if (ends.length !== 2) return null;
  const resolved = ends.map((end) => {
    const [entry] = parseAcupointEntry(end, caseSide);
    if (!entry) return { ok: false as const, problem: 'A lead pair needs a point at each end' };
    if (!entry.ok) return entry;
    if (entry.side === 'B') return { ok: false as const, problem: `${entry.point.code}: a lead clips to one needle, so type L or R` };
    return { ok: true as const, point: entry.point, side: entry.side };
  });
  const [from, to] = resolved;
  if (!from?.ok) return { ok: false, problem: from?.problem ?? 'A lead pair needs two points' };
  if (!to?.ok) return { ok: false, problem: to?.problem ?? 'A lead pair needs two points' };
  if (from.point.code === to.point.code && from.side === to.side) return { ok: false, problem: 'A lead pair joins two different needles' };
  return { ok: true, from: { point: from.point, side: from.side }, to: { point: to.point, side: to.side }, ...settings };
}
