import { acupointByCode, acupointsNamed, normalizePointCode, searchAcupoints, type Acupoint } from '../catalogs/acupoints';
import type { CaseSide } from '../catalogs/conditions';
import { searchMuscles, type Muscle } from '../catalogs/muscles';
import type { LimbSide } from '../assessment';
import type { PointSide } from '../visit';
import { ESTIM_MINUTES, INTENSITY_MA, parseFrequency, waveformProblem, type Waveform } from './estim';

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
  waveform?: Waveform;
  intensityMa?: string;
  minutes?: string;
}

export type LeadPairEntry =
  | ({ ok: true; from: { point: Acupoint; side: 'L' | 'R' | 'M' }; to: { point: Acupoint; side: 'L' | 'R' | 'M' } } & LeadPairSettings)
  | { ok: false; problem: string };

/** Between the two ends of a lead pair: a spaced dash, "to", or an arrow. */
const PAIR_SEPARATOR = /\s+(?:-|–|—|to|↔|<->|<>)\s+/i;

/** The whole one-line syntax, as the help under the point box shows it and a refused line repeats it. */
export const LEAD_PAIR_SYNTAX = 'BL57 L - KI3 L 2/100 Hz dense-disperse 2 mA 20 min';
export const LEAD_PAIR_SETTINGS_HELP = 'Hz as 2 or 2/100; waveform continuous (cont), dense-disperse (dd) or intermittent (int); mA; min — in any order';

/**
 * The settings a lead pair's line may carry, each a whole word or two, in any order. A bare `2/100`
 * is a frequency too: nothing else is written as two numbers over a slash. The short forms are the
 * ones written on e-stim units and in clinic notes (cont, DD, int).
 */
const SETTINGS: readonly { key: keyof LeadPairSettings; pattern: RegExp; value: (m: RegExpMatchArray) => string }[] = [
  {
    key: 'frequency',
    pattern: /(?<![\w./])(\d+(?:\.\d+)?)(?:\s*\/\s*(\d+(?:\.\d+)?))?\s*hz\b/gi,
    value: (m) => (m[2] === undefined ? m[1]! : `${m[1]}/${m[2]}`),
  },
  { key: 'frequency', pattern: /(?<![\w./])(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)(?![\w./])/g, value: (m) => `${m[1]}/${m[2]}` },
  { key: 'intensityMa', pattern: /(?<![\w./])(\d+(?:\.\d+)?)\s*ma\b/gi, value: (m) => m[1]! },
  { key: 'minutes', pattern: /(?<![\w./])(\d+(?:\.\d+)?)\s*(?:min|mins|minute|minutes)\b/gi, value: (m) => m[1]! },
  {
    key: 'waveform',
    pattern: /(?<![\w-])(dense[\s/-]?disperse|d[/-]?d|continuous|cont|intermittent|interm|int)(?![\w-])/gi,
    value: (m) => {
      const w = m[1]!.toLowerCase();
      return w.startsWith('c') ? 'continuous' : w.startsWith('i') ? 'intermittent' : 'dense-disperse';
    },
  },
];

const SETTING_NAMES: Record<keyof LeadPairSettings, string> = { frequency: 'frequencies', waveform: 'waveforms', intensityMa: 'intensities', minutes: 'times' };

/** Takes every setting out of the line; what is left is the two ends. */
function takeSettings(text: string): { rest: string; settings: LeadPairSettings; problem: string | null } {
  const settings: Record<string, string> = {};
  let problem: string | null = null;
  let rest = text;
  for (const { key, pattern, value } of SETTINGS) {
    for (const match of rest.matchAll(pattern)) {
      const v = value(match);
      const before = settings[key];
      if (before !== undefined && before !== v) problem ??= `Two ${SETTING_NAMES[key]} given (${before} and ${v}): type one`;
      settings[key] = v;
    }
    rest = rest.replace(pattern, ' ');
  }
  return { rest, settings: settings as LeadPairSettings, problem };
}

/**
 * The settings checked as the row will be: a line that would make an invalid row is refused whole,
 * with the reason, rather than charted at a setting that was not given. A two-number frequency
 * means dense-disperse, and dense-disperse alone means the usual 2/100 Hz.
 */
function checkSettings(s: LeadPairSettings): { settings: LeadPairSettings; problem: string | null } {
  const out: LeadPairSettings = { ...s };
  if (out.frequency?.includes('/') && !out.waveform) out.waveform = 'dense-disperse';
  if (out.waveform === 'dense-disperse' && !out.frequency) out.frequency = '2/100';
  if (out.frequency !== undefined) {
    const f = parseFrequency(out.frequency);
    if (typeof f === 'string') return { settings: out, problem: f };
    const w = waveformProblem(out.waveform ?? 'continuous', f);
    if (w) return { settings: out, problem: w };
  } else if (out.waveform) {
    // A single-frequency waveform with no frequency typed keeps the usual 2 Hz.
    out.frequency = '2';
  }
  const ma = out.intensityMa === undefined ? null : Number(out.intensityMa);
  if (ma !== null && (ma < INTENSITY_MA.min || ma > INTENSITY_MA.max))
    return { settings: out, problem: `Intensity must be between ${INTENSITY_MA.min} and ${INTENSITY_MA.max} mA` };
  const min = out.minutes === undefined ? null : Number(out.minutes);
  if (min !== null && (!Number.isInteger(min) || min < ESTIM_MINUTES.min || min > ESTIM_MINUTES.max))
    return { settings: out, problem: `E-stim minutes must be a whole number from ${ESTIM_MINUTES.min} to ${ESTIM_MINUTES.max}` };
  return { settings: out, problem: null };
}

type End = { ok: true; point: Acupoint; side: 'L' | 'R' | 'M' } | { ok: false; problem: string };

/**
 * One end of the pair: a point and its side. Words after a point that are no setting are named
 * as such — `KI3 L 2/` is a point followed by something unreadable, not an unknown point.
 */
function resolveEnd(end: string, caseSide: CaseSide): End {
  const [entry] = parseAcupointEntry(end, caseSide);
  if (!entry) return { ok: false, problem: 'A lead pair needs a point at each end' };
  if (!entry.ok) {
    const words = end.trim().split(/\s+/);
    for (let n = words.length - 1; n >= 1; n--) {
      const [head] = parseAcupointEntry(words.slice(0, n).join(' '), caseSide);
      if (head?.ok) {
        const extra = words.slice(n).join(' ');
        return { ok: false, problem: `“${extra}” after ${head.point.code} is not a lead-pair setting: ${LEAD_PAIR_SETTINGS_HELP}` };
      }
    }
    return entry;
  }
  if (entry.side === 'B') return { ok: false, problem: `${entry.point.code}: a lead clips to one needle, so type L or R` };
  return { ok: true, point: entry.point, side: entry.side };
}

/**
 * A lead pair typed in the acupoint box: `GB31 R - GB34 R`, `BL57 L to KI3 L 2/100 Hz dd 2 mA
 * 20 min`, the settings (frequency, waveform, intensity, minutes) in any order after, before or
 * between the ends. Null when the text is not a pair (then it is a list of points). A lead clips
 * to one needle, so each end has one side: L, R or, for a midline point, M.
 */
export function parseLeadPairEntry(text: string, caseSide: CaseSide): LeadPairEntry | null {
  const taken = takeSettings(text);
  const ends = taken.rest.split(PAIR_SEPARATOR);
  if (ends.length !== 2) return null;
  const [from, to] = ends.map((end) => resolveEnd(end, caseSide));
  if (!from?.ok) return { ok: false, problem: from?.problem ?? 'A lead pair needs two points' };
  if (!to?.ok) return { ok: false, problem: to?.problem ?? 'A lead pair needs two points' };
  if (from.point.code === to.point.code && from.side === to.side) return { ok: false, problem: 'A lead pair joins two different needles' };
  if (taken.problem) return { ok: false, problem: taken.problem };
  const { settings, problem } = checkSettings(taken.settings);
  if (problem) return { ok: false, problem };
  return { ok: true, from: { point: from.point, side: from.side }, to: { point: to.point, side: to.side }, ...settings };
}

export interface ChartChoice {
  kind: 'point' | 'muscle';
  /** What the line says: `ST36 Zusanli L`, `Gastrocnemius (medial head) R`. */
  label: string;
  /** The same as typed in the point or muscle box, which charts it: `ST36 L`, `Gastrocnemius (medial head) R`. */
  entry: string;
}

/**
 * What the command palette offers to chart from what was typed (`ST36`, `zusanli r`, `gastroc`):
 * the best acupoint and muscle matches, each on the side typed or, without one, on each side
 * (a midline point once). An entry that is a whole code or name comes first; a few letters that
 * merely start one do not crowd the palette.
 */
export function chartChoices(text: string, limit = 2): ChartChoice[] {
  const { body, side } = splitSide(text);
  if (body.replace(/[^a-z0-9]/gi, '').length < 2) return [];
  const sides = (midline: boolean): string[] => (midline ? [''] : side ? [side] : ['L', 'R']);
  // A code or a name the text starts, not one it appears inside ('ah' is in Daheng).
  const key = body.toLowerCase().replace(/[\s\-'’.]+/g, '');
  const starts = (p: Acupoint) =>
    p.code.toLowerCase().replace('-', '').startsWith(key) ||
    p.pinyin
      .toLowerCase()
      .replace(/[\s\-'’.]+/g, '')
      .startsWith(key);
  const points = searchAcupoints(body, 10)
    .filter(starts)
    .slice(0, limit)
    .flatMap((p) =>
      sides(p.midline).map((s) => ({ kind: 'point' as const, label: `${p.code} ${p.pinyin}${s ? ` ${s}` : ''}`, entry: `${p.code}${s ? ` ${s}` : ''}` })),
    );
  const muscles = searchMuscles(body, limit).flatMap((m) =>
    sides(false).map((s) => ({ kind: 'muscle' as const, label: `${m.name} ${s}`, entry: `${m.name} ${s}` })),
  );
  return [...points, ...muscles];
}
