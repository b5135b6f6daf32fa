import type { z } from 'zod';
import type { UnsignedNote, unsignedNotesQuery } from '../../shared/unsigned-notes';
import type { DbContext } from '../context';

/** Every unsigned visit and assessment on a patient who is not archived, oldest first, filtered. */
export async function unsignedNotes(ctx: DbContext, q: z.output<typeof unsignedNotesQuery>): Promise<UnsignedNote[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const filterBy = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  if (q.patientId !== undefined) filterBy('c.patient_id = ?', q.patientId);
  if (q.caseId !== undefined) filterBy('c.id = ?', q.caseId);
  const filter = where.map((w) => ` AND ${w}`).join('');
  const from = (table: string, alias: string) => `FROM ${table} ${alias} JOIN care_case c ON c.id = ${alias}.case_id JOIN patient p ON p.id = c.patient_id
       JOIN provider pr ON pr.id = ${alias}.provider_id
       WHERE ${alias}.signed_at IS NULL AND p.archived_at IS NULL${filter}`;
  const columns = `c.patient_id AS "patientId", p.first_name || ' ' || p.last_name AS "patientName", c.id AS "caseId", c.condition_text AS condition, pr.name AS "providerName"`;
  const visits = `SELECT 'visit' AS kind, v.id AS id, ${columns}, v.started_at AS date, v.created_at AS "createdAt" ${from('visit', 'v')}${
    q.month !== undefined ? ' AND substr(v.started_at, 1, 7) = ?' : ''
  }`;
  // A month's batch bills visits only; the assessments come in when no month is asked for.
  const assessments = `SELECT 'assessment' AS kind, a.id AS id, ${columns}, a.assessed_on AS date, a.created_at AS "createdAt" ${from('assessment', 'a')}`;
  const sql = q.month !== undefined ? `${visits} ORDER BY date, id` : `${visits} UNION ALL ${assessments} ORDER BY date, kind, id`;
  const rows = await ctx.db.all<Omit<UnsignedNote, 'ageHours'> & { createdAt: string }>(
    sql,
    q.month !== undefined ? [...params, q.month] : [...params, ...params],
  );
  const now = ctx.now().getTime();
  return rows.map(({ createdAt, ...r }) => ({ ...r, id: Number(r.id), ageHours: Math.max(0, Math.floor((now - Date.parse(createdAt)) / 3_600_000)) }));
}
