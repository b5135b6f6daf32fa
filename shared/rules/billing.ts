/**
 * Billing rules (docs/billing.md). Acupuncture codes are timed in personal one-on-one minutes (not
 * needle retention); dry needling is untimed and counted in muscles. Every suggestion says which
 * rule produced it, and every refusal names the rule it would break.
 */
export const INITIAL_CODES = ['97810', '97813'] as const;
export const ADD_ON_OF: Record<string, string> = { '97811': '97810', '97814': '97813' };
export const DRY_NEEDLING_CODES = ['20560', '20561'] as const;
/** Box 21 of the CMS-1500 holds twelve diagnoses, lettered A–L; each service line points to at most four. */
export const MAX_CLAIM_DIAGNOSES = 12;

export const EM_CODES = ['99202', '99203', '99204', '99205', '99211', '99212', '99213', '99214', '99215'];

export interface ChartedForBilling {
  faceMinutes: number | null;
  acupoints: number;
  /** Lead pairs with an acupoint at one end at least: e-stim of acupuncture (see acupunctureLeadPairs). */
  leadPairs: number;
  /** Muscles dry-needled, counted as payers count them (see countMusclesNeedled). */
  musclesNeedled: number;
  reinserted: boolean;
  /** Lead pairs charted between muscles only: dry-needling e-stim, not acupuncture e-stim. */
  muscleOnlyLeadPairs?: number;
  /** Insertion rounds in order; empty for visits charted before rounds (they bill by `reinserted`). */
  rounds?: readonly ChartedRound[];
  /** Minutes of separately billed services charted on the visit (adjuncts, an E/M evaluation): not acupuncture minutes. */
  otherMinutes?: number;
  /** The initial acupuncture code (97810 or 97813) already billed on another visit that day, if any. */
  initialBilledToday?: string | null;
}

/** One insertion round as billing reads it: its minutes, and whether acupuncture e-stim ran in it. */
export interface ChartedRound {
  label: string;
  minutes: number | null;
  estim: boolean;
}

/** 15-minute units in a stretch of acupuncture time: the first from 8 minutes, each further one 8 minutes past the last full 15. */
export function timeUnits(minutes: number): number {
  return minutes < 8 ? 0 : 1 + additionalUnits(minutes);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Acupuncture lines from insertion rounds, as CPT reads 97810–97814: the units the acupuncture
 * minutes support, but never more than the rounds charted (each additional unit needs its own
 * re-insertion of needles); unit k is the k-th round's, and is e-stim only if e-stim ran in it.
 */
function linesFromRounds(c: ChartedForBilling, rounds: readonly ChartedRound[], lines: SuggestedLine[], notes: string[]): void {
  const other = c.otherMinutes ?? 0;
  const charted = rounds.every((r) => r.minutes !== null) ? rounds.reduce((n, r) => n + (r.minutes ?? 0), 0) : null;
  const available = c.faceMinutes === null ? null : Math.max(0, c.faceMinutes - other);
  const minutes = charted === null ? available : available === null ? charted : Math.min(charted, available);
  if (minutes === null) {
    notes.push('Acupuncture codes are timed: chart the minutes of each round (or the face-to-face minutes) to bill them.');
    return;
  }
  if (other > 0) notes.push(`${other} minutes of separately billed services (adjuncts, evaluation) are not acupuncture minutes.`);
  const supported = timeUnits(minutes);
  if (supported === 0) {
    notes.push(`${minutes} minutes of acupuncture: a unit counts from 8 minutes.`);
    return;
  }
  const units = Math.min(supported, rounds.length);
  const first = rounds[0]!;
  lines.push({
    code: first.estim ? '97813' : '97810',
    units: 1,
    modifiers: [],
    rule: first.estim
      ? `${first.label} round with e-stim: initial 15 minutes with electrical stimulation (97813).`
      : `${first.label} round without e-stim: initial 15 minutes (97810).`,
  });
  const later = rounds.slice(1, units);
  for (const [code, estim] of [
    ['97814', true],
    ['97811', false],
  ] as const) {
    const these = later.filter((r) => r.estim === estim);
    if (these.length === 0) continue;
    lines.push({
      code,
      units: these.length,
      modifiers: [],
      rule: `${minutes} minutes of acupuncture in ${plural(rounds.length, 'round')}: ${plural(these.length, 'additional unit')} with re-insertion (${these
        .map((r) => r.label)
        .join(', ')}) ${estim ? 'with' : 'without'} e-stim (${code}; a unit counts from 8 minutes).`,
    });
  }
  if (supported > rounds.length) {
    notes.push(
      `${minutes} minutes would support ${plural(supported - 1, 'additional unit')}, but ${rounds.length === 1 ? 'no re-insertion is' : `only ${plural(rounds.length - 1, 're-insertion')} ${rounds.length === 2 ? 'is' : 'are'}`} charted: each additional unit needs its own round of needles.`,
    );
  }
}

/**
 * Muscles as 20560/20561 count them: left and right of one muscle are two muscles (a trigger point
 * charted B counts both), while heads of one muscle (gastrocnemius medial and lateral) are one.
 */
export function countMusclesNeedled(
  triggerPoints: readonly { muscleId: string; side: 'L' | 'R' | 'B' }[],
  headOf: (muscleId: string) => string | undefined,
): number {
  const counted = new Set<string>();
  for (const t of triggerPoints) {
    const muscle = headOf(t.muscleId) ?? t.muscleId;
    for (const side of t.side === 'B' ? ['L', 'R'] : [t.side]) counted.add(`${muscle}:${side}`);
  }
  return counted.size;
}

/** Acupuncture e-stim needs an acupoint in the circuit; a pair between two muscles does not make 97813. */
export function acupunctureLeadPairs(leadPairs: readonly { from: { kind: string }; to: { kind: string } }[]): { acupuncture: number; muscleOnly: number } {
  const acupuncture = leadPairs.filter((l) => l.from.kind === 'acupoint' || l.to.kind === 'acupoint').length;
  return { acupuncture, muscleOnly: leadPairs.length - acupuncture };
}

export interface SuggestedLine {
  code: string;
  units: number;
  modifiers: string[];
  rule: string;
}

/** Additional 15-minute units after the first 15: a unit counts once more than half of it (8 minutes) has passed. */
export function additionalUnits(faceMinutes: number): number {
  return Math.max(0, Math.floor((faceMinutes - 15 + 7) / 15));
}

export function suggestLines(c: ChartedForBilling): { lines: SuggestedLine[]; notes: string[] } {
  const suggested = suggestVisitLines(c);
  return c.initialBilledToday ? asLaterVisitOfTheDay(suggested, c.initialBilledToday) : suggested;
}

/**
 * A second visit the same day: 97810 and 97813 describe the initial 15 minutes of the day, once a
 * day (CPT), so this visit's first 15 minutes with needles inserted again are an additional unit:
 * 97811, or 97814 with e-stim. CPT pairs either add-on with either initial code; a payer that reads
 * it otherwise is named in the note.
 */
function asLaterVisitOfTheDay(s: { lines: SuggestedLine[]; notes: string[] }, billed: string): { lines: SuggestedLine[]; notes: string[] } {
  const lines: SuggestedLine[] = [];
  for (const line of s.lines) {
    const addOn = isInitial(line.code) ? ADD_ON_FOR[line.code]! : null;
    const code = addOn ?? line.code;
    const rule = addOn
      ? `${billed} was billed on an earlier visit today and the initial 15 minutes are once a day (CPT): this visit's first 15 minutes, with needles inserted again, are ${addOn}.`
      : line.rule;
    const same = lines.find((l) => l.code === code);
    if (same) {
      same.units += line.units;
      same.rule = `${same.rule} ${line.rule}`;
    } else lines.push({ ...line, code, rule });
  }
  // Never an offer the day rules then refuse: with 97810 billed today, 97813 cannot be saved on this
  // visit (one initial code a day), so the note says what CPT allows and no more (issue 34).
  const notes =
    lines.some((l) => l.code === '97814') && billed === '97810'
      ? [...s.notes, 'CPT pairs 97814 with the 97810 billed earlier today: the day has one initial code, so this visit is not billed 97813.']
      : s.notes;
  return { lines, notes };
}

function suggestVisitLines(c: ChartedForBilling): { lines: SuggestedLine[]; notes: string[] } {
  const lines: SuggestedLine[] = [];
  const notes: string[] = [];
  if (c.muscleOnlyLeadPairs && c.leadPairs === 0 && c.acupoints > 0) {
    notes.push('E-stim ran between muscles only (no acupoint in the circuit): that is not acupuncture with electrical stimulation, so 97810, not 97813.');
  }
  if ((c.acupoints > 0 || c.leadPairs > 0) && c.rounds && c.rounds.length > 0) {
    linesFromRounds(c, c.rounds, lines, notes);
  } else if (c.acupoints > 0 || c.leadPairs > 0) {
    // Visits charted before insertion rounds: one re-insertion flag for the whole visit.
    const estim = c.leadPairs > 0;
    const initial = estim ? '97813' : '97810';
    const addOn = estim ? '97814' : '97811';
    if (c.faceMinutes === null || c.faceMinutes < 8) {
      notes.push('Acupuncture codes are timed: chart the face-to-face minutes (at least 8) to bill them.');
    } else {
      lines.push({
        code: initial,
        units: 1,
        modifiers: [],
        rule: estim
          ? `E-stim on ${c.leadPairs} lead pair${c.leadPairs === 1 ? '' : 's'}: initial 15 minutes with electrical stimulation (97813).`
          : 'Needles without e-stim: initial 15 minutes (97810).',
      });
      const extra = additionalUnits(c.faceMinutes);
      if (extra > 0 && c.reinserted) {
        lines.push({
          code: addOn,
          units: extra,
          modifiers: [],
          rule: `${c.faceMinutes} face-to-face minutes with re-insertion: ${extra} additional 15-minute unit${extra === 1 ? '' : 's'} (${addOn}; a unit counts from 8 minutes).`,
        });
      } else if (extra > 0) {
        notes.push(`${c.faceMinutes} minutes would support ${extra} × ${addOn}, but no re-insertion is recorded: additional units need needles re-inserted.`);
      }
    }
  }
  if (c.musclesNeedled > 0) {
    const code = c.musclesNeedled >= 3 ? '20561' : '20560';
    lines.push({
      code,
      units: 1,
      modifiers: [],
      rule: `Dry needling of ${c.musclesNeedled} muscle${c.musclesNeedled === 1 ? '' : 's'}: ${code} (${code === '20560' ? '1–2' : '3 or more'} muscles, untimed; left and right count as two muscles, heads of one muscle as one).`,
    });
  }
  return { lines, notes };
}

/** A line of a day, as the day rules read it. */
export interface DayLine {
  code: string;
  modifiers: readonly string[];
  units?: number;
}

const isInitial = (code: string) => INITIAL_CODES.includes(code as (typeof INITIAL_CODES)[number]);
const isAcupuncture = (code: string) => isInitial(code) || ADD_ON_OF[code] !== undefined;
const isDryNeedling = (code: string) => DRY_NEEDLING_CODES.includes(code as (typeof DRY_NEEDLING_CODES)[number]);
/** Modifiers that mark a distinct procedural service (NCCI): 59 or its X{EPSU} subsets. */
export const DISTINCT_SERVICE_MODIFIERS = ['59', 'XE', 'XP', 'XS', 'XU'];

/**
 * The rules a day's lines must keep, whichever visit they were charted on. Returns the problems,
 * keyed by the index of the line that breaks a rule, with the rule named.
 */
export function dayConflicts(lines: readonly DayLine[]): Map<number, string> {
  const problems = new Map<number, string>();
  const codes = lines.map((l) => l.code);
  const procedureThatDay = codes.some((c) => !EM_CODES.includes(c));
  lines.forEach((line, i) => {
    const { code } = line;
    if (code === '97810' && codes.includes('97813')) problems.set(i, '97810 and 97813 cannot be billed on the same day: one initial acupuncture code a day.');
    if (code === '97813' && codes.includes('97810')) problems.set(i, '97813 and 97810 cannot be billed on the same day: one initial acupuncture code a day.');
    if (isInitial(code) && (line.units ?? 1) > 1) {
      problems.set(i, `${code} is one unit a day (the initial 15 minutes): bill each further 15 minutes with re-insertion as ${ADD_ON_FOR[code]}.`);
    }
    if (isInitial(code) && codes.filter((c) => c === code).length > 1 && codes.indexOf(code) !== i) {
      problems.set(i, `${code} is already billed that day: one initial acupuncture code a day (add time with 97811/97814).`);
    }
    if (ADD_ON_OF[code] && !codes.some(isInitial)) {
      problems.set(i, `${code} is an add-on code: it needs an initial code (97810 or 97813) on the same day.`);
    }
    if (code === '20560' && codes.includes('20561')) problems.set(i, '20560 and 20561 cannot be billed on the same day: choose by the number of muscles.');
    if (code === '20561' && codes.includes('20560')) problems.set(i, '20561 and 20560 cannot be billed on the same day: choose by the number of muscles.');
    if (EM_CODES.includes(code) && procedureThatDay && !line.modifiers.includes('25'))
      problems.set(i, `${code} is an E/M code billed with a procedure that day: it needs modifier 25 (a significant, separately identifiable evaluation).`);
  });
  return problems;
}

const ADD_ON_FOR: Record<string, string> = { '97810': '97811', '97813': '97814' };

/** A judgment call payers make differently: shown, with the modifier to add, but never refused. */
export interface DayWarning {
  message: string;
  /** The modifier a one-click fix adds to the line. */
  addModifier: string;
}

/**
 * Warnings for a day's lines, keyed by line index. Dry needling (20560/20561) with acupuncture
 * (978xx) the same day: NCCI pairs them, and many payers want modifier 59 or XS on the dry-needling
 * line to show a separate site; others refuse it either way.
 */
export function dayWarnings(lines: readonly DayLine[]): Map<number, DayWarning> {
  const warnings = new Map<number, DayWarning>();
  if (!lines.some((l) => isAcupuncture(l.code))) return warnings;
  lines.forEach((line, i) => {
    if (isDryNeedling(line.code) && !line.modifiers.some((m) => DISTINCT_SERVICE_MODIFIERS.includes(m))) {
      warnings.set(i, {
        message: `${line.code} with acupuncture (978xx) the same day: many payers want modifier 59 or XS on the dry-needling line (a separate site); payers differ, so check theirs.`,
        addModifier: 'XS',
      });
    }
  });
  return warnings;
}
