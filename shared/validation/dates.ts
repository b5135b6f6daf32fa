/** Calendar dates are ISO `YYYY-MM-DD` strings everywhere: no time zone can shift a birthday. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The ISO date `days` after (or before, if negative) an ISO date, counted in calendar days. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Local calendar date of an instant, as the practitioner's wall clock shows it. */
export function localIsoDate(at: Date): string {
  const y = at.getFullYear();
  const m = String(at.getMonth() + 1).padStart(2, '0');
  const d = String(at.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Whole years between a date of birth and a day, both ISO dates. */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Dates as people type them in a search box: 1984-03-07, 3/7/1984, 03/07/1984 (US order).
 * Returns the ISO date, or null if the text is not a full date.
 */
export function parseTypedDate(text: string): string | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (!us) return null;
  const iso = `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Where a date may fall. Every date is after 1900 and at most a year ahead unless told otherwise. */
export interface DateRange {
  /** Dates of birth and onsets: today at the latest. */
  notAfterToday?: boolean;
}

export const EARLIEST_DATE = '1900-01-01';

/** Today on the wall clock, moved by whole years: the upper bound of "within sense". */
export function localIsoDateIn(years: number, from = new Date()): string {
  const at = new Date(from);
  at.setFullYear(at.getFullYear() + years);
  return localIsoDate(at);
}

export function dateRangeProblem(label: string, value: string, range: DateRange, now = new Date()): string | null {
  if (!isIsoDate(value)) return null;
  if (value < EARLIEST_DATE) return `${label} must be in 1900 or later`;
  if (range.notAfterToday) {
    const today = localIsoDate(now);
    return value > today ? `${label} cannot be in the future (today is ${today})` : null;
  }
  const limit = localIsoDateIn(1, now);
  return value > limit ? `${label} must be within a year from today (by ${limit})` : null;
}
