import type { AssessmentKind } from '../assessment';
import { measureById, OUTCOME_MEASURES, type MeasureId } from '../catalogs/outcome-measures';
import type { TrainingPhase } from '../patient';
import { daysBetween, EXPECTED_SESSIONS, phaseAtStart, type CaseTiming, type Phase } from './framework';
import { PAIN_MEASUREMENT_ERROR, PAIN_RELATIVE_MCID, type Mcids } from './mcid';
import { raceTurns, raceWindows, type RaceRef } from './race-timing';
import { addDays } from '../validation/dates';

/**
 * Where a case stands against its framework (docs/clinical-rules.md). Everything here is derived from the
 * signed visits and assessments — counts, points and flags are never typed.
 */
export interface CaseFacts extends CaseTiming {
  status: 'active' | 'discharged';
  /** Signed visits in order: the sessions of the frameworks. */
  sessions: { at: string; painBefore: number | null; painAfter: number | null }[];
  /** Signed assessments in date order. */
  assessments: {
    on: string;
    kind: AssessmentKind;
    painCurrent: number | null;
    outcomes: { measure: MeasureId; score: number }[];
    /** The PSFS activities the runner named, each with its score (empty before they were charted). */
    psfs?: { activity: string; score: number }[];
  }[];
  trainingPhase: TrainingPhase | null;
  races: RaceRef[];
  today: string;
  mcids: Mcids;
  /**
   * The case's codes that the newest ICD-10-CM year shipped does not have as billable codes
   * (deleted, or made headers by new children), with that year: flagged until the case is recoded.
   */
  codesNotBillable?: { codes: string[]; year: number };
}

/** Reassessment points by phase: acute after 3 and 6, subacute at 5, chronic at 8 and 16, maintenance every 6. */
export function reassessmentPoints(phase: Phase, sessionsDone: number): number[] {
  switch (phase) {
    case 'acute':
      return [3, 6];
    case 'subacute':
      return [5];
    case 'chronic':
      return [8, 16];
    case 'maintenance': {
      const points: number[] = [];
      for (let p = 6; p <= sessionsDone + 6; p += 6) points.push(p);
      return points;
    }
  }
}

export type ReassessmentState = { session: number; status: 'upcoming' | 'due' | 'overdue' };

/**
 * The earliest reassessment point not yet cleared. A point is cleared by a signed re-assessment
 * (or discharge assessment) dated on or after the day of the session that reached it.
 */
export function nextReassessment(phase: Phase, facts: Pick<CaseFacts, 'sessions' | 'assessments'>): ReassessmentState | null {
  const done = facts.sessions.length;
  for (const point of reassessmentPoints(phase, done)) {
    if (done < point) return { session: point, status: 'upcoming' };
    const reachedOn = facts.sessions[point - 1]!.at.slice(0, 10);
    const cleared = facts.assessments.some((a) => a.kind !== 'initial' && a.on >= reachedOn);
    if (!cleared) return { session: point, status: done === point ? 'due' : 'overdue' };
  }
  return null;
}

export interface MeasureChange {
  measure: MeasureId;
  first: { date: string; score: number };
  latest: { date: string; score: number };
  /** Positive is better, whatever the measure's direction. For GROC, the latest rating itself. */
  improvement: number;
  mcid: number;
  /** Better by at least the MCID. */
  met: boolean;
  /** Worse by at least the MCID (for GROC: rated at −MCID or lower). */
  worsened: boolean;
  /** For one PSFS activity: the activity as the runner named it (its MCID is PSFS_ACTIVITY_MCID). */
  activity?: string;
}

/** A single PSFS activity changes meaningfully by 3 points; the average by the clinic's PSFS MCID (2 by default). */
export const PSFS_ACTIVITY_MCID = 3;

/** Each PSFS activity named at two assessments or more: first against latest, matched by name. */
function psfsActivityChanges(facts: Pick<CaseFacts, 'assessments'>): MeasureChange[] {
  const byName = new Map<string, { activity: string; scores: { date: string; score: number }[] }>();
  for (const a of facts.assessments)
    for (const p of a.psfs ?? []) {
      const key = p.activity.trim().toLowerCase();
      const entry = byName.get(key) ?? { activity: p.activity.trim(), scores: [] };
      entry.scores.push({ date: a.on, score: p.score });
      byName.set(key, entry);
    }
  return [...byName.values()]
    .filter((e) => e.scores.length > 1)
    .map(({ activity, scores }) => {
      const first = scores[0]!;
      const latest = scores[scores.length - 1]!;
      const improvement = latest.score - first.score;
      return {
        measure: 'psfs',
        activity,
        first,
        latest,
        improvement,
        mcid: PSFS_ACTIVITY_MCID,
        met: improvement >= PSFS_ACTIVITY_MCID,
        worsened: -improvement >= PSFS_ACTIVITY_MCID,
      };
    });
}

/** First and latest pain: assessments' current pain and visits' pain before, whichever came first and last. */
function painChange(facts: Pick<CaseFacts, 'sessions' | 'assessments' | 'mcids'>): MeasureChange | null {
  const readings = [
    ...facts.assessments.flatMap((a) => (a.painCurrent === null ? [] : [{ date: a.on, score: a.painCurrent }])),
    ...facts.sessions.flatMap((s) => (s.painBefore === null ? [] : [{ date: s.at, score: s.painBefore }])),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const first = readings[0];
  const latest = readings[readings.length - 1];
  if (!first || !latest) return null;
  const improvement = first.score - latest.score;
  const mcid = facts.mcids.nprs;
  const twoReadings = readings.length > 1;
  // Better: the MCID in points or 30% of the first value, but never a change within the measurement error.
  const met =
    twoReadings && improvement > PAIN_MEASUREMENT_ERROR && (improvement >= mcid || (first.score > 0 && improvement / first.score >= PAIN_RELATIVE_MCID));
  const worsened = twoReadings && -improvement >= Math.max(mcid, PAIN_MEASUREMENT_ERROR + 1);
  return {
    measure: 'nprs',
    first: { ...first, date: first.date.slice(0, 10) },
    latest: { ...latest, date: latest.date.slice(0, 10) },
    improvement,
    mcid,
    met,
    worsened,
  };
}

function measureChanges(facts: Pick<CaseFacts, 'assessments' | 'mcids'>): MeasureChange[] {
  const out: MeasureChange[] = [];
  for (const m of OUTCOME_MEASURES) {
    if (m.id === 'nprs') continue;
    const scores = facts.assessments.flatMap((a) => a.outcomes.filter((o) => o.measure === m.id).map((o) => ({ date: a.on, score: o.score })));
    const first = scores[0];
    const latest = scores[scores.length - 1];
    if (!first || !latest) continue;
    const mcid = facts.mcids[m.id];
    // GROC already rates change since the start: its latest value is the change.
    const improvement = m.id === 'groc' ? latest.score : m.higherIsBetter ? latest.score - first.score : first.score - latest.score;
    const met = m.id === 'groc' ? latest.score >= mcid : scores.length > 1 && improvement >= mcid;
    const worsened = m.id === 'groc' ? latest.score <= -mcid : scores.length > 1 && -improvement >= mcid;
    out.push({ measure: m.id, first, latest, improvement: Math.round(improvement * 10) / 10, mcid, met, worsened });
  }
  return out;
}

export interface Change {
  pain: MeasureChange | null;
  measures: MeasureChange[];
  /**
   * Pain down by the MCID (points or 30%, more than the measurement error), or an outcome measure
   * improved by its MCID — and nothing worse by its MCID: a GROC of +3 cannot outweigh a rise in pain.
   */
  meaningful: boolean;
  /** Pain or any outcome measure worse than the first value by its MCID. */
  worsening: MeasureChange[];
}

export function meaningfulChange(facts: Pick<CaseFacts, 'sessions' | 'assessments' | 'mcids'>): Change {
  const pain = painChange(facts);
  const measures = [...measureChanges(facts), ...psfsActivityChanges(facts)];
  const worsening = [pain, ...measures].filter((m): m is MeasureChange => m !== null && m.worsened);
  return { pain, measures, meaningful: worsening.length === 0 && (Boolean(pain?.met) || measures.some((m) => m.met)), worsening };
}

/** A change as the practitioner reads it: `LEFS 52 → 61`; GROC rates change itself, so `GROC +3`. */
export function describeChange(change: MeasureChange): string {
  const m = measureById(change.measure);
  const short = m?.short ?? change.measure;
  if (change.measure === 'groc') return `${short} ${change.latest.score > 0 ? '+' : ''}${change.latest.score}`;
  if (change.activity) return `PSFS “${change.activity}” ${change.first.score} → ${change.latest.score}`;
  return `${change.measure === 'nprs' ? 'Pain' : short} ${change.first.score} → ${change.latest.score}`;
}

/** Next maintenance visit: base 2–4 weeks, peak 1–2 weeks, any other phase 2–6 weeks after the last. */
export const MAINTENANCE_WEEKS: Record<TrainingPhase | 'other', { min: number; max: number }> = {
  base: { min: 2, max: 4 },
  peak: { min: 1, max: 2 },
  taper: { min: 2, max: 6 },
  recovery: { min: 2, max: 6 },
  'off-season': { min: 2, max: 6 },
  other: { min: 2, max: 6 },
};

export type FlagKind =
  | 'worsening'
  | 'reassessment_due'
  | 'reassessment_overdue'
  | 'not_improving'
  | 'past_range'
  | 'maintenance_due'
  | 'race_needling_caution'
  | 'pre_race_window'
  | 'post_race_window'
  | 'code_not_billable';

export interface Flag {
  kind: FlagKind;
  /** Plain words for the practitioner. */
  title: string;
  /** The rule behind it, so the flag can be judged, not just obeyed. */
  rule: string;
}

/**
 * What a date-driven flag's words count the days from: the last maintenance visit, or a race. Kept
 * beside Review's stored rows so the words are counted when read (`datedTitle`) and a row is made
 * again only on the days its flags come or go (issue 38), not every day.
 */
export type FlagDays =
  | { kind: 'maintenance_due'; last: string; late: boolean }
  | { kind: 'race_needling_caution' | 'pre_race_window' | 'post_race_window'; race: string; date: string };

/** A date-driven flag's title on `today`. */
export function datedTitle(d: FlagDays, today: string): string {
  switch (d.kind) {
    case 'maintenance_due':
      return d.late ? `Maintenance visit overdue (last ${daysBetween(d.last, today)} days ago)` : 'Maintenance visit due';
    case 'race_needling_caution': {
      const days = daysBetween(today, d.date);
      return `${d.race} ${days === 0 ? 'today' : `in ${plural(days, 'day')}`}: no aggressive dry needling`;
    }
    case 'pre_race_window':
      return `Pre-race session window: ${d.race} in ${daysBetween(today, d.date)} days`;
    case 'post_race_window':
      return `Post-race session window: ${d.race} was ${daysBetween(d.date, today)} days ago`;
  }
}

/** A case's progress with what its date-driven flags count from, and the next day any flag can come or go. */
export interface DatedProgress {
  progress: CaseProgress;
  /** The flags whose titles count days, each with what it counts from. */
  dated: { flag: Flag; days: FlagDays }[];
  /**
   * The first day after `facts.today` on which the flags or the next race can read differently
   * other than by the days they count; null when none can.
   */
  changesOn: string | null;
}

export interface CaseProgress {
  phase: Phase;
  expected: { min: number; max: number | null };
  sessionsDone: number;
  reassessment: ReassessmentState | null;
  change: Change;
  maintenanceDue: { from: string; to: string } | null;
  flags: Flag[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function caseProgress(facts: CaseFacts): CaseProgress {
  return datedProgress(facts).progress;
}

export function datedProgress(facts: CaseFacts): DatedProgress {
  const phase = phaseAtStart(facts);
  const expected = EXPECTED_SESSIONS[phase];
  const done = facts.sessions.length;
  const reassessment = facts.status === 'active' ? nextReassessment(phase, facts) : null;
  const change = meaningfulChange(facts);
  const flags: Flag[] = [];
  const dated: DatedProgress['dated'] = [];
  const flagOn = (days: FlagDays, rule: string) => {
    const flag: Flag = { kind: days.kind, title: datedTitle(days, facts.today), rule };
    flags.push(flag);
    dated.push({ flag, days });
  };
  let maintenanceDue: CaseProgress['maintenanceDue'] = null;

  if (facts.status === 'active' && facts.codesNotBillable && facts.codesNotBillable.codes.length > 0) {
    const { codes, year } = facts.codesNotBillable;
    flags.push({
      kind: 'code_not_billable',
      title: `${codes.join(', ')} not billable in ICD-10-CM FY${year}`,
      rule: `Each October's code set deletes some codes and splits others into new ones; a claim with a code the year of its date of service lacks is refused. Edit the case and choose the code that replaces it; bills already made keep what they printed.`,
    });
  }

  if (facts.status === 'active') {
    // Worse is the first thing to see, in any phase.
    if (change.worsening.length > 0) {
      flags.push({
        kind: 'worsening',
        title: `Worsening: re-assess and consider referral (${change.worsening.map(describeChange).join('; ')})`,
        rule: `Pain up by its MCID (${facts.mcids.nprs} points) from the first value, or an outcome measure worse by its MCID, in any phase: re-assess, and refer if it does not turn.`,
      });
    }
    if (reassessment && reassessment.status !== 'upcoming') {
      const overdue = reassessment.status === 'overdue';
      flags.push({
        kind: overdue ? 'reassessment_overdue' : 'reassessment_due',
        title: overdue ? `Re-assessment overdue (point: session ${reassessment.session})` : `Re-assessment due now (session ${reassessment.session})`,
        rule: `${phase[0]!.toUpperCase()}${phase.slice(1)} cases are re-assessed at session${reassessmentPoints(phase, done).length > 1 ? 's' : ''} ${reassessmentPoints(phase, done).slice(0, 3).join(' and ')}${phase === 'maintenance' ? ' (every 6 visits)' : ''}; a signed re-assessment on or after that session clears it.`,
      });
    }
    // Worsening already says more than "not improving".
    const byThen = phase === 'subacute' ? 4 : phase === 'chronic' ? 8 : null;
    if (byThen !== null && done >= byThen && !change.meaningful && change.worsening.length === 0) {
      flags.push({
        kind: 'not_improving',
        title: `No meaningful change after ${plural(done, 'session')}: reconsider the approach`,
        rule: `${phase === 'subacute' ? 'Subacute cases should show meaningful change by session 4' : 'Chronic cases should show meaningful change by their session-8 re-assessment'}: pain down ${facts.mcids.nprs} points or 30% from the first value (more than 1 point), or an outcome measure improved by its MCID.`,
      });
    }
    if (expected.max !== null && (done > expected.max || (phase === 'chronic' && done >= expected.max))) {
      flags.push({
        kind: 'past_range',
        title:
          done > expected.max
            ? `Past the expected range (${done} of ${expected.min}–${expected.max}): review or discharge`
            : `Reached ${expected.max} sessions: review or discharge`,
        rule: `${phase[0]!.toUpperCase()}${phase.slice(1)} cases are expected to need ${expected.min}–${expected.max} sessions; beyond that, review the plan or discharge.`,
      });
    }
    if (phase === 'maintenance') {
      const weeks = MAINTENANCE_WEEKS[facts.trainingPhase ?? 'other'];
      const last = facts.sessions[done - 1]?.at.slice(0, 10) ?? facts.startDate;
      maintenanceDue = { from: addDays(last, weeks.min * 7), to: addDays(last, weeks.max * 7) };
      if (facts.today >= maintenanceDue.from) {
        flagOn(
          { kind: 'maintenance_due', last, late: facts.today > maintenanceDue.to },
          `In ${facts.trainingPhase ?? 'general'} training, maintenance visits come every ${weeks.min}–${weeks.max} weeks.`,
        );
      }
    }
  }
  if (facts.status === 'active') {
    for (const w of raceWindows(facts.races, facts.today)) {
      const race = { race: w.race.name, date: w.race.date };
      if (w.kind === 'needling_caution') {
        flagOn({ kind: 'race_needling_caution', ...race }, 'Avoid aggressive dry needling in the 48–72 hours before a race; use gentle protocols.');
      } else if (w.kind === 'pre_race') {
        flagOn({ kind: 'pre_race_window', ...race }, 'A pre-race session fits 7–10 days before the race, easing residual tension without leaving soreness.');
      } else {
        flagOn({ kind: 'post_race_window', ...race }, 'A recovery session 3–5 days after a major race supports recovery.');
      }
    }
  }
  // Every day a flag can come or go: a maintenance window opening or turning overdue, a race's windows.
  const turns = [...(maintenanceDue ? [maintenanceDue.from, addDays(maintenanceDue.to, 1)] : []), ...facts.races.flatMap(raceTurns)].filter(
    (d) => d > facts.today,
  );
  return {
    progress: { phase, expected, sessionsDone: done, reassessment, change, maintenanceDue, flags },
    dated,
    changesOn: turns.length ? turns.reduce((a, b) => (a < b ? a : b)) : null,
  };
}

/** Threshold line for a chart: the score that would be a meaningful change from the first value. */
export function mcidThreshold(measure: MeasureId, first: number, mcids: Mcids): number {
  const m = measureById(measure)!;
  if (measure === 'nprs')
    return Math.max(0, first - Math.max(PAIN_MEASUREMENT_ERROR + 1, Math.min(mcids.nprs, Math.ceil(first * PAIN_RELATIVE_MCID * 10) / 10)));
  if (measure === 'groc') return mcids.groc;
  return m.higherIsBetter ? Math.min(m.max, first + mcids[measure]) : Math.max(m.min, first - mcids[measure]);
}
