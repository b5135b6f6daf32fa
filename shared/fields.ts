import { z } from 'zod';
import { isIsoDate } from './validation/dates';

/**
 * Field builders shared by every form schema. Each message names the field, because the
 * message is shown next to it and also alone in a toast or on the command line.
 */
export function requiredText(label: string, max = 200) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);
}

/** Optional text: blank becomes null so the database never stores empty strings. */
export function optionalText(label: string, max = 200) {
  return z
    .string({ error: `${label} must be text` })
    .max(max, `${label} must be at most ${max} characters`)
    .nullish()
    .transform((v) => {
      const t = (v ?? '').trim();
      return t === '' ? null : t;
    });
}

export function isoDate(label: string) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .refine(isIsoDate, `${label} must be a real date (YYYY-MM-DD)`);
}

/** A number typed in a form: accepts the text or a number, blank means "not recorded". */
export function optionalNumber(label: string, min: number, max: number) {
  return z
    .union([z.number(), z.string(), z.null()], { error: `${label} must be a number` })
    .optional()
    .transform((v, ctx) => {
      if (v == null || (typeof v === 'string' && v.trim() === '')) return null;
      const n = typeof v === 'number' ? v : Number(v.trim());
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

export const recordId = z.number({ error: 'id must be a number' }).int().positive();

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
    .trim()
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) && isIsoDate(v.slice(0, 10)) && Number(v.slice(11, 13)) < 24 && Number(v.slice(14)) < 60,
      `${label} must be a date and time (YYYY-MM-DD HH:MM)`,
    );
}
