/**
 * FHIR's dateTime with a time of day must carry seconds and a zone (R4 2.24.0.1). Visits are charted
 * in the practitioner's local time without one (`2026-10-03T09:30`), so the offset is the one the
 * computer's clock had on that date: summer and winter time each get their own.
 */
export function fhirDateTime(local: string, offsetMinutes = zoneOffsetOn(local)): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(local)) return local;
  if (/[zZ]|[+-]\d{2}:\d{2}$/.test(local)) return local;
  const withSeconds = /T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
  return `${withSeconds}${offsetText(offsetMinutes)}`;
}

/** Minutes east of UTC that local time had at `local` (JavaScript's getTimezoneOffset is west, hence the sign). */
export function zoneOffsetOn(local: string): number {
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? 0 : -at.getTimezoneOffset();
}

export function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The local time `minutes` after `local` (YYYY-MM-DDTHH:MM), for an encounter's end. */
export function addMinutesLocal(local: string, minutes: number): string {
  const [day, time] = local.split('T') as [string, string];
  const [h, m] = time.split(':').map(Number) as [number, number];
  const total = h * 60 + m + minutes;
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCMinutes(total);
  return date.toISOString().slice(0, 16);
}
