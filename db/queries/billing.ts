import type { z } from 'zod';
import type { BilledDiagnosis, BillingLine, FeeScheduleEntry, PatientAccount, Payment, paymentInput, VisitBilling } from '../../shared/billing';
import { DomainError } from '../../shared/outcome';
import { acupunctureLeadPairs, countMusclesNeedled, dayConflicts, dayWarnings, INITIAL_CODES, suggestLines, type DayLine } from '../../shared/rules/billing';
import { muscleById } from '../../shared/catalogs/muscles';
import { bareCode, billedCode, describe, lookupCode, refusalOf } from '../../shared/icd10cm/code-set';
import { codeSetFor } from '../icd10cm';
import type { Diagnosis } from '../../shared/case';
import type { Visit } from '../../shared/visit';
import { timestamp, type DbContext } from '../context';
import { audit, changedFields } from './audit';
import { diagnosesOf } from './cases';
import { getPatient } from './patients';
import { getVisit } from './visits';
import { writeTreatmentSearch } from './treatment-search';
import { early, together } from '../together';
import { among } from '../engine/among';

export async function feeSchedule(ctx: DbContext): Promise<FeeScheduleEntry[]> {
  return (await ctx.db.all('SELECT code, description, fee_cents AS "feeCents" FROM fee_schedule ORDER BY code')) as FeeScheduleEntry[];
}

export async function saveFeeSchedule(ctx: DbContext, entries: { code: string; description: string; fee: number }[]): Promise<FeeScheduleEntry[]> {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.code)) throw new DomainError('invalid_input', `${e.code} is listed twice`, { [`entries.${i}.code`]: `${e.code} is listed twice` });
    seen.add(e.code);
  });
  const before = await feeSchedule(ctx);
  await ctx.db.run('DELETE FROM fee_schedule');
  for (const e of entries) {
    await ctx.db.run('INSERT INTO fee_schedule (code, description, fee_cents, updated_at) VALUES (?, ?, ?, ?)', [e.code, e.description, e.fee, timestamp(ctx)]);
  }
  const after = await feeSchedule(ctx);
  const changed = [...new Set([...before, ...after].map((e) => e.code))].filter(
    (code) => JSON.stringify(before.find((b) => b.code === code)) !== JSON.stringify(after.find((a) => a.code === code)),
  );
  await audit(ctx, 'update', 'fee_schedule', null, changed.join(','));
  return after;
}

export interface LineRow {
  id: number;
  visitId: number;
  code: string;
  description: string | null;
  units: number;
  modifiers: string;
  pointers: string;
  feeCents: number;
  diagnoses: BilledDiagnosis[];
}
const split = (text: string) => (text ? text.split(',') : []);
export const toLine = (r: LineRow): BillingLine => ({
  code: r.code,
  description: r.description ?? r.code,
  units: r.units,
  modifiers: split(r.modifiers),
  pointers: split(r.pointers),
  feeCents: r.feeCents,
  chargeCents: r.units * r.feeCents,
  diagnoses: r.diagnoses,
});

/** Billing lines with the fee and the diagnoses each was billed with: never the case's codes of today. */
export async function linesOf(ctx: DbContext, visitIds: readonly number[]): Promise<LineRow[]> {
  const visits = among(ctx.db.dialect, 'b.visit_id', visitIds);
  // The lines and their diagnoses asked for together (one wait on PostgreSQL), both by the visits.
  const [rows, diagnoses] = await Promise.all([
    ctx.db.all<Omit<LineRow, 'diagnoses'>>(
      `SELECT b.id, b.visit_id AS "visitId", b.code, f.description, b.units, b.modifiers, b.pointers, b.fee_cents AS "feeCents"
         FROM billing_line b LEFT JOIN fee_schedule f ON f.code = b.code
         WHERE ${visits.where} ORDER BY b.visit_id, b.position`,
      [visits.param],
    ),
    ctx.db.all<BilledDiagnosis & { lineId: number }>(
      `SELECT x.billing_line_id AS "lineId", x.code, x.description FROM billing_line_diagnosis x JOIN billing_line b ON b.id = x.billing_line_id
       WHERE ${visits.where} ORDER BY x.billing_line_id, x.position`,
      [visits.param],
    ),
  ]);
  if (rows.length === 0) return [];
  const billed = new Map<number, BilledDiagnosis[]>();
  for (const { lineId, ...dx } of diagnoses) billed.set(lineId, [...(billed.get(lineId) ?? []), dx]);
  return rows.map((r) => ({ ...r, diagnoses: billed.get(r.id) ?? [] }));
}

/**
 * The patient's lines on the visit's day from their other visits: the day rules count them too.
 * Found from the visit itself, so they are asked for beside the visit rather than after it.
 */
async function dayLines(ctx: DbContext, visitId: number): Promise<DayLine[]> {
  const rows = await ctx.db.all<{ code: string; modifiers: string; units: number }>(
    `SELECT b.code, b.modifiers, b.units FROM billing_line b JOIN visit o ON o.id = b.visit_id JOIN care_case c ON c.id = o.case_id
     WHERE c.patient_id = (SELECT vc.patient_id FROM visit vv JOIN care_case vc ON vc.id = vv.case_id WHERE vv.id = ?)
       AND substr(o.started_at, 1, 10) = (SELECT substr(vv.started_at, 1, 10) FROM visit vv WHERE vv.id = ?) AND o.id <> ?`,
    [visitId, visitId, visitId],
  );
  return rows.map((o) => ({ code: o.code, modifiers: split(o.modifiers), units: o.units }));
}

/** The diagnoses of a visit's case, found from the visit (asked for beside it). */
const visitDiagnoses = (ctx: DbContext, visitId: number) => diagnosesOf(ctx, { visitId });

export const PAYMENT = `SELECT id, patient_id AS "patientId", visit_id AS "visitId", paid_on AS "paidOn", amount_cents AS "amountCents", method, reference FROM payment`;

/**
 * A visit's billing; `read` is the visit, its case's diagnoses and the day's other lines when the
 * caller has just read them (saveVisitBilling): billing changes none of them.
 */
export async function visitBilling(ctx: DbContext, visitId: number, read?: { visit: Visit; diagnoses: Diagnosis[]; day: DayLine[] }): Promise<VisitBilling> {
  // Asked for together (one wait on PostgreSQL), the case's diagnoses and the day's lines found
  // from the visit. Only the case's diagnoses: the case row itself (and its count of sessions) is not needed here.
  const [v, diagnoses, feeRows, lineRows, payments, day] = await together([
    read ? Promise.resolve(read.visit) : getVisit(ctx, visitId, { noteText: false }),
    read ? Promise.resolve(read.diagnoses) : visitDiagnoses(ctx, visitId),
    feeSchedule(ctx),
    linesOf(ctx, [visitId]),
    ctx.db.all<Payment>(`${PAYMENT} WHERE visit_id = ? ORDER BY paid_on, id`, [visitId]),
    read ? Promise.resolve(read.day) : dayLines(ctx, visitId),
  ] as const);
  const fees = new Map(feeRows.map((f) => [f.code, f]));
  const lines = lineRows.map(toLine);
  const estim = acupunctureLeadPairs(v.leadPairs);
  const suggestion = suggestLines({
    initialBilledToday: day.find((l) => INITIAL_CODES.includes(l.code as (typeof INITIAL_CODES)[number]))?.code ?? null,
    faceMinutes: v.faceMinutes,
    acupoints: v.acupoints.length,
    leadPairs: estim.acupuncture,
    muscleOnlyLeadPairs: estim.muscleOnly,
    musclesNeedled: countMusclesNeedled(v.triggerPoints, (id) => muscleById(id)?.headOf),
    reinserted: v.reinserted,
    rounds: v.rounds.map((r, i) => ({
      label: r.label,
      minutes: r.minutes,
      estim: acupunctureLeadPairs(v.leadPairs.filter((l) => l.round === i)).acupuncture > 0,
    })),
    otherMinutes: v.adjuncts.reduce((n, a) => n + (a.minutes ?? 0), 0) + (v.evaluationMinutes ?? 0),
  });
  const primary = diagnoses.slice(0, 4).map((d) => d.pointer);
  const dateOfService = v.startedAt.slice(0, 10);
  const charged = lines.reduce((n, l) => n + l.chargeCents, 0);
  const paid = payments.reduce((n, p) => n + p.amountCents, 0);
  return {
    visitId,
    patientId: v.patientId,
    signed: v.signature !== null,
    dateOfService: v.startedAt.slice(0, 10),
    lines,
    suggestions: suggestion.lines.map((s) => ({
      ...s,
      description: fees.get(s.code)?.description ?? s.code,
      feeCents: fees.get(s.code)?.feeCents ?? 0,
      pointers: primary,
    })),
    notes: suggestion.notes,
    warnings: [...dayWarnings([...lines, ...day])].filter(([i]) => i < lines.length).map(([line, w]) => ({ line, ...w })),
    // As this visit bills them: its encounter's 7th character and its fiscal year's descriptions.
    diagnoses: diagnoses.map((d) => {
      const { code, description } = billedDiagnosis(d, v.encounter, dateOfService);
      return { ...d, code, description };
    }),
    payments,
    totals: { charged, paid, balance: charged - paid },
  };
}

/**
 * A case's code as a visit bills it: the visit's encounter picks the 7th character within the
 * code's own family (a deliberate G, K or P is kept), and the description is the one the code set
 * of the visit's fiscal year gives that full code. Null description: not billable that year.
 */
export function billedDiagnosis(
  d: { code: string },
  encounter: 'A' | 'D' | 'S' | null,
  dateOfService: string,
): { code: string; description: string; year: number } {
  const set = codeSetFor(dateOfService);
  const code = billedCode(set, d.code, encounter);
  return { code, description: describe(set, bareCode(code)) ?? '', year: set.year };
}

/** Replaces a signed visit's billing lines, refusing any combination §7 forbids on that day. */
export async function saveVisitBilling(
  ctx: DbContext,
  visitId: number,
  lines: { code: string; units: number; modifiers: string[]; pointers: string[]; fee: number }[],
): Promise<VisitBilling> {
  // The visit and what the checks need, asked together (one wait on PostgreSQL); a visit that is
  // not there is said so first, as when it was read alone.
  const read = early(getVisit(ctx, visitId, { noteText: false }));
  const others = early(together([visitDiagnoses(ctx, visitId), dayLines(ctx, visitId), linesOf(ctx, [visitId])] as const));
  const v = await read;
  if (!v.signature) throw new DomainError('conflict', 'Only signed visits are billed: sign the visit first.');
  const [diagnoses, day, beforeRows] = await others;
  const letters = new Set(diagnoses.map((d) => d.pointer));
  const fields: Record<string, string> = {};
  lines.forEach((l, i) => {
    const unknown = l.pointers.find((p) => !letters.has(p));
    // A payer rejects a service line that points to no diagnosis.
    if (letters.size === 0) fields[`lines.${i}.pointers`] = 'The case has no ICD-10 codes: add its diagnosis to the case before billing';
    else if (unknown) fields[`lines.${i}.pointers`] = `Pointer ${unknown} is not one of the case's diagnoses (${[...letters].join(', ')})`;
    else if (l.pointers.length === 0) fields[`lines.${i}.pointers`] = 'Point this line to at least one diagnosis';
  });
  // Every code a line points to must be billable in the code set of the visit's fiscal year.
  const dateOfService = v.startedAt.slice(0, 10);
  const set = codeSetFor(dateOfService);
  lines.forEach((l, i) => {
    if (fields[`lines.${i}.pointers`]) return;
    for (const p of l.pointers) {
      const dx = diagnoses.find((d) => d.pointer === p)!;
      const found = lookupCode(set, billedCode(set, dx.code, v.encounter));
      if (found.kind !== 'billable') {
        fields[`lines.${i}.pointers`] = `Diagnosis ${p}: ${refusalOf(found)}. Correct the case's code before billing.`;
        return;
      }
    }
  });
  const problems = dayConflicts([...lines, ...day]);
  for (const [index, message] of problems) {
    if (index < lines.length) fields[`lines.${index}.code`] = message;
  }
  if (Object.keys(fields).length) throw new DomainError('invalid_input', Object.values(fields)[0]!, fields);

  const before = beforeRows.map(toLine);
  // Statements whose answers nothing reads go without a wait of their own (Db.later).
  await ctx.db.later('DELETE FROM billing_line WHERE visit_id = ?', [visitId]);
  // Each line keeps the codes its pointers name today: a later edit of the case never changes this bill.
  const byLetter = new Map(diagnoses.map((d) => [d.pointer, d]));
  for (const [i, l] of lines.entries()) {
    await ctx.db.later('INSERT INTO billing_line (visit_id, position, code, units, modifiers, pointers, fee_cents) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      visitId,
      i,
      l.code,
      l.units,
      l.modifiers.join(','),
      l.pointers.join(','),
      l.fee,
    ]);
    for (const [position, pointer] of l.pointers.entries()) {
      // The code with this visit's encounter where its family allows, described for its date of service.
      const dx = billedDiagnosis(byLetter.get(pointer)!, v.encounter, dateOfService);
      // The year of the code set the description came from: a later year's file never rewrites it.
      // Its line is found by its place on the visit (unique), so the line's id need not be waited for.
      await ctx.db.later(
        `INSERT INTO billing_line_diagnosis (billing_line_id, position, code, description, code_set_year)
         SELECT id, ?, ?, ?, ? FROM billing_line WHERE visit_id = ? AND position = ?`,
        [position, dx.code, dx.description, dx.year, visitId, i],
      );
    }
  }
  // The visit and its case's diagnoses are as read above: billing changes neither.
  const after = await visitBilling(ctx, visitId, { visit: v, diagnoses, day });
  // The entry holds the codes billed: a bill saved again with the same codes leaves it as it is
  // (on SQLite each rewrite is a secure delete of every word and prefix from the index, migration
  // 31). Read by code, not by the entry: the front desk may write entries, never read them.
  const codes = (lines: readonly { code: string }[]) => lines.map((l) => l.code).join(' ');
  if (codes(before) !== codes(after.lines)) await writeTreatmentSearch(ctx, visitId, v, after.lines);
  await audit(
    ctx,
    'update',
    'billing',
    visitId,
    changedFields({ lines: before }, { lines: after.lines }).length ? `${after.lines.map((l) => `${l.code}x${l.units}`).join(' ')}` : 'unchanged',
  );
  return after;
}

export async function addPayment(ctx: DbContext, input: z.output<typeof paymentInput>): Promise<Payment> {
  // The patient and whose visit it is, asked together (one wait on PostgreSQL) and judged in that order.
  const patient = early(getPatient(ctx, input.patientId));
  // Whose visit it is, and nothing more: the visit itself is not needed here.
  const visit =
    input.visitId === null
      ? null
      : early(
          ctx.db.get<{ patientId: number }>('SELECT c.patient_id AS "patientId" FROM visit v JOIN care_case c ON c.id = v.case_id WHERE v.id = ?', [
            input.visitId,
          ]),
        );
  await patient;
  if (visit) {
    const v = await visit;
    if (!v) throw new DomainError('not_found', `Visit ${input.visitId} does not exist`);
    if (v.patientId !== input.patientId)
      throw new DomainError('invalid_input', 'That visit belongs to another patient', { visitId: 'Not this patient’s visit' });
  }
  // The payment as stored comes back with its id (RETURNING): no read after the write.
  const payment = (await ctx.db.get<Payment>(
    `INSERT INTO payment (patient_id, visit_id, paid_on, amount_cents, method, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       RETURNING id, patient_id AS "patientId", visit_id AS "visitId", paid_on AS "paidOn", amount_cents AS "amountCents", method, reference`,
    [input.patientId, input.visitId, input.paidOn, input.amount, input.method, input.reference, timestamp(ctx)],
  ))!;
  await audit(ctx, 'create', 'payment', payment.id);
  return payment;
}

export async function deletePayment(ctx: DbContext, id: number): Promise<void> {
  const found = (await ctx.db.run('DELETE FROM payment WHERE id = ?', [id])).changes;
  if (!found) throw new DomainError('not_found', `Payment ${id} does not exist`);
  await audit(ctx, 'delete', 'payment', id);
}

export async function patientAccount(ctx: DbContext, patientId: number): Promise<PatientAccount> {
  await getPatient(ctx, patientId);
  const visits = (await ctx.db.all(
    `SELECT v.id AS "visitId", substr(v.started_at, 1, 10) AS date, c.id AS "caseId", c.condition_text AS "conditionText",
              (SELECT coalesce(sum(units * fee_cents), 0) FROM billing_line WHERE visit_id = v.id) AS charged,
              (SELECT coalesce(sum(amount_cents), 0) FROM payment WHERE visit_id = v.id) AS paid
       FROM visit v JOIN care_case c ON c.id = v.case_id
       WHERE c.patient_id = ? AND v.signed_at IS NOT NULL ORDER BY v.started_at DESC, v.id DESC`,
    [patientId],
  )) as PatientAccount['visits'];
  const payments = (await ctx.db.all(`${PAYMENT} WHERE patient_id = ? ORDER BY paid_on DESC, id DESC`, [patientId])) as Payment[];
  const charged = visits.reduce((n, v) => n + v.charged, 0);
  const paid = payments.reduce((n, p) => n + p.amountCents, 0);
  return { totals: { charged, paid, balance: charged - paid }, visits, payments };
}
