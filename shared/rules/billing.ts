/**
 * Billing rules of DESIGN.md §7. Acupuncture codes are timed in personal one-on-one minutes (not
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
  /** Any lead pair charted means e-stim was used. */
  leadPairs: number;
  /** Distinct muscles dry-needled (sides of one muscle count once). */
  musclesNeedled: number;
  reinserted: boolean;
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
  const lines: SuggestedLine[] = [];
  const notes: string[] = [];
  if (c.acupoints > 0 || c.leadPairs > 0) {
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
      rule: `Dry needling of ${c.musclesNeedled} muscle${c.musclesNeedled === 1 ? '' : 's'}: ${code} (${code === '20560' ? '1–2' : '3 or more'} muscles, untimed).`,
    });
  }
  return { lines, notes };
}

/**
 * The rules a day's lines must keep, whichever visit they were charted on. Returns the problems,
 * keyed by the index of the line that breaks a rule, with the rule named.
 */
export function dayConflicts(lines: readonly { code: string; modifiers: readonly string[] }[]): Map<number, string> {
  const problems = new Map<number, string>();
  const codes = lines.map((l) => l.code);
  lines.forEach((line, i) => {
    const { code } = line;
    if (code === '97810' && codes.includes('97813')) problems.set(i, '97810 and 97813 cannot be billed on the same day: one initial acupuncture code a day.');
    if (code === '97813' && codes.includes('97810')) problems.set(i, '97813 and 97810 cannot be billed on the same day: one initial acupuncture code a day.');
    if (INITIAL_CODES.includes(code as (typeof INITIAL_CODES)[number]) && codes.filter((c) => c === code).length > 1 && codes.indexOf(code) !== i) {
      problems.set(i, `${code} is already billed that day: one initial acupuncture code a day (add time with 97811/97814).`);
    }
    if (ADD_ON_OF[code] && !codes.some((c) => INITIAL_CODES.includes(c as (typeof INITIAL_CODES)[number]))) {
      problems.set(i, `${code} is an add-on code: it needs an initial code (97810 or 97813) on the same day.`);
    }
    if (code === '20560' && codes.includes('20561')) problems.set(i, '20560 and 20561 cannot be billed on the same day: choose by the number of muscles.');
    if (code === '20561' && codes.includes('20560')) problems.set(i, '20561 and 20560 cannot be billed on the same day: choose by the number of muscles.');
    if (EM_CODES.includes(code) && !line.modifiers.includes('25'))
      problems.set(i, `${code} is an E/M code: bill it only when separately identifiable, with modifier 25.`);
  });
  return problems;
}
