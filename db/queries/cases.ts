import type { z } from 'zod';
import type { CareCase, caseInput, Diagnosis, dischargeInput, reopenInput } from '../../shared/case';
import type { CaseSide } from '../../shared/catalogs/conditions';
import { DomainError } from '../../shared/outcome';
import { EXPECTED_SESSIONS, phaseAtStart } from '../../shared/rules/framework';
import { timestamp, type DbContext } from '../context';
import { audit, changedFields } from './audit';
import { checkDiagnoses, currentDescription } from './diagnoses';
import { getPatient } from './patients';
import { early } from '../together';

interface CaseRow {
  id: number;
  patientId: number;
  patientName: string;
  conditionId: string | null;
  conditionText: string;
  side: CaseSide;
  onsetDate: string;
  startDate: string;
  recurring: number;
  maintenance: number;
  goals: string | null;
  referringName: string | null;
  referringNpi: string | null;
  priorAuthorization: string | null;
  employmentRelated: number | null;
  autoAccident: number | null;
  autoAccidentState: string | null;
  otherAccident: number | null;
  status: 'active' | 'discharged';
  dischargedOn: string | null;
  dischargeReason: string | null;
  sessionsDone: number;
  createdAt: string;
  updatedAt: string;
}

const SELECT_CASE = `
  SELECT c.id, c.patient_id AS "patientId", p.first_name || ' ' || p.last_name AS "patientName",
         c.condition_id AS "conditionId", c.condition_text AS "conditionText", c.side, c.onset_date AS "onsetDate",
         c.start_date AS "startDate", c.recurring, c.maintenance, c.goals,
         c.referring_name AS "referringName", c.referring_npi AS "referringNpi", c.prior_authorization AS "priorAuthorization",
         c.employment_related AS "employmentRelated", c.auto_accident AS "autoAccident", c.auto_accident_state AS "autoAccidentState",
         c.other_accident AS "otherAccident", c.status, c.discharged_on AS "dischargedOn",
         c.discharge_reason AS "dischargeReason", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
         (SELECT count(*) FROM visit v WHERE v.case_id = c.id AND v.signed_at IS NOT NULL) AS "sessionsDone"
  FROM care_case c JOIN patient p ON p.id = c.patient_id`;

const POINTER_LETTERS = 'ABCDEFGHIJKL';

/** A case's diagnoses, or (`visitId`) those of a visit's case, found from the visit so they are asked for beside it. */
export async function diagnosesOf(ctx: DbContext, of: number | { visitId: number }): Promise<Diagnosis[]> {
  const rows = await ctx.db.all<{ code: string; description: string | null }>(
    typeof of === 'number'
      ? 'SELECT code, description FROM case_diagnosis WHERE case_id = ? ORDER BY position'
      : 'SELECT code, description FROM case_diagnosis WHERE case_id = (SELECT case_id FROM visit WHERE id = ?) ORDER BY position',
    [typeof of === 'number' ? of : of.visitId],
  );
  return rows.map((r, i) => {
    const current = currentDescription(r.code);
    // A code saved before codes were checked may have no description: the set's is shown instead.
    return { code: r.code, description: r.description || current || '', pointer: POINTER_LETTERS[i]!, inCatalog: current !== null };
  });
}

function toCase(r: CaseRow, diagnoses: Diagnosis[]): CareCase {
  const timing = { onsetDate: r.onsetDate, startDate: r.startDate, recurring: r.recurring === 1, maintenance: r.maintenance === 1 };
  const phase = phaseAtStart(timing);
  const answer = (v: number | null) => (v === null ? null : v === 1);
  return {
    ...r,
    ...timing,
    employmentRelated: answer(r.employmentRelated),
    autoAccident: answer(r.autoAccident),
    otherAccident: answer(r.otherAccident),
    diagnoses,
    phase,
    expected: EXPECTED_SESSIONS[phase],
  };
}

export async function getCase(ctx: DbContext, id: number): Promise<CareCase> {
  // Asked for together: one wait on PostgreSQL. A case that does not exist has no diagnoses.
  const [row, diagnoses] = await Promise.all([ctx.db.get<CaseRow>(`${SELECT_CASE} WHERE c.id = ?`, [id]), diagnosesOf(ctx, id)]);
  if (!row) throw new DomainError('not_found', `Case ${id} does not exist`);
  return toCase(row, diagnoses);
}

export async function listCases(ctx: DbContext, patientId: number): Promise<CareCase[]> {
  await getPatient(ctx, patientId);
  const rows = (await ctx.db.all(`${SELECT_CASE} WHERE c.patient_id = ? ORDER BY c.status = 'active' DESC, c.start_date DESC, c.id DESC`, [
    patientId,
  ])) as CaseRow[];
  return Promise.all(rows.map(async (r) => toCase(r, await diagnosesOf(ctx, r.id))));
}

export async function saveCase(ctx: DbContext, input: z.output<typeof caseInput>): Promise<CareCase> {
  // Every code billable in the set, with the set's own description: checked before anything is written.
  const diagnoses = checkDiagnoses(input.diagnoses);
  // The patient and the case as it was, asked together (one wait on PostgreSQL) and judged in that order.
  const found = early(getPatient(ctx, input.patientId));
  const was = input.id === undefined ? null : early(getCase(ctx, input.id));
  const patient = await found;
  if (patient.archivedAt) throw new DomainError('conflict', 'This patient is archived; restore them before opening a case.');
  const now = timestamp(ctx);
  const flag = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
  const values = {
    ...input,
    recurring: input.recurring ? 1 : 0,
    maintenance: input.maintenance ? 1 : 0,
    employmentRelated: flag(input.employmentRelated),
    autoAccident: flag(input.autoAccident),
    otherAccident: flag(input.otherAccident),
    now,
  };
  let id: number;
  let before: CareCase | null = null;
  if (input.id === undefined) {
    id = Number(
      await ctx.db.insert(
        `INSERT INTO care_case (patient_id, condition_id, condition_text, side, onset_date, start_date, recurring, maintenance, goals, referring_name, referring_npi, prior_authorization,
             employment_related, auto_accident, auto_accident_state, other_accident, created_at, updated_at)
           VALUES (@patientId, @conditionId, @conditionText, @side, @onsetDate, @startDate, @recurring, @maintenance, @goals, @referringName, @referringNpi, @priorAuthorization,
             @employmentRelated, @autoAccident, @autoAccidentState, @otherAccident, @now, @now)`,
        values,
      ),
    );
  } else {
    before = await was!;
    if (before.patientId !== input.patientId)
      throw new DomainError('invalid_input', 'A case cannot move to another patient', { patientId: 'Not this case’s patient' });
    id = input.id;
    // Nothing below reads its answer (Db.later); the case read back follows it on the same connection.
    await ctx.db.later(
      `UPDATE care_case SET condition_id = @conditionId, condition_text = @conditionText, side = @side, onset_date = @onsetDate,
           start_date = @startDate, recurring = @recurring, maintenance = @maintenance, goals = @goals, referring_name = @referringName,
           referring_npi = @referringNpi, prior_authorization = @priorAuthorization, employment_related = @employmentRelated,
           auto_accident = @autoAccident, auto_accident_state = @autoAccidentState, other_accident = @otherAccident, updated_at = @now
         WHERE id = @id`,
      { ...values, id },
    );
  }
  await ctx.db.later('DELETE FROM case_diagnosis WHERE case_id = ?', [id]);
  for (const [i, d] of diagnoses.entries()) {
    await ctx.db.later('INSERT INTO case_diagnosis (case_id, position, code, description) VALUES (?, ?, ?, ?)', [id, i, d.code, d.description]);
  }
  const after = await getCase(ctx, id);
  if (before) await audit(ctx, 'update', 'case', id, changedFields({ ...before, updatedAt: '' }, { ...after, updatedAt: '' }).join(','));
  else await audit(ctx, 'create', 'case', id);
  return after;
}

export async function dischargeCase(ctx: DbContext, input: z.output<typeof dischargeInput>): Promise<CareCase> {
  const before = await getCase(ctx, input.id);
  if (before.status === 'discharged') throw new DomainError('conflict', `This case was already discharged on ${before.dischargedOn}.`);
  if (input.dischargedOn < before.startDate) {
    throw new DomainError('invalid_input', 'Discharge cannot come before the start of care', { dischargedOn: 'Discharge date is before the start of care' });
  }
  // Sent without a wait of its own (Db.later): the case read back below follows it.
  await ctx.db.later(`UPDATE care_case SET status = 'discharged', discharged_on = ?, discharge_reason = ?, updated_at = ? WHERE id = ?`, [
    input.dischargedOn,
    input.reason,
    timestamp(ctx),
    input.id,
  ]);
  await audit(ctx, 'update', 'case', input.id, 'discharged');
  return await getCase(ctx, input.id);
}

/**
 * Reopens a discharged case. The case row's discharge columns must be empty while it is active,
 * so what the discharge said moves to case_reopening with the reason for reopening.
 */
export async function reopenCase(ctx: DbContext, input: z.output<typeof reopenInput>): Promise<CareCase> {
  const before = await getCase(ctx, input.id);
  if (before.status !== 'discharged') throw new DomainError('conflict', 'This case is open already.');
  const now = timestamp(ctx);
  // Neither write's answer is read (Db.later): the case read back below follows them.
  await ctx.db.later('INSERT INTO case_reopening (case_id, discharged_on, discharge_reason, reopened_at, reason) VALUES (?, ?, ?, ?, ?)', [
    input.id,
    before.dischargedOn,
    before.dischargeReason,
    now,
    input.reason,
  ]);
  await ctx.db.later(`UPDATE care_case SET status = 'active', discharged_on = NULL, discharge_reason = NULL, updated_at = ? WHERE id = ?`, [now, input.id]);
  await audit(ctx, 'reopen', 'case', input.id, `discharged ${before.dischargedOn}`);
  return await getCase(ctx, input.id);
}

export async function assertCaseOpen(ctx: DbContext, caseId: number): Promise<CareCase> {
  const c = await getCase(ctx, caseId);
  if (c.status === 'discharged') throw new DomainError('conflict', `This case was discharged on ${c.dischargedOn}; reopen it to chart more.`);
  return c;
}

/** A visit happens during its case: not before the start of care. */
export function assertWithinCase(c: Pick<CareCase, 'startDate'>, startedAt: string): void {
  if (startedAt.slice(0, 10) < c.startDate) {
    throw new DomainError('invalid_input', `Visit time is before this case started (${c.startDate})`, {
      startedAt: `Visit time is before this case started (${c.startDate})`,
    });
  }
}
