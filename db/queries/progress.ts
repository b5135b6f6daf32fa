import { bareCode, isBillable } from '../../shared/icd10cm/code-set';
import { currentCodeSet } from '../icd10cm';
import type { AssessmentKind } from '../../shared/assessment';
import type { CaseSide } from '../../shared/catalogs/conditions';
import type { MeasureId } from '../../shared/catalogs/outcome-measures';
import type { TrainingPhase } from '../../shared/patient';
import { daysBetween } from '../../shared/rules/framework';
import { caseProgress, datedProgress, type CaseFacts, type CaseProgress, type DatedProgress } from '../../shared/rules/progress';
import { nextRace, type RaceRef } from '../../shared/rules/race-timing';
import type { CaseSummary, ReviewRow } from '../../shared/review';
import { localIsoDate } from '../../shared/validation/dates';
import type { DbContext } from '../context';
import { getMcids } from './mcids';

export interface CaseHead {
  id: number;
  patientId: number;
  patientName: string;
  conditionText: string;
  side: CaseSide;
  onsetDate: string;
  startDate: string;
  recurring: number;
  maintenance: number;
  status: 'active' | 'discharged';
  trainingPhase: TrainingPhase | null;
}

/** Rows keyed by case or patient id, grouped, with the key itself left behind. */
const group = <T extends { key: number }>(rows: T[]): Map<number, Omit<T, 'key'>[]> => {
  const map = new Map<number, Omit<T, 'key'>[]>();
  for (const { key, ...row } of rows) {
    const list = map.get(key) ?? [];
    list.push(row);
    map.set(key, list);
  }
  return map;
};

/**
 * The facts the framework rules need, for many cases in four queries (not four per case), so the
 * review dashboard costs the same with 30 or 3,000 active cases.
 */
export async function loadFacts(ctx: DbContext, where: string, params: unknown[]): Promise<{ head: CaseHead; facts: CaseFacts }[]> {
  const heads = (await ctx.db.all(
    `SELECT c.id, c.patient_id AS "patientId", p.first_name || ' ' || p.last_name AS "patientName", c.condition_text AS "conditionText",
              c.side, c.onset_date AS "onsetDate", c.start_date AS "startDate", c.recurring, c.maintenance, c.status,
              p.training_phase AS "trainingPhase"
       FROM care_case c JOIN patient p ON p.id = c.patient_id WHERE ${where} ORDER BY c.id`,
    [...params],
  )) as CaseHead[];
  if (heads.length === 0) return [];
  const d = ctx.db.dialect;
  const ids = d.ids(heads.map((h) => h.id));
  // Asked for together once the cases are known: one wait on PostgreSQL, not five.
  const [visitRows, outcomeRows, assessmentRows, { races, today, mcids }, notBillable] = await Promise.all([
    ctx.db.all<{ key: number; at: string; painBefore: number | null; painAfter: number | null }>(
      `SELECT case_id AS key, started_at AS at, pain_before AS "painBefore", pain_after AS "painAfter" FROM visit
       WHERE signed_at IS NOT NULL AND ${d.inIds('case_id')} ORDER BY case_id, started_at, id`,
      [ids],
    ),
    ctx.db.all<{ key: number; measure: MeasureId; score: number }>(
      `SELECT o.assessment_id AS key, o.measure, o.score FROM assessment_outcome o JOIN assessment a ON a.id = o.assessment_id
       WHERE a.signed_at IS NOT NULL AND ${d.inIds('a.case_id')} ORDER BY o.assessment_id, o.${d.insertionOrder}`,
      [ids],
    ),
    ctx.db.all<{ key: number; id: number; on: string; kind: AssessmentKind; painCurrent: number | null; psfs: string | null }>(
      `SELECT a.case_id AS key, a.id, a.assessed_on AS "on", a.kind, a.pain_current AS "painCurrent", a.psfs_activities AS psfs
         FROM assessment a WHERE a.signed_at IS NOT NULL AND ${d.inIds('a.case_id')} ORDER BY a.case_id, a.assessed_on, a.id`,
      [ids],
    ),
    surroundings(ctx, [...new Set(heads.map((h) => h.patientId))]),
    codesNotBillable(
      ctx,
      heads.map((h) => h.id),
    ),
  ]);
  const visits = group(visitRows);
  const outcomes = group(outcomeRows);
  const assessments = group(assessmentRows);
  return heads.map((head) => ({
    head,
    facts: factsOf(head, {
      codesNotBillable: notBillable.get(head.id),
      sessions: visits.get(head.id) ?? [],
      assessments: (assessments.get(head.id) ?? []).map(({ id, ...a }) => ({ ...a, outcomes: outcomes.get(id) ?? [] })),
      races: races.get(head.patientId) ?? [],
      today,
      mcids,
    }),
  }));
}

/** Per case, its codes the newest ICD-10-CM year shipped does not bill (point 5 of issue 34): none for most. */
async function codesNotBillable(ctx: DbContext, caseIds: readonly number[]): Promise<Map<number, { codes: string[]; year: number }>> {
  const d = ctx.db.dialect;
  const set = currentCodeSet();
  const out = new Map<number, { codes: string[]; year: number }>();
  for (const { key, code } of await ctx.db.all<{ key: number; code: string }>(
    `SELECT case_id AS key, code FROM case_diagnosis WHERE ${d.inIds('case_id')} ORDER BY case_id, position`,
    [d.ids(caseIds)],
  )) {
    if (isBillable(set, bareCode(code))) continue;
    const entry = out.get(key) ?? { codes: [], year: set.year };
    entry.codes.push(code);
    out.set(key, entry);
  }
  return out;
}

/**
 * What the rules need beyond a case's own records: each patient's races (in date order, a day's
 * races by id), today, and the clinic's MCIDs. One read for the review rows (loadFacts) and a case's
 * timeline (timeline.ts), so the two always see the same.
 */
export async function surroundings(
  ctx: DbContext,
  patients: readonly number[] | { ofCase: number },
): Promise<{ races: Map<number, RaceRef[]>; today: string; mcids: CaseFacts['mcids'] }> {
  const d = ctx.db.dialect;
  // A case's patient is named by the case, so a timeline asks for this with the case itself, not after it.
  const [who, params] =
    'ofCase' in patients ? ['patient_id = (SELECT patient_id FROM care_case WHERE id = ?)', [patients.ofCase]] : [d.inIds('patient_id'), [d.ids(patients)]];
  // Asked for together: one wait on PostgreSQL.
  const [races, mcids] = await Promise.all([
    ctx.db.all<{ key: number } & RaceRef>(`SELECT patient_id AS key, name, race_date AS date, distance FROM race WHERE ${who} ORDER BY race_date, id`, params),
    getMcids(ctx),
  ]);
  return { races: group(races), today: localIsoDate(ctx.now()), mcids };
}

/** A signed assessment as read for the rules: its PSFS activities still as the column holds them (JSON). */
export interface SignedAssessmentRow {
  on: string;
  kind: AssessmentKind;
  painCurrent: number | null;
  psfs: string | null;
  outcomes: { measure: MeasureId; score: number }[];
}

/**
 * The facts the framework rules need, from rows read in date order. One place for the review rows
 * (loadFacts) and a case's timeline (timeline.ts), which reads the same rows for its own display
 * and must show the same progress.
 */
export function factsOf(
  head: Pick<CaseHead, 'onsetDate' | 'startDate' | 'recurring' | 'maintenance' | 'status' | 'trainingPhase'>,
  read: {
    sessions: CaseFacts['sessions'];
    assessments: SignedAssessmentRow[];
    races: RaceRef[];
    today: string;
    mcids: CaseFacts['mcids'];
    codesNotBillable?: CaseFacts['codesNotBillable'];
  },
): CaseFacts {
  return {
    ...(read.codesNotBillable ? { codesNotBillable: read.codesNotBillable } : {}),
    onsetDate: head.onsetDate,
    startDate: head.startDate,
    recurring: head.recurring === 1,
    maintenance: head.maintenance === 1,
    status: head.status,
    sessions: read.sessions,
    assessments: read.assessments.map(({ psfs, ...a }) => ({ ...a, psfs: psfs ? (JSON.parse(psfs) as { activity: string; score: number }[]) : [] })),
    trainingPhase: head.trainingPhase,
    races: read.races,
    today: read.today,
    mcids: read.mcids,
  };
}

export async function progressOf(ctx: DbContext, caseId: number): Promise<CaseProgress> {
  const [one] = await loadFacts(ctx, 'c.id = ?', [caseId]);
  if (!one) throw new Error(`case ${caseId} not found`);
  return caseProgress(one.facts);
}

export async function progressFacts(ctx: DbContext, caseId: number): Promise<CaseFacts | null> {
  return (await loadFacts(ctx, 'c.id = ?', [caseId]))[0]?.facts ?? null;
}

/** One dashboard row: a case with its framework rules applied. */
export function toRow(head: CaseHead, facts: CaseFacts): ReviewRow {
  return rowOf(head, facts, caseProgress(facts));
}

/** A dashboard row with what its date-driven flags count from and the next day it can change (Review's kept rows). */
export function toDatedRow(head: CaseHead, facts: CaseFacts): { row: ReviewRow } & Omit<DatedProgress, 'progress'> {
  const { progress, dated, changesOn } = datedProgress(facts);
  return { row: rowOf(head, facts, progress), dated, changesOn };
}

function rowOf(head: CaseHead, facts: CaseFacts, p: CaseProgress): ReviewRow {
  const race = nextRace(facts.races, facts.today);
  return {
    caseId: head.id,
    patientId: head.patientId,
    patientName: head.patientName,
    conditionText: head.conditionText,
    side: head.side,
    phase: p.phase,
    sessionsDone: p.sessionsDone,
    expected: p.expected,
    reassessment: p.reassessment,
    pain: p.change.pain,
    measure: p.change.measures.find((m) => m.measure !== 'groc') ?? p.change.measures[0] ?? null,
    meaningful: p.change.meaningful,
    flags: p.flags,
    nextRace: race ? { ...race, days: daysBetween(facts.today, race.date) } : null,
  };
}

/** Every case with its derived framework numbers: what `needlebook cases` prints. */
export async function caseSummaries(ctx: DbContext): Promise<CaseSummary[]> {
  return (await loadFacts(ctx, '1 = 1', [])).map(({ head, facts }) => {
    const p = caseProgress(facts);
    return {
      id: head.id,
      patientId: head.patientId,
      condition: head.conditionText,
      onsetDate: head.onsetDate,
      startDate: head.startDate,
      status: head.status,
      phase: p.phase,
      sessionsDone: p.sessionsDone,
      expectedMin: p.expected.min,
      expectedMax: p.expected.max,
      nextReassessment: p.reassessment?.session ?? null,
      flags: p.flags.map((f) => f.kind),
    };
  });
}
