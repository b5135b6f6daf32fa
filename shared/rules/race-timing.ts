import { addDays } from '../validation/dates';
import { daysBetween } from './framework';

/**
 * Race timing (docs/clinical-rules.md, "Race timing"): no aggressive dry needling in the 72 hours before a race; a
 * pre-race session fits 7–10 days out, a post-race session 3–5 days after a major race.
 */
export interface RaceRef {
  name: string;
  date: string;
  distance: string;
}

export const NEEDLING_QUIET_HOURS = 72;
export const PRE_RACE_DAYS = { from: 7, to: 10 } as const;
export const POST_RACE_DAYS = { from: 3, to: 5 } as const;

/** Short races do not call for a recovery session; anything from a half marathon up does. */
const MINOR_DISTANCES = new Set(['1k', '1 mi', 'mile', '3k', '5k', '8k', '10k', '12k', '15k']);
export function isMajorRace(race: RaceRef): boolean {
  return !MINOR_DISTANCES.has(race.distance.trim().toLowerCase());
}

/** Hours from a wall-clock visit time to the race morning (races are dated, taken as 07:00). */
export function hoursBeforeRace(visitAt: string, race: RaceRef): number {
  const visit = Date.parse(`${visitAt.length === 10 ? `${visitAt}T12:00` : visitAt}:00Z`);
  const start = Date.parse(`${race.date}T07:00:00Z`);
  return (start - visit) / 3_600_000;
}

/** Races that make dry needling at `visitAt` too close: within the 72 hours before the start. */
export function racesTooClose(visitAt: string, races: readonly RaceRef[]): RaceRef[] {
  return races.filter((r) => {
    const h = hoursBeforeRace(visitAt, r);
    return h >= 0 && h <= NEEDLING_QUIET_HOURS;
  });
}

/** The next race on or after today, if any. */
export function nextRace(races: readonly RaceRef[], today: string): RaceRef | null {
  return [...races].filter((r) => r.date >= today).sort((a, b) => a.date.localeCompare(b.date))[0] ?? null;
}

export type RaceWindow =
  | { kind: 'needling_caution'; race: RaceRef; days: number }
  | { kind: 'pre_race'; race: RaceRef; days: number }
  | { kind: 'post_race'; race: RaceRef; days: number };

/** What today means for a runner's races: caution, or a session window worth booking. */
export function raceWindows(races: readonly RaceRef[], today: string): RaceWindow[] {
  const out: RaceWindow[] = [];
  for (const race of races) {
    const until = daysBetween(today, race.date);
    if (until >= 0 && until <= NEEDLING_QUIET_HOURS / 24) out.push({ kind: 'needling_caution', race, days: until });
    else if (until >= PRE_RACE_DAYS.from && until <= PRE_RACE_DAYS.to) out.push({ kind: 'pre_race', race, days: until });
    const since = -until;
    if (isMajorRace(race) && since >= POST_RACE_DAYS.from && since <= POST_RACE_DAYS.to) out.push({ kind: 'post_race', race, days: since });
  }
  return out;
}

/**
 * The days on which what `raceWindows` and `nextRace` say of this race can change: a window opens
 * or closes, or the race passes and stops being the next one. Between two of them only the days
 * counted change, so a row kept on one day reads the same until the next turn (issue 38).
 */
export function raceTurns(race: RaceRef): string[] {
  const quietDays = NEEDLING_QUIET_HOURS / 24;
  return [
    addDays(race.date, -PRE_RACE_DAYS.to),
    addDays(race.date, -PRE_RACE_DAYS.from + 1),
    addDays(race.date, -quietDays),
    addDays(race.date, 1),
    // A short race has no recovery window to open or close.
    ...(isMajorRace(race) ? [addDays(race.date, POST_RACE_DAYS.from), addDays(race.date, POST_RACE_DAYS.to + 1)] : []),
  ];
}
