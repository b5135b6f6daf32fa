/** ISO calendar date → "Mar 7, 1984": the one format of the screens, the PDFs and the warnings. */
export { formatDate } from '../../shared/dates';

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** null or undefined → '' for inputs; forms keep text, the contract turns it back into values. */
export function toText(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Whole calendar days from today (local) to an ISO date. */
export function daysUntil(iso: string, today = new Date()): number {
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((new Date(`${iso}T00:00:00Z`).getTime() - start) / 86_400_000);
}

const dateTimeFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** An instant (ISO with zone) or a wall-clock `YYYY-MM-DDTHH:MM` → "Mar 2, 2026, 10:00 AM" in local time. */
export function formatDateTime(value: string): string {
  return dateTimeFormat.format(new Date(value));
}

/** Now as `YYYY-MM-DDTHH:MM` local time: the default start of a new visit. */
export function localNow(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

export function todayIso(now = new Date()): string {
  return localNow(now).slice(0, 10);
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Whole cents → "$1,234.50". */
export function formatMoney(cents: number): string {
  return usd.format(cents / 100);
}

/** Where the records live, in the practitioner's words: this computer, or the clinic's server. */
export function whereStored(databaseFile: string): string {
  if (!/^postgres(ql)?:\/\//i.test(databaseFile)) return 'Stored only on this computer';
  try {
    return `Stored on the clinic server ${new URL(databaseFile).hostname}`;
  } catch {
    return 'Stored on the clinic server';
  }
}
