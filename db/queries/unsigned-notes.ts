import type { z } from 'zod';
import { STALE_DRAFT_HOURS, type UnsignedNote, type UnsignedNotes, type unsignedNotesQuery } from '../../shared/unsigned-notes';
import { monthRange } from '../../shared/reports/superbill-index';
import { addDays } from '../../shared/validation/dates';
import type { DbContext } from '../context';
import { limitClause } from '../engine/paging';

/**
 * The unsigned visits and assessments on patients who are not archived, oldest first, filtered;
 * the oldest `limit` are listed and all of them counted (how many, how many overdue).
 */
export async function unsignedNotes(ctx: DbContext, q: z.output<typeof unsignedNotesQuery>): Promise<UnsignedNotes> {
  const where: string[] = [];
  const params: unknown[] = [];
  const filterBy = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  if (q.patientId !== undefined) filterBy('c.patient_id = ?', q.patientId);
  if (q.caseId !== undefined) filterBy('c.id = ?', q.caseId);
  const filter = where.map((w) => ` AND ${w}`).join('');
  // The list names patient, case and provider. Its notes are joined to their patients, which are
  // not archived, in each kind's order; the oldest `limit` of each kind are read off the drafts'
  // index (migration 33) and only those `limit` merged.
  const listed = (table: string, alias: string, date: string, kind: string, range: string) =>
    `SELECT * FROM (SELECT '${kind}' AS kind, ${alias}.id AS id, c.patient_id AS "patientId", p.first_name || ' ' || p.last_name AS "patientName",
            c.id AS "caseId", c.condition_text AS condition, pr.name AS "providerName", ${alias}.${date} AS date, ${alias}.created_at AS "createdAt"
       FROM ${table} ${alias} JOIN care_case c ON c.id = ${alias}.case_id JOIN patient p ON p.id = c.patient_id JOIN provider pr ON pr.id = ${alias}.provider_id
       WHERE ${alias}.signed_at IS NULL AND p.archived_at IS NULL${filter}${range}
       ORDER BY ${alias}.${date}, ${alias}.id ${limitClause(q.limit)}) ${alias}`;
  // The count needs only the note's creation time, on the drafts' index, and whether its patient is
  // archived: the cases of the few archived patients are found once (migration 33's index) and each
  // draft looked up among them, rather than each draft joined to its case and patient (on
  // PostgreSQL a hash of every case; 8.5 ms of 1,834 drafts at 18,000 patients). The case is
  // joined only when the list is of a patient or a case. Case ids are never NULL, so NOT IN is
  // NOT EXISTS here.
  const counted = (table: string, alias: string, range: string) =>
    `SELECT ${alias}.created_at AS "createdAt" FROM ${table} ${alias}${filter ? ` JOIN care_case c ON c.id = ${alias}.case_id` : ''}
       WHERE ${alias}.signed_at IS NULL${filter}${range}
         AND ${alias}.case_id NOT IN (SELECT ac.id FROM care_case ac JOIN patient ap ON ap.id = ac.patient_id WHERE ap.archived_at IS NOT NULL)`;
  // A month is a range on the drafts' own index (migration 19), not substr() over every visit.
  const inMonth = q.month !== undefined ? ' AND v.started_at >= ? AND v.started_at < ?' : '';
  const month = q.month !== undefined ? monthRange(q.month) : null;
  const monthParams = month ? [month.from, addDays(month.to, 1)] : [];
  // A month's batch bills visits only; the assessments come in when no month is asked for.
  const visitParams = [...params, ...monthParams];
  const withAssessments = q.month === undefined;
  const list = [
    listed('visit', 'v', 'started_at', 'visit', inMonth),
    ...(withAssessments ? [listed('assessment', 'a', 'assessed_on', 'assessment', '')] : []),
  ].join(' UNION ALL ');
  const count = [counted('visit', 'v', inMonth), ...(withAssessments ? [counted('assessment', 'a', '')] : [])].join(' UNION ALL ');
  const all = withAssessments ? [...visitParams, ...params] : visitParams;
  const now = ctx.now().getTime();
  const staleBefore = new Date(now - STALE_DRAFT_HOURS * 3_600_000).toISOString();
  const [rows, counts] = await Promise.all([
    ctx.db.all<Omit<UnsignedNote, 'ageHours'> & { createdAt: string }>(`${list} ORDER BY date, kind, id ${limitClause(q.limit)}`, all),
    ctx.db.get<{ total: number | string; stale: number | string | null }>(
      `SELECT count(*) AS total, sum(CASE WHEN "createdAt" < ? THEN 1 ELSE 0 END) AS stale FROM (${count}) u`,
      [staleBefore, ...all],
    ),
  ]);
  return {
    notes: rows.map(({ createdAt, ...r }) => ({ ...r, id: Number(r.id), ageHours: Math.max(0, Math.floor((now - Date.parse(createdAt)) / 3_600_000)) })),
    total: Number(counts?.total ?? 0),
    stale: Number(counts?.stale ?? 0),
  };
}
