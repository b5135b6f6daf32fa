import { z } from 'zod';
import { dateRangeProblem, isIsoDate, type DateRange } from './validation/dates';
import { textProblem } from './validation/text';

/**
 * Field builders shared by every form schema. Each message names the field, because the
 * message is shown next to it and also alone in a toast or on the command line. Every string
 * has a maximum length and refuses control characters and unpaired surrogates
 * (`shared/validation/text.ts`); only notes (`multiLine`) keep newlines and tabs.
 */
export interface TextOptions {
  /** A note typed over several lines: newline and tab are kept, CR LF becomes LF. */
  multiLine?: boolean;
}

/** Any string input checked for length and characters, untrimmed (searches, cursors, codes). */
export function plainText(label: string, max: number, options: TextOptions = {}) {
  return z
    .string({ error: `${label} must be text` })
    .max(max, `${label} must be at most ${max} characters`)
    .transform((v) => (options.multiLine ? v.replace(/\r\n?/g, '\n') : v))
    .superRefine((v, ctx) => {
      const p = textProblem(label, v, options.multiLine === true);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    });
}

export function requiredText(label: string, max = 200, options: TextOptions = {}) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .pipe(plainText(label, max, options));
}

/** Optional text: blank becomes null so the database never stores empty strings. */
export function optionalText(label: string, max = 200, options: TextOptions = {}) {
  return z
    .string({ error: `${label} must be text` })
    .nullish()
    .transform((v) => (v ?? '').trim())
    .pipe(plainText(label, max, options))
    .transform((t) => (t === '' ? null : t));
}

/** A note field: several lines, optional. */
export const noteText = (label: string, max: number) => optionalText(label, max, { multiLine: true });

/**
 * A calendar date within sense. Without `range` the date lies between 1900 and one year from
 * today: a typo such as 9999 or 2090 never reaches a claim or a case timeline.
 */
export function isoDate(label: string, range: DateRange = {}) {
  return z
    .string({ error: `${label} is required` })
    .max(40, `${label} must be a real date (YYYY-MM-DD)`)
    .trim()
    .min(1, `${label} is required`)
    .refine(isIsoDate, `${label} must be a real date (YYYY-MM-DD)`)
    .superRefine((v, ctx) => {
      const p = dateRangeProblem(label, v, range);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    });
}

/** A date that has already happened: a date of birth, an injury's onset. */
export const pastDate = (label: string) => isoDate(label, { notAfterToday: true });

/** A plain decimal as typed: digits, one point, an optional sign. No hex, exponents or `Infinity`. */
const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A number typed in a form: accepts the text or a number, blank means "not recorded". */
export function optionalNumber(label: string, min: number, max: number) {
  return z
    .union([z.number(), z.string().max(40, `${label} must be a number`), z.null()], { error: `${label} must be a number` })
    .optional()
    .transform((v, ctx) => {
      if (v == null || (typeof v === 'string' && v.trim() === '')) return null;
      const n = typeof v === 'number' ? v : PLAIN_DECIMAL.test(v.trim()) ? Number(v.trim()) : NaN;
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a number` });
        return z.NEVER;
      }
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${label} must be between ${min} and ${max}` });
        return z.NEVER;
      }
      return n;
    });
}

/** Optional text that must pass a check when present (NPI, EIN, e-mail…). */
export function checkedText(label: string, max: number, problem: (v: string) => string | null) {
  return optionalText(label, max).superRefine((v, ctx) => {
    const p = v === null ? null : problem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });
}

export function emailProblem(v: string): string | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? null : 'E-mail must look like name@example.com';
}

export function phoneProblem(v: string): string | null {
  const digits = v.replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15 && /^[\d\s()+.\-x]+$/i.test(v) ? null : 'Phone must be 7–15 digits, e.g. (503) 555-0142';
}

export function stateProblem(v: string): string | null {
  return /^[A-Z]{2}$/.test(v) ? null : 'State must be a two-letter code such as OR';
}

export function postalCodeProblem(v: string): string | null {
  return /^\d{5}(-\d{4})?$/.test(v) ? null : 'ZIP code must be 5 digits or ZIP+4 (97214-1234)';
}

// Ids are PostgreSQL integers: anything larger is no record of ours, not an overflow on the server.
export const recordId = z.number({ error: 'id must be a number' }).int().positive().max(2_147_483_647, 'id is out of range');

/** Two-letter codes are typed in any case; store them upper-case. */
export function stateCode(label: string) {
  return optionalText(label, 2)
    .transform((v) => (v === null ? null : v.toUpperCase()))
    .superRefine((v, ctx) => {
      if (v !== null && stateProblem(v)) ctx.addIssue({ code: 'custom', message: `${label} must be a two-letter code such as OR` });
    });
}

/** A whole number typed in a form (minutes, passes, heart rate): blank means "not recorded". */
export function optionalInteger(label: string, min: number, max: number) {
  return optionalNumber(label, min, max).superRefine((v, ctx) => {
    if (v !== null && !Number.isInteger(v)) ctx.addIssue({ code: 'custom', message: `${label} must be a whole number` });
  });
}

/** Pain on the 0–10 numeric rating scale, whole points. */
export const painScore = (label: string) => optionalInteger(label, 0, 10);

/** A local wall-clock time, `YYYY-MM-DDTHH:MM`: when the patient was on the table. */
export function localDateTime(label: string) {
  return z
    .string({ error: `${label} is required` })
    .max(40, `${label} must be a date and time (YYYY-MM-DD HH:MM)`)
    .trim()
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) && isIsoDate(v.slice(0, 10)) && Number(v.slice(11, 13)) < 24 && Number(v.slice(14)) < 60,
      `${label} must be a date and time (YYYY-MM-DD HH:MM)`,
    )
    .superRefine((v, ctx) => {
      const p = v.length >= 10 ? dateRangeProblem(label, v.slice(0, 10), {}) : null;
      if (p) ctx.addIssue({ code: 'custom', message: p });
    });
}

/**
 * The version a draft was read at. Given, a save made on top of someone else's newer save is
 * refused with who saved it and when, rather than overwriting it (optimistic versioning, docs/clinic-mode.md).
 */
export const draftVersion = z.number({ error: 'Version must be a whole number, 0 or more' }).int().min(0).optional();
