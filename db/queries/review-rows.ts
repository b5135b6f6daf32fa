import { currentCodeSetYear, readCodeSetsInSteps } from '../icd10cm';
import { DomainError } from '../../shared/outcome';
import { daysBetween } from '../../shared/rules/framework';
import { datedTitle, type Flag, type FlagDays } from '../../shared/rules/progress';
import { NO_RACE, RACE_SOON_DAYS, reviewKeys, type ReviewFilter, type ReviewPage, type ReviewRow, type ReviewSort } from '../../shared/review';
import { addDays, localIsoDate } from '../../shared/validation/dates';
import type { DbContext } from '../context';
import type { Db } from '../engine/types';
import { loadFacts, toDatedRow, toRow } from './progress';
import { limitClause } from '../engine/paging';
import { nextTurn } from '../next-turn';

/**
 * The review dashboard over kept rows (migration 20's `review_row`). Triggers mark the cases a write
 * touches in `review_stale`; `refreshReviewRows` rewrites those rows inside the same transaction
 * (the service calls it before every commit), and the first call of a new day rewrites the rows the
 * date can change — maintenance cases and races near (`datedCases`), every row only under a new code
 * set or with no earlier day to go from. The dashboard then filters, sorts, counts and
 * pages in SQL: its cost follows the page, not the number of active cases.
 */

/** Cases whose facts are read and rows rewritten per round: bounded so the IN lists stay small. */
const CHUNK = 1000;
/** Rows per INSERT: one round trip to PostgreSQL for many rows. */
const BATCH = 100;
const COLUMNS = [
  'case_id',
  'patient_id',
  'row',
  'patient_key',
  'condition_key',
  'phase_key',
  'sessions_key',
  'reassessment_key',
  'change_key',
  'flags_key',
  'race_date',
  'due',
  'not_improving',
  'consent_missing',
  'changes_on',
];
// An upsert: on a clinic's server two transactions can rewrite one case's row at once (two seats'
// first Review of a day, or a seat's day pass beside its Review call). Each deletes the row, the
// second waits for the first's commit and does not see the row it inserted, then inserts its own;
// both computed the same row, so the second's replaces the first's rather than failing the call.
const insertSql = (rows: number) =>
  `INSERT INTO review_row (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}
   ON CONFLICT (case_id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'case_id')
     .map((c) => `${c} = excluded.${c}`)
     .join(', ')}`;

/**
 * What is stored: the row without the days it counts, which change daily and are counted when
 * read (`readKeptRow`): the days to its race, and a date-driven flag's words, kept as what they
 * count from. So a row is made again only on the days its flags come or go (`changes_on`).
 */
type KeptRow = Omit<ReviewRow, 'nextRace' | 'flags'> & {
  nextRace: Omit<NonNullable<ReviewRow['nextRace']>, 'days'> | null;
  flags: (Flag & { days?: FlagDays })[];
  /**
   * The row's columns as they will read from `changes_on`, made with it from the same facts: the
   * morning its day comes, the row is turned to them (`turnRows`) rather than made again from the
   * case's records. Not for a row that cannot change by the date.
   */
  next?: { from: string; columns: unknown[] };
};

/** A kept row's `changes_on` when nothing the date drives can change it. */
const NO_CHANGE = '9999-12-31';

type DatedRow = ReturnType<typeof toDatedRow>;

/** A kept row as of `today`: the days its race and its date-driven flags count, counted. */
export function readKeptRow(json: string, today: string): ReviewRow {
  const { next: _next, ...kept } = JSON.parse(json) as KeptRow;
  return {
    ...kept,
    flags: kept.flags.map(({ days, ...flag }) => (days ? { ...flag, title: datedTitle(days, today) } : flag)),
    nextRace: kept.nextRace && kept.nextRace.date !== NO_RACE ? { ...kept.nextRace, days: daysBetween(today, kept.nextRace.date) } : null,
  };
}

function values({ row, dated, changesOn }: DatedRow, consentMissing: boolean, next: DatedRow | null = null): unknown[] {
  const k = reviewKeys(row);
  const kept: KeptRow = {
    ...row,
    flags: row.flags.map((flag) => {
      const days = dated.find((d) => d.flag === flag)?.days;
      return days ? { ...flag, days } : flag;
    }),
    nextRace: row.nextRace ? { name: row.nextRace.name, date: row.nextRace.date, distance: row.nextRace.distance } : null,
    // Whether a visit lacks its consent does not change by the date: the next row's is this one's.
    ...(next && changesOn ? { next: { from: changesOn, columns: values(next, consentMissing) } } : {}),
  };
  return [
    row.caseId,
    row.patientId,
    JSON.stringify(kept),
    k.patient,
    k.condition,
    k.phase,
    k.sessions,
    k.nextReassessment,
    k.change,
    k.flags,
    k.nextRace,
    k.due ? 1 : 0,
    k.notImproving ? 1 : 0,
    consentMissing ? 1 : 0,
    changesOn ?? NO_CHANGE,
  ];
}

/**
 * A case has a visit that used a modality before the patient's first consent to it, drafts
 * included: shared/rules/safety.ts says the same per visit ("no consent signed on or before the
 * visit day"), and since a consent covers every later day, only a visit before the first one can
 * lack it. So each of the case's visits is first compared with the four first-consent days (read
 * once per case, consent_by_patient), and only a visit before one of them is looked at for what
 * was charted. Judging every visit against every consent, four times over, was 40 % of a seat's
 * database time on a case of a hundred visits (issue 38). The modalities' EXISTS stay inside the OR
 * so that PostgreSQL cannot make them joins: with no statistics yet (a clinic just moved in) it
 * planned one as a scan of all visit_adjunct rows for each case, a minute a thousand cases.
 * `v.started_at < day` is `substr(v.started_at, 1, 10) < day` (a start is the day, then the time);
 * with no consent at all every visit is before 9999-12-31.
 */
const usedBeforeConsent = (used: string, kind: string) =>
  `(v.started_at < coalesce((SELECT min(k.signed_on) FROM consent k WHERE k.patient_id = c.patient_id AND k.kind = '${kind}'), '9999-12-31')
       AND EXISTS (${used}))`;
const MISSING_CONSENT = `EXISTS (SELECT 1 FROM visit v WHERE v.case_id = c.id AND (
       ${usedBeforeConsent('SELECT 1 FROM visit_acupoint x WHERE x.visit_id = v.id', 'acupuncture')}
       OR ${usedBeforeConsent('SELECT 1 FROM visit_trigger_point x WHERE x.visit_id = v.id', 'dry_needling')}
       OR ${usedBeforeConsent('SELECT 1 FROM visit_lead_pair x WHERE x.visit_id = v.id', 'electroacupuncture')}
       OR ${usedBeforeConsent("SELECT 1 FROM visit_adjunct x WHERE x.visit_id = v.id AND x.kind = 'cupping'", 'cupping')}))`;

/** Of the cases `where` names, those with a visit whose modality has no signed consent on file. */
async function casesMissingConsent(ctx: DbContext, where: string, params: unknown[]): Promise<Set<number>> {
  const rows = await ctx.db.all<{ id: number }>(`SELECT c.id FROM care_case c WHERE ${where} AND (${MISSING_CONSENT})`, params);
  return new Set(rows.map((r) => Number(r.id)));
}

/** Patients on an active case with care charted without its signed consent, counted from the records (the read-only file's way). */
export async function patientsMissingConsentFresh(ctx: DbContext): Promise<number> {
  const row = await ctx.db.get<{ n: number | string }>(
    `SELECT count(DISTINCT c.patient_id) AS n FROM care_case c JOIN patient p ON p.id = c.patient_id
     WHERE c.status = 'active' AND p.archived_at IS NULL AND (${MISSING_CONSENT})`,
  );
  return Number(row?.n ?? 0);
}

/** The facts of the cases on Review: active cases of patients on the books, as `where` narrows them. */
const factsOnReview = (ctx: DbContext, where: string, params: unknown[]) =>
  loadFacts(ctx, `c.status = 'active' AND p.archived_at IS NULL AND ${where}`, params);

/** Rows computed from the records, for active cases of patients on the books, as `where` narrows them. */
export async function computeReviewRows(ctx: DbContext, where = '1 = 1', params: unknown[] = []): Promise<ReviewRow[]> {
  return (await factsOnReview(ctx, where, params)).map(({ head, facts }) => toRow(head, facts));
}

/** Rewrites the rows of every case marked stale, then clears the marks; the caller's transaction holds it all. */
export async function refreshReviewRows(ctx: DbContext): Promise<number> {
  const stale = (await ctx.db.all<{ id: number }>('SELECT case_id AS id FROM review_stale ORDER BY case_id')).map((r) => r.id);
  for (let i = 0; i < stale.length; i += CHUNK) await rewriteRows(ctx, stale.slice(i, i + CHUNK));
  return stale.length;
}

/** The rows of these cases computed afresh and put in place of the kept ones (none for a case no longer on Review), their marks cleared. */
async function rewriteRows(ctx: DbContext, caseIds: readonly number[]): Promise<void> {
  const d = ctx.db.dialect;
  const ids = d.ids(caseIds);
  // Asked for together, and the writes sent without a wait (Db.later): on PostgreSQL a write that
  // rewrites a case's row (a save of its visit, a patient's race) waits twice for it, not six times.
  const [rows, missing] = await Promise.all([
    factsOnReview(ctx, d.inIds('c.id'), [ids]).then((facts) =>
      facts.map(({ head, facts }) => {
        const dated = toDatedRow(head, facts);
        // The row as it will read on its next turn, from the same facts: that morning turns it, reading nothing.
        return { dated, next: dated.changesOn === null ? null : toDatedRow(head, { ...facts, today: dated.changesOn }) };
      }),
    ),
    casesMissingConsent(ctx, d.inIds('c.id'), [ids]),
  ]);
  const valuesOf = ({ dated, next }: { dated: DatedRow; next: DatedRow | null }) => values(dated, missing.has(dated.row.caseId), next);
  await ctx.db.later(`DELETE FROM review_row WHERE ${d.inIds('case_id')}`, [ids]);
  await putRows(ctx, rows.map(valuesOf));
  await ctx.db.later(`DELETE FROM review_stale WHERE ${d.inIds('case_id')}`, [ids]);
}

/** Rows put in place (inserted, or over the kept row of their case), BATCH to a statement, sent without a wait. */
async function putRows(ctx: DbContext, rows: readonly unknown[][]): Promise<void> {
  let at = 0;
  for (; at + BATCH <= rows.length; at += BATCH) await ctx.db.later(insertSql(BATCH), rows.slice(at, at + BATCH).flat());
  for (; at < rows.length; at++) await ctx.db.later(insertSql(1), rows[at]!);
}

/** Where `changes_on` is among a row's columns (COLUMNS, as `values` lists them). */
const CHANGES_ON = COLUMNS.indexOf('changes_on');
/** The columns a row's turn can change: its flags, their sort key, the next race, the next turn. */
const TURNING = new Set(['row', 'flags_key', 'race_date', 'changes_on']);
/** A turn written: those columns alone (and the four indexes holding them, not all eleven). */
const TURN_SQL = `UPDATE review_row SET ${[...TURNING].map((c) => `${c} = ?`).join(', ')} WHERE case_id = ?`;
const TURNING_AT = [...TURNING].map((c) => COLUMNS.indexOf(c));

/**
 * Rows whose day has come, turned to what each kept for that day (`KeptRow.next`), when that is
 * today's: made for a day on or before today, and its own next turn after today (a day the app was
 * not opened may have held a turn of its own). No record is read and no rule run: at 18,000
 * patients a morning's 1,592 due rows took about a second to make again from their cases, in front
 * of Review's first rows. Returns the cases turned and those left to make again (no `next` kept,
 * or out of date).
 */
async function turnRows(ctx: DbContext, caseIds: readonly number[], today: string): Promise<{ turned: number[]; left: number[] }> {
  const d = ctx.db.dialect;
  // Locked as read, in case order: a write rewriting a few of these rows meanwhile (a visit's save,
  // a patient's race) waits for them all, or they for it, rather than each holding half.
  const kept = await ctx.db.all<Record<string, unknown>>(
    `SELECT ${COLUMNS.join(', ')} FROM review_row WHERE ${d.inIds('case_id')} ORDER BY case_id${d.forUpdate}`,
    [d.ids(caseIds)],
  );
  const whole: unknown[][] = [];
  const turned: number[] = [];
  for (const now of kept) {
    const next = (JSON.parse(String(now.row)) as KeptRow).next;
    // For today only from its own day up to the day before its next turn.
    if (!next || next.from > today || String(next.columns[CHANGES_ON]) <= today) continue;
    turned.push(Number(now.case_id));
    // The date moves the flags, the next race and the next turn, nothing else: only those columns
    // are written, unless another differs after all.
    if (COLUMNS.every((c, i) => TURNING.has(c) || String(next.columns[i]) === String(now[c])))
      await ctx.db.later(TURN_SQL, [...TURNING_AT.map((i) => next.columns[i]), now.case_id]);
    else whole.push(next.columns);
  }
  await putRows(ctx, whole);
  const done = new Set(turned);
  return { turned, left: caseIds.filter((id) => !done.has(id)) };
}

/** The dated cases brought to today: turned where a row kept its next, made again from the records where not. */
async function bringToToday(ctx: DbContext, caseIds: readonly number[], today: string): Promise<number[]> {
  const { turned, left } = await turnRows(ctx, caseIds, today);
  if (left.length) await rewriteRows(ctx, left);
  return turned;
}

/**
 * The pass's mark: the day, and the newest ICD-10-CM year shipped. Rows are made again on a new
 * day (the date-driven flags) and when a newer year's code set has come with an update (the
 * codes it deleted are flagged), whichever comes first.
 */
const passMark = (today: string) => `${today} ICD-10-CM FY${currentCodeSetYear()}`;

/**
 * The day an earlier pass was made, if the rows it left differ from today's only by the date: the
 * same code set, an earlier day. Anything else (no mark, another year's codes, a clock set back)
 * is passed in full.
 */
function dayOfMark(mark: string, today: string): string | null {
  const day = mark.slice(0, 10);
  return mark === passMark(day) && day < today ? day : null;
}

/**
 * The cases whose row can read differently today with nothing written (issue 38): each kept row
 * says the first day its flags or next race can come or go (`changes_on`, from the maintenance
 * window and the races' windows: shared/rules/progress.ts `datedProgress`), read off its index;
 * the days they count change daily but are counted when read. A row whose case left Review (a
 * discharge, an archived patient) is not looked for here: the triggers that mark a case stale in
 * the transaction of its write (migration 20) take it away, and the guards hold those triggers in
 * place (db/guards.ts). Looking for such rows every morning meant a join of every kept row with
 * its case and patient, 13–113 ms in front of the first rows at 18,000 patients. The property
 * test of tests/integration/review-rows.test.ts (days passing among writes, races among them)
 * holds the kept rows, as read, equal to rows computed afresh.
 */
const datedCases = 'SELECT case_id AS id FROM review_row WHERE changes_on <= ? ORDER BY case_id';

/**
 * Transactions that rewrite many kept rows take turns: the day's pass (a slice at a time), a
 * Review call bringing the rows up to date, and keepNextRows, on this seat and every other. On a
 * clinic's server two of them rewrote the same rows from two connections, each in its own order,
 * and one was ended as a deadlock (issue 38). A write of a few rows (a visit's save) takes no turn.
 * Sent without a wait, before the transaction's first statement.
 */
async function takeTurn(db: Db): Promise<void> {
  if (db.dialect.turnsOn) await db.later(db.dialect.turnsOn('review_row'));
}

/** Whether the kept rows are today's: the day (and code set) they were made for, and whether a write left any marked. */
type KeptState = { day: string | null; stale: number | boolean };
const KEPT_STATE = 'SELECT (SELECT day FROM review_day) AS day, EXISTS (SELECT 1 FROM review_stale) AS stale';
const upToDate = (state: KeptState | undefined, today: string) => state?.day === passMark(today) && !state.stale;

/**
 * Brings the kept rows up to date before they are read: all of them on the first call of a day
 * (the date-driven flags), or those a write outside the service left marked. A data file opened
 * read-only cannot be written, so it is answered from rows computed afresh.
 */
async function bringUpToDate(ctx: DbContext, today: string, state: KeptState | undefined): Promise<void> {
  await ctx.db.transaction(async (db) => {
    await takeTurn(db);
    const tx = { ...ctx, db };
    const since = state?.day ? dayOfMark(state.day, today) : null;
    if (state?.day !== passMark(today) && since !== null) {
      // A later day under the same code set: only the rows the date can change (datedCases), less
      // those the day's pass in slices has rewritten already today (passTheDay).
      const done = ctx.reviewPass?.mark === passMark(today) ? ctx.reviewPass.done : null;
      const dated = (await datedCaseIds(tx, today)).filter((id) => !done?.has(id));
      for (let i = 0; i < dated.length; i += CHUNK) {
        const turned = await bringToToday(tx, dated.slice(i, i + CHUNK), today);
        for (const id of turned) ctx.reviewPass?.turned.add(id);
      }
    } else if (state?.day !== passMark(today)) {
      await db.run(
        `INSERT INTO review_stale (case_id)
         SELECT id FROM (SELECT id FROM care_case WHERE status = 'active' UNION SELECT case_id FROM review_row) s WHERE true ORDER BY id
         ON CONFLICT DO NOTHING`,
      );
    }
    await refreshReviewRows(tx);
    await markDay(db, passMark(today));
  });
}

/**
 * Review's rows made for today, if they are not yet: what the day's first Review call would do.
 * A clinic moved in (db/clinic/transfer.ts) has none, and would otherwise make all of them on its first call.
 */
export async function reviewRowsForToday(ctx: DbContext): Promise<void> {
  const today = localIsoDate(ctx.now());
  const state = await ctx.db.get<KeptState>(KEPT_STATE);
  if (!upToDate(state, today)) await bringUpToDate(ctx, today, state);
}

/** The day (and code set) the kept rows are now made for: Review's day pass is done. */
const markDay = (db: Db, mark: string) => db.run('INSERT INTO review_day (one, day) VALUES (1, ?) ON CONFLICT (one) DO UPDATE SET day = excluded.day', [mark]);

const datedCaseIds = async (ctx: DbContext, today: string): Promise<number[]> => (await ctx.db.all<{ id: number }>(datedCases, [today])).map((r) => r.id);

/**
 * How long a transaction of the day's pass aims to take: a call made meanwhile waits no longer
 * (each statement of a call made while a slice is queued waits for it). The cases per slice follow
 * what the last slice took, so a busy machine's slices are smaller, not longer: at 50 cases a
 * slice took 45 ms on a loaded two-core machine, and a call of three statements waited 560 ms.
 */
const SLICE_MS = 10;
const FIRST_SLICE = 10;
/**
 * How long after the day's pass the app makes the morning's turned rows again with a next of their
 * own (`keepNextRows`): after the window's first screen, whose page load shares the machine's cores.
 */
export const NEXT_ROWS_AFTER_MS = 10_000;

/**
 * The first pass of a new day, run by the app as it opens (db/host.ts), in slices of about SLICE_MS
 * milliseconds, each its own transaction, with calls let in between (issue 38): Review's first call of the
 * day had rewritten every dated case in one transaction (5,800 at 18,000 patients: 1.9 s, every
 * other call waiting behind it). A row that kept its next for today is turned to it, reading no
 * records (`turnRows`); the rest are made again from their cases. The cases brought to today are
 * kept in `ctx.reviewPass`; a Review call made before the pass ends brings only the rest
 * (bringUpToDate) and marks the day, which ends the pass. Rows a write rewrites meanwhile are
 * today's already. A day that needs every row made again (a new code set) is left to Review's
 * first call, as before.
 */
export function passTheDay(ctx: DbContext, fixedSlice?: number): Promise<void> {
  const pass = ctx.reviewPass;
  if (!pass || ctx.db.readOnly) return Promise.resolve();
  if (pass.running) return pass.running;
  const run = async () => {
    const today = localIsoDate(ctx.now());
    const mark = passMark(today);
    const day = await ctx.db.get<{ day: string | null }>('SELECT day FROM review_day');
    const since = day?.day ? dayOfMark(day.day, today) : null;
    if (day?.day === mark || since === null) return;
    if (pass.mark !== mark) Object.assign(pass, { mark, done: new Set<number>(), turned: new Set<number>() });
    const ids = (await datedCaseIds(ctx, today)).filter((id) => !pass.done.has(id));
    const marked = async (db: Db) => (await db.get<{ day: string | null }>('SELECT day FROM review_day'))?.day === mark;
    const stopped = await inSlices(
      ctx,
      ids,
      fixedSlice,
      // Review's first call came and finished the day: nothing left to do.
      async (tx, cases) => ((await marked(tx.db)) ? null : bringToToday(tx, cases, today)),
      (cases, turned) => {
        for (const id of cases) pass.done.add(id);
        for (const id of turned) pass.turned.add(id);
      },
    );
    if (!stopped) await ctx.db.transaction((db) => markDay(db, mark), { waitForDisk: false });
  };
  pass.running = run().finally(() => (pass.running = null));
  return pass.running;
}

/**
 * The rows turned this morning made again from their records, with a next of their own, so that
 * their next turn is a turn too, not a remake: in slices, as the pass, once the window's first
 * screen is up (the app waits NEXT_ROWS_AFTER_MS after the pass).
 */
export async function keepNextRows(ctx: DbContext, fixedSlice?: number): Promise<void> {
  const pass = ctx.reviewPass;
  if (!pass || ctx.db.readOnly) return;
  // Making a row checks its codes against the code set: read now, in steps, not in the first slice.
  if (pass.turned.size > 0) await readCodeSetsInSteps();
  await inSlices(
    ctx,
    [...pass.turned],
    fixedSlice,
    async (tx, cases) => {
      await rewriteRows(tx, cases);
      return [];
    },
    (cases) => {
      for (const id of cases) pass.turned.delete(id);
    },
  );
}

/**
 * Runs `work` over the cases in slices of about SLICE_MS, each its own transaction, with calls let
 * in between; `committed` hears each slice once its transaction is in. Stops, saying so, when
 * `work` answers null.
 */
async function inSlices(
  ctx: DbContext,
  ids: readonly number[],
  fixedSlice: number | undefined,
  work: (tx: DbContext, cases: number[]) => Promise<number[] | null>,
  committed: (cases: number[], turned: number[]) => void,
): Promise<boolean> {
  let slice = fixedSlice ?? FIRST_SLICE;
  for (let i = 0; i < ids.length;) {
    const cases = ids.slice(i, i + slice);
    i += cases.length;
    let started = 0;
    // Derived rows only, so a slice does not wait for the disk: a power cut can lose the last
    // slices, and with them (the log is written in order) the day's mark, so the next open
    // makes those rows again. Each slice's fsync was most of its time.
    const turned = await ctx.db.transaction(
      (db) => {
        // Timed from its turn in this process's queue: calls waited on here are not the slice's own
        // time. A wait on the server for another rewrite's turn (takeTurn) is counted, and makes
        // the next slice smaller while that rewrite runs.
        started = performance.now();
        return takeTurn(db).then(() => work({ ...ctx, db }, cases));
      },
      { waitForDisk: false },
    );
    if (turned === null) return true;
    committed(cases, turned);
    if (fixedSlice === undefined) {
      const perCase = (performance.now() - started) / cases.length;
      slice = Math.max(1, Math.min(200, Math.round(SLICE_MS / Math.max(perCase, 0.01))));
    }
    await nextTurn();
  }
  return false;
}

const SORT_COLUMN: Record<ReviewSort, string> = {
  patient: 'patient_key',
  condition: 'condition_key',
  phase: 'phase_key',
  sessions: 'sessions_key',
  nextReassessment: 'reassessment_key',
  change: 'change_key',
  flags: 'flags_key',
  nextRace: 'race_date',
};

const FILTER_WHERE: Record<ReviewFilter, string> = {
  all: '1 = 1',
  reassessment_due: 'due = 1',
  not_improving: 'not_improving = 1',
  race_soon: 'race_date <= @raceBy',
};

interface Query {
  filter: ReviewFilter;
  sort: ReviewSort;
  direction: 'asc' | 'desc';
  after?: string | undefined;
  limit: number;
}

/** A page position: the last row's sort key, patient key and case, bound to the filter and sort it came from. */
type Cursor = [filter: ReviewFilter, sort: ReviewSort, direction: 'asc' | 'desc', key: string | number, patient: string, caseId: number];

const encodeCursor = (q: Query, key: string | number, patient: string, caseId: number): string =>
  Buffer.from(JSON.stringify([q.filter, q.sort, q.direction, key, patient, caseId])).toString('base64url');

function decodeCursor(text: string, q: Query): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString()) as Cursor;
    if (Array.isArray(c) && c[0] === q.filter && c[1] === q.sort && c[2] === q.direction && typeof c[4] === 'string' && Number.isInteger(c[5])) return c;
  } catch {
    // the error below
  }
  throw new DomainError('invalid_input', 'The page position is out of date; start from the first page', {
    after: 'Page position does not match this filter and sort',
  });
}

type StoredRow = { row: string; sortKey: string | number; patientKey: string; caseId: number };

/** Rows computed afresh, filtered, sorted and paged in memory: the read-only file's dashboard. */
export function pageInMemory(rows: ReviewRow[], q: Query, today: string): Pick<ReviewPage, 'rows' | 'total' | 'counts' | 'next'> {
  const raceBy = addDays(today, RACE_SOON_DAYS);
  const keyed = rows.map((row) => ({ row, k: reviewKeys(row) }));
  const matches: Record<ReviewFilter, (k: ReturnType<typeof reviewKeys>) => boolean> = {
    all: () => true,
    reassessment_due: (k) => k.due,
    not_improving: (k) => k.notImproving,
    race_soon: (k) => k.nextRace <= raceBy,
  };
  const counts = Object.fromEntries(Object.entries(matches).map(([f, m]) => [f, keyed.filter((r) => m(r.k)).length])) as ReviewPage['counts'];
  const sign = q.direction === 'asc' ? 1 : -1;
  const byKey = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
  /** The same order as the SQL's: the sort key in the direction asked, then patient and case ascending. */
  const order = (a: { key: string | number; patient: string; caseId: number }, b: typeof a) =>
    byKey(a.key, b.key) * sign || byKey(a.patient, b.patient) || a.caseId - b.caseId;
  const chosen = keyed
    .filter((r) => matches[q.filter](r.k))
    .map((r) => ({ row: r.row, key: r.k[q.sort], patient: r.k.patient, caseId: r.row.caseId }))
    .sort(order);
  let start = 0;
  if (q.after) {
    const [, , , key, patient, caseId] = decodeCursor(q.after, q);
    const after = { key, patient, caseId };
    start = chosen.findIndex((r) => order(r, after) > 0);
    if (start < 0) start = chosen.length;
  }
  const page = chosen.slice(start, start + q.limit);
  const last = page[page.length - 1];
  const more = start + q.limit < chosen.length;
  return { rows: page.map((r) => r.row), total: chosen.length, counts, next: more && last ? encodeCursor(q, last.key, last.patient, last.caseId) : null };
}

/**
 * The filter chips' counts over the kept rows; its one `?` is the last race day that counts as
 * soon. Every column it reads is in the index review_tally (migration 29).
 */
export const REVIEW_COUNTS = `SELECT count(*) AS n, sum(due) AS due, sum(not_improving) AS worse, sum(CASE WHEN race_date <= ? THEN 1 ELSE 0 END) AS race,
            count(DISTINCT CASE WHEN consent_missing = 1 THEN patient_id END) AS consent FROM review_row`;

/** The review dashboard: one page of the kept rows, in the filter and sort asked for, with the count behind each filter. */
export async function reviewCases(ctx: DbContext, q: Query): Promise<ReviewPage> {
  const today = localIsoDate(ctx.now());
  const raceBy = addDays(today, RACE_SOON_DAYS);
  if (ctx.db.readOnly) {
    const page = pageInMemory(await computeReviewRows(ctx), q, today);
    return { ...page, today, patientsMissingConsent: await patientsMissingConsentFresh(ctx) };
  }
  const column = SORT_COLUMN[q.sort];
  const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
  const where = [FILTER_WHERE[q.filter]];
  const params: Record<string, unknown> = { raceBy };
  if (q.after) {
    const [, , , key, patient, caseId] = decodeCursor(q.after, q);
    // Ties go by patient and case ascending whatever the direction, so the keyset is spelled out.
    where.push(`${column} ${q.direction === 'asc' ? '>=' : '<='} @key AND (${column} <> @key OR (patient_key, case_id) > (@patient, @caseId))`);
    Object.assign(params, { key, patient, caseId });
  }
  // The page's cases are picked by their keys alone, then their kept rows read. Sorted descending
  // with ties ascending, no index gives the order whole: SQLite then sorts each run of ties and,
  // carrying every row's JSON through that sort, took 3–7 ms where the keys alone take 0.1–0.5
  // (docs/performance.md, "Keys first").
  const order = `${column} ${dir}, patient_key, case_id`;
  const read = () =>
    Promise.all([
      // The counts read the narrow index review_tally (migration 29), which holds every column they
      // need, rather than every kept row with its JSON: 12,900 rows' JSON was most of a Review call.
      ctx.db.get<Record<string, number | string | null>>(REVIEW_COUNTS, [raceBy]),
      ctx.db.all<StoredRow>(
        `SELECT row, ${column} AS "sortKey", patient_key AS "patientKey", case_id AS "caseId" FROM review_row
         WHERE case_id IN (SELECT case_id FROM review_row WHERE ${where.join(' AND ')} ORDER BY ${order} ${limitClause(q.limit + 1)})
         ORDER BY ${order}`,
        params,
      ),
    ]);
  // Whether the rows are today's, the counts and the page are asked for together (one wait on
  // PostgreSQL, not three): on all but the day's first call and after a write outside the service,
  // they are. When they are not, the rows are brought up to date and read again.
  const [state, first] = await Promise.all([ctx.db.get<KeptState>(KEPT_STATE), read()]);
  let [countRow, stored] = first;
  if (!upToDate(state, today)) {
    await bringUpToDate(ctx, today, state);
    [countRow, stored] = await read();
  }
  const counts: ReviewPage['counts'] = {
    all: Number(countRow?.n ?? 0),
    reassessment_due: Number(countRow?.due ?? 0),
    not_improving: Number(countRow?.worse ?? 0),
    race_soon: Number(countRow?.race ?? 0),
  };
  const more = stored.length > q.limit;
  const page = stored.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    rows: page.map((s) => readKeptRow(s.row, today)),
    total: counts[q.filter],
    counts,
    next: more && last ? encodeCursor(q, typeof last.sortKey === 'string' ? last.sortKey : Number(last.sortKey), last.patientKey, last.caseId) : null,
    today,
    patientsMissingConsent: Number(countRow?.consent ?? 0),
  };
}
