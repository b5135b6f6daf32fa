import { z } from 'zod';
import { optionalInteger, optionalText } from './fields';

/**
 * TCM findings charted on visits and assessments (migration 16): the tongue, the pulse by position
 * and the pattern. All optional, and shown only when the clinic turns them on (Settings), so a
 * dry-needling practice never sees them. Kept as one JSON value on the record's own row, so they
 * are sealed and guarded with it once signed.
 */
export const TONGUE_BODY = ['pale', 'pink', 'red', 'crimson', 'purple', 'bluish-purple'] as const;
export const TONGUE_SHAPE = ['normal', 'swollen', 'thin', 'tooth-marked', 'cracked', 'stiff', 'deviated'] as const;
export const COATING_COLOUR = ['white', 'yellow', 'grey', 'black', 'peeled'] as const;
export const COATING_THICKNESS = ['none', 'thin', 'thick', 'greasy'] as const;
export const TONGUE_MOISTURE = ['normal', 'dry', 'moist', 'wet'] as const;

export const PULSE_POSITIONS = ['leftCun', 'leftGuan', 'leftChi', 'rightCun', 'rightGuan', 'rightChi'] as const;
export type PulsePosition = (typeof PULSE_POSITIONS)[number];
export const PULSE_POSITION_LABEL: Record<PulsePosition, string> = {
  leftCun: 'Left cun',
  leftGuan: 'Left guan',
  leftChi: 'Left chi',
  rightCun: 'Right cun',
  rightGuan: 'Right guan',
  rightChi: 'Right chi',
};
export const PULSE_QUALITIES = [
  'floating',
  'deep',
  'slow',
  'rapid',
  'wiry',
  'slippery',
  'thready',
  'choppy',
  'weak',
  'full',
  'tight',
  'soggy',
  'hollow',
  'knotted',
  'moderate',
] as const;
export type PulseQuality = (typeof PULSE_QUALITIES)[number];

export const TCM_PATTERNS = [
  'Qi and Blood stagnation',
  'Liver Qi stagnation',
  'Liver Blood deficiency',
  'Qi deficiency',
  'Blood deficiency',
  'Spleen Qi deficiency',
  'Kidney Yang deficiency',
  'Kidney Yin deficiency',
  'Damp-Heat',
  'Cold-Damp Bi',
  'Wind-Damp Bi',
  'Heat Bi',
] as const;

/** The bounds the schema holds a record to, and `storedTcm` checks a stored one against. */
const PULSE_RATE = { min: 30, max: 220 } as const;
const MAX_QUALITIES = 4;
const MAX_PATTERNS = 6;

/** One of a list, or blank: what a select sends as typed. */
const choice = <T extends readonly string[]>(values: T, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .max(40, `${label} must be one of: ${values.join(', ')}`)
    .nullish()
    .transform((v, ctx): T[number] | null => {
      if (!v) return null;
      if (!values.includes(v)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be one of: ${values.join(', ')}` });
        return z.NEVER;
      }
      return v;
    });

/**
 * A pulse position as typed, "wiry slippery" or "wiry, rapid": each word must be a quality from
 * the list, so a typo is named rather than stored.
 */
const pulseText = (position: PulsePosition) =>
  z
    .union([z.string().max(120, `${PULSE_POSITION_LABEL[position]} must be at most 120 characters`), z.array(z.string())])
    .nullish()
    .transform((v, ctx) => {
      const words = (Array.isArray(v) ? v : (v ?? '').split(/[\s,;]+/)).map((w) => w.trim().toLowerCase()).filter(Boolean);
      const unknown = words.filter((w) => !(PULSE_QUALITIES as readonly string[]).includes(w));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${PULSE_POSITION_LABEL[position]}: ${unknown.join(', ')} is not a pulse quality (${PULSE_QUALITIES.join(', ')})`,
        });
        return z.NEVER;
      }
      if (words.length > MAX_QUALITIES) {
        ctx.addIssue({ code: 'custom', message: `${PULSE_POSITION_LABEL[position]}: at most ${MAX_QUALITIES} qualities` });
        return z.NEVER;
      }
      return [...new Set(words)] as PulseQuality[];
    });

export const tcmInput = z.strictObject({
  tongueBody: choice(TONGUE_BODY, 'Tongue body'),
  tongueShape: choice(TONGUE_SHAPE, 'Tongue shape'),
  coatingColour: choice(COATING_COLOUR, 'Coating colour'),
  coatingThickness: choice(COATING_THICKNESS, 'Coating thickness'),
  tongueMoisture: choice(TONGUE_MOISTURE, 'Tongue moisture'),
  tongueNotes: optionalText('Tongue notes', 300),
  pulseRate: optionalInteger('Pulse rate', PULSE_RATE.min, PULSE_RATE.max),
  pulse: z.strictObject(Object.fromEntries(PULSE_POSITIONS.map((p) => [p, pulseText(p)])) as Record<PulsePosition, ReturnType<typeof pulseText>>),
  patterns: z
    .array(z.enum(TCM_PATTERNS, { error: 'Pattern must be one from the list (or written in the pattern notes)' }))
    .max(MAX_PATTERNS, `At most ${MAX_PATTERNS} patterns`)
    .default([]),
  patternNotes: optionalText('Pattern notes', 300),
});
export type TcmFindings = z.output<typeof tcmInput>;

const CHOICES: [keyof TcmFindings, readonly string[]][] = [
  ['tongueBody', TONGUE_BODY],
  ['tongueShape', TONGUE_SHAPE],
  ['coatingColour', COATING_COLOUR],
  ['coatingThickness', COATING_THICKNESS],
  ['tongueMoisture', TONGUE_MOISTURE],
];
const TCM_KEYS = Object.keys(tcmInput.shape).length;

/**
 * The findings as the column holds them when they are exactly what `tcmInput` gives back (the
 * column is written only from its output, db/queries/tcm.ts), checked without running the schema;
 * anything else — a row from before a list grew, or with notes, whose text rules live in the
 * schema — is undefined, and the reader parses it with `tcmInput`. A timeline reads one per
 * record, and the schema's transforms cost about seven times the JSON parse.
 */
export function storedTcm(value: unknown): TcmFindings | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const t = value as Record<string, unknown>;
  if (Object.keys(t).length !== TCM_KEYS || t.tongueNotes !== null || t.patternNotes !== null) return undefined;
  for (const [key, values] of CHOICES) if (t[key] !== null && !values.includes(t[key] as string)) return undefined;
  const rate = t.pulseRate;
  if (rate !== null && !(Number.isInteger(rate) && (rate as number) >= PULSE_RATE.min && (rate as number) <= PULSE_RATE.max)) return undefined;
  const pulse = t.pulse as Record<string, unknown> | null;
  if (typeof pulse !== 'object' || pulse === null || Object.keys(pulse).length !== PULSE_POSITIONS.length) return undefined;
  for (const position of PULSE_POSITIONS) {
    const words = pulse[position];
    if (!Array.isArray(words) || words.length > MAX_QUALITIES || new Set(words).size !== words.length) return undefined;
    if (!words.every((w) => (PULSE_QUALITIES as readonly unknown[]).includes(w))) return undefined;
  }
  const patterns = t.patterns;
  if (!Array.isArray(patterns) || patterns.length > MAX_PATTERNS || !patterns.every((p) => (TCM_PATTERNS as readonly unknown[]).includes(p))) return undefined;
  return t as TcmFindings;
}

/** Whether anything was charted: an all-empty form is stored as nothing. */
export function hasFindings(t: TcmFindings | null): t is TcmFindings {
  if (!t) return false;
  const { pulse, patterns, ...rest } = t;
  return Object.values(rest).some((v) => v !== null) || patterns.length > 0 || Object.values(pulse).some((q) => q.length > 0);
}

/** One line each for tongue, pulse and pattern, as the timeline and the progress report print them. */
export interface TcmSummary {
  tongue: string | null;
  pulse: string | null;
  pattern: string | null;
}

export function tcmSummary(t: TcmFindings | null): TcmSummary {
  if (!hasFindings(t)) return { tongue: null, pulse: null, pattern: null };
  const coating = [t.coatingThickness, t.coatingColour].filter(Boolean).join(' ');
  const tongue = [
    t.tongueBody,
    t.tongueShape,
    coating ? `${coating} coat` : null,
    t.tongueMoisture && t.tongueMoisture !== 'normal' ? t.tongueMoisture : null,
    t.tongueNotes,
  ]
    .filter(Boolean)
    .join(', ');
  const positions = PULSE_POSITIONS.filter((p) => t.pulse[p].length > 0).map(
    (p) => `${PULSE_POSITION_LABEL[p].replace(/^(Left|Right) /, (s) => `${s[0]} `)} ${t.pulse[p].join(', ')}`,
  );
  const pulse = [t.pulseRate !== null ? `${t.pulseRate} bpm` : null, ...positions].filter(Boolean).join('; ');
  const pattern = [...t.patterns, t.patternNotes].filter(Boolean).join('; ');
  return { tongue: tongue || null, pulse: pulse || null, pattern: pattern || null };
}
