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
  // The list names patient, case and provider; the count needs only the note and its patient's archive mark.
  const from = (
    table: string,
    alias: string,
    named: boolean,
  ) => `FROM ${table} ${alias} JOIN care_case c ON c.id = ${alias}.case_id JOIN patient p ON p.id = c.patient_id
       ${named ? `JOIN provider pr ON pr.id = ${alias}.provider_id` : ''}
       WHERE ${alias}.signed_at IS NULL AND p.archived_at IS NULL${filter}`;
  const columns = (named: boolean) =>
    named
      ? `, c.patient_id AS "patientId", p.first_name || ' ' || p.last_name AS "patientName", c.id AS "caseId", c.condition_text AS condition, pr.name AS "providerName"`
      : '';
  const visits = (named: boolean) =>
    `SELECT 'visit' AS kind, v.id AS id${columns(named)}, v.started_at AS date, v.created_at AS "createdAt" ${from('visit', 'v', named)}${
      q.month !== undefined ? ' AND v.started_at >= ? AND v.started_at < ?' : ''
    }`;
  // A month's batch bills visits only; the assessments come in when no month is asked for.
  const assessments = (named: boolean) =>
    `SELECT 'assessment' AS kind, a.id AS id${columns(named)}, a.assessed_on AS date, a.created_at AS "createdAt" ${from('assessment', 'a', named)}`;
  const notes = (named: boolean) => (q.month !== undefined ? visits(named) : `${visits(named)} UNION ALL ${assessments(named)}`);
  const sql = `${notes(true)} ORDER BY date, kind, id`;
  // A month is a range on the drafts' own index (migration 19), not substr() over every visit.
  const month = q.month !== undefined ? monthRange(q.month) : null;
  const monthParams = month ? [month.from, addDays(month.to, 1)] : [];
  const all = q.month !== undefined ? [...params, ...monthParams] : [...params, ...params];
  const now = ctx.now().getTime();
  const staleBefore = new Date(now - STALE_DRAFT_HOURS * 3_600_000).toISOString();
  const [rows, counts] = await Promise.all([
    ctx.db.all<Omit<UnsignedNote, 'ageHours'> & { createdAt: string }>(`${sql} ${limitClause(q.limit)}`, all),
    ctx.db.get<{ total: number | string; stale: number | string | null }>(
      `SELECT count(*) AS total, sum(CASE WHEN "createdAt" < ? THEN 1 ELSE 0 END) AS stale FROM (${notes(false)}) u`,
      [staleBefore, ...all],
    ),
  ]);
  return {
    notes: rows.map(({ createdAt, ...r }) => ({ ...r, id: Number(r.id), ageHours: Math.max(0, Math.floor((now - Date.parse(createdAt)) / 3_600_000)) })),
    total: Number(counts?.total ?? 0),
    stale: Number(counts?.stale ?? 0),
  };
}
