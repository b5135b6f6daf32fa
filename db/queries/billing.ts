import type { z } from 'zod';
import type { BatchEntry, BilledDiagnosis, BillingLine, FeeScheduleEntry, PatientAccount, Payment, paymentInput, VisitBilling } from '../../shared/billing';
import { DomainError } from '../../shared/outcome';
import type { SuperbillData } from '../../shared/reports/superbill-data';
import {
  acupunctureLeadPairs,
  countMusclesNeedled,
  dayConflicts,
  dayWarnings,
  MAX_CLAIM_DIAGNOSES,
  suggestLines,
  type DayLine,
} from '../../shared/rules/billing';
import { muscleById } from '../../shared/catalogs/muscles';
import { withEncounter } from '../../shared/catalogs/conditions';
import type { Visit } from '../../shared/visit';
import { localIsoDate } from '../../shared/validation/dates';
import { timestamp, type DbContext } from '../context';
import { audit, changedFields } from './audit';
import { getCase } from './cases';
import { getClinic } from './clinic';
import { getPatient } from './patients';
import { getProvider } from './providers';
import type { Provider } from '../../shared/provider';
import { getVisit } from './visits';

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

interface LineRow {
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
const toLine = (r: LineRow): BillingLine => ({
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
async function linesOf(ctx: DbContext, visitIds: readonly number[]): Promise<LineRow[]> {
  const d = ctx.db.dialect;
  const rows = await ctx.db.all<Omit<LineRow, 'diagnoses'>>(
    `SELECT b.id, b.visit_id AS "visitId", b.code, f.description, b.units, b.modifiers, b.pointers, b.fee_cents AS "feeCents"
       FROM billing_line b LEFT JOIN fee_schedule f ON f.code = b.code
       WHERE ${d.inIds('b.visit_id')} ORDER BY b.visit_id, b.position`,
    [d.ids(visitIds)],
  );
  if (rows.length === 0) return [];
  const billed = new Map<number, BilledDiagnosis[]>();
  for (const { lineId, ...dx } of await ctx.db.all<BilledDiagnosis & { lineId: number }>(
    `SELECT billing_line_id AS "lineId", code, description FROM billing_line_diagnosis
     WHERE ${d.inIds('billing_line_id')} ORDER BY billing_line_id, position`,
    [d.ids(rows.map((r) => r.id))],
  )) {
    billed.set(lineId, [...(billed.get(lineId) ?? []), dx]);
  }
  return rows.map((r) => ({ ...r, diagnoses: billed.get(r.id) ?? [] }));
}

/** The patient's lines on the visit's day from their other visits: the day rules count them too. */
async function dayLines(ctx: DbContext, v: Visit, visitId: number): Promise<DayLine[]> {
  const rows = await ctx.db.all<{ code: string; modifiers: string; units: number }>(
    `SELECT b.code, b.modifiers, b.units FROM billing_line b JOIN visit o ON o.id = b.visit_id JOIN care_case c ON c.id = o.case_id
     WHERE c.patient_id = ? AND substr(o.started_at, 1, 10) = ? AND o.id <> ?`,
    [v.patientId, v.startedAt.slice(0, 10), visitId],
  );
  return rows.map((o) => ({ code: o.code, modifiers: split(o.modifiers), units: o.units }));
}

const PAYMENT = `SELECT id, patient_id AS "patientId", visit_id AS "visitId", paid_on AS "paidOn", amount_cents AS "amountCents", method, reference FROM payment`;

export async function visitBilling(ctx: DbContext, visitId: number): Promise<VisitBilling> {
  const v = await getVisit(ctx, visitId);
  const careCase = await getCase(ctx, v.caseId);
  const fees = new Map((await feeSchedule(ctx)).map((f) => [f.code, f]));
  const lines = (await linesOf(ctx, [visitId])).map(toLine);
  const payments = (await ctx.db.all(`${PAYMENT} WHERE visit_id = ? ORDER BY paid_on, id`, [visitId])) as Payment[];
  const estim = acupunctureLeadPairs(v.leadPairs);
  const suggestion = suggestLines({
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
  const day = await dayLines(ctx, v, visitId);
  const primary = careCase.diagnoses.slice(0, 4).map((d) => d.pointer);
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
    diagnoses: careCase.diagnoses,
    payments,
    totals: { charged, paid, balance: charged - paid },
  };
}

/** Replaces a signed visit's billing lines, refusing any combination §7 forbids on that day. */
export async function saveVisitBilling(
  ctx: DbContext,
  visitId: number,
  lines: { code: string; units: number; modifiers: string[]; pointers: string[]; fee: number }[],
): Promise<VisitBilling> {
  const v = await getVisit(ctx, visitId);
  if (!v.signature) throw new DomainError('conflict', 'Only signed visits are billed: sign the visit first.');
  const careCase = await getCase(ctx, v.caseId);
  const letters = new Set(careCase.diagnoses.map((d) => d.pointer));
  const fields: Record<string, string> = {};
  lines.forEach((l, i) => {
    const unknown = l.pointers.find((p) => !letters.has(p));
    // A payer rejects a service line that points to no diagnosis.
    if (letters.size === 0) fields[`lines.${i}.pointers`] = 'The case has no ICD-10 codes: add its diagnosis to the case before billing';
    else if (unknown) fields[`lines.${i}.pointers`] = `Pointer ${unknown} is not one of the case's diagnoses (${[...letters].join(', ')})`;
    else if (l.pointers.length === 0) fields[`lines.${i}.pointers`] = 'Point this line to at least one diagnosis';
  });
  const problems = dayConflicts([...lines, ...(await dayLines(ctx, v, visitId))]);
  for (const [index, message] of problems) {
    if (index < lines.length) fields[`lines.${index}.code`] = message;
  }
  if (Object.keys(fields).length) throw new DomainError('invalid_input', Object.values(fields)[0]!, fields);

  const before = (await linesOf(ctx, [visitId])).map(toLine);
  await ctx.db.run('DELETE FROM billing_line WHERE visit_id = ?', [visitId]);
  // Each line keeps the codes its pointers name today: a later edit of the case never changes this bill.
  const byLetter = new Map(careCase.diagnoses.map((d) => [d.pointer, d]));
  for (const [i, l] of lines.entries()) {
    const lineId = await ctx.db.insert(
      'INSERT INTO billing_line (visit_id, position, code, units, modifiers, pointers, fee_cents) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [visitId, i, l.code, l.units, l.modifiers.join(','), l.pointers.join(','), l.fee],
    );
    for (const [position, pointer] of l.pointers.entries()) {
      const case_ = byLetter.get(pointer)!;
      // Injury codes are billed with this visit's encounter (A, D or S) as their 7th character.
      const dx = { ...case_, code: withEncounter(case_.code, v.encounter) };
      await ctx.db.run('INSERT INTO billing_line_diagnosis (billing_line_id, position, code, description) VALUES (?, ?, ?, ?)', [
        lineId,
        position,
        dx.code,
        dx.description,
      ]);
    }
  }
  const after = await visitBilling(ctx, visitId);
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
  await getPatient(ctx, input.patientId);
  if (input.visitId !== null) {
    const v = await getVisit(ctx, input.visitId);
    if (v.patientId !== input.patientId)
      throw new DomainError('invalid_input', 'That visit belongs to another patient', { visitId: 'Not this patient’s visit' });
  }
  const id = Number(
    await ctx.db.insert('INSERT INTO payment (patient_id, visit_id, paid_on, amount_cents, method, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      input.patientId,
      input.visitId,
      input.paidOn,
      input.amount,
      input.method,
      input.reference,
      timestamp(ctx),
    ]),
  );
  await audit(ctx, 'create', 'payment', id);
  return (await ctx.db.get(`${PAYMENT} WHERE id = ?`, [id])) as Payment;
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

/**
 * One patient's superbill: signed, billed visits in the range (or one visit). Diagnosis letters are
 * per case; here they are re-lettered across the page so every pointer names a listed code.
 */
export async function superbillData(ctx: DbContext, q: { patientId: number; from: string; to: string; visitId?: number | undefined }): Promise<SuperbillData> {
  const clinic = await getClinic(ctx);
  if (!clinic) throw new DomainError('conflict', 'Set up the clinic (name, address, tax ID) before printing superbills.');
  const patient = await getPatient(ctx, q.patientId);
  const visits = (await ctx.db.all(
    `SELECT v.id, v.case_id AS "caseId", v.provider_id AS "providerId", substr(v.started_at, 1, 10) AS date,
            v.signer_name AS "signerName", v.signer_credentials AS "signerCredentials", v.signer_npi AS "signerNpi", v.signer_license AS "signerLicense"
     FROM visit v JOIN care_case c ON c.id = v.case_id
       WHERE c.patient_id = ? AND v.signed_at IS NOT NULL AND substr(v.started_at, 1, 10) BETWEEN ? AND ? ${q.visitId ? 'AND v.id = ?' : ''}
       ORDER BY v.started_at, v.id`,
    [q.patientId, q.from, q.to, ...(q.visitId ? [q.visitId] : [])],
  )) as ({ id: number; caseId: number; providerId: number; date: string } & SignerSnapshot)[];
  const rows = await linesOf(
    ctx,
    visits.map((v) => v.id),
  );
  if (rows.length === 0) {
    throw new DomainError(
      'not_found',
      q.visitId
        ? 'This visit has no billing lines yet: add them before printing a superbill.'
        : `No billed, signed visits for ${patient.firstName} ${patient.lastName} between ${q.from} and ${q.to}.`,
    );
  }
  const diagnoses: SuperbillData['diagnoses'] = [];
  const letterFor = (code: string, description: string) => {
    let d = diagnoses.find((x) => x.code === code);
    if (!d) {
      d = { pointer: String.fromCharCode(65 + diagnoses.length), code, description };
      diagnoses.push(d);
    }
    return d.pointer;
  };
  const providers = new Map<string, Provider>();
  const lines: SuperbillData['lines'] = [];
  for (const v of visits) {
    // The rendering provider as of the date of service: as they signed the visit.
    const key = `${v.providerId}|${v.signerName}|${v.signerNpi}|${v.signerLicense}`;
    const provider = providers.get(key) ?? asSigned(await getProvider(ctx, v.providerId), v);
    providers.set(key, provider);
    for (const r of rows.filter((x) => x.visitId === v.id)) {
      const line = toLine(r);
      lines.push({
        dateOfService: v.date,
        placeOfService: clinic.placeOfService,
        code: line.code,
        description: line.description,
        modifiers: line.modifiers,
        units: line.units,
        pointers: line.diagnoses.map((d) => letterFor(d.code, d.description)),
        unitFee: line.feeCents,
        charge: line.chargeCents,
        providerNpi: provider.npi,
      });
    }
  }
  if (diagnoses.length > MAX_CLAIM_DIAGNOSES) {
    throw new DomainError(
      'invalid_input',
      `These dates of service need ${diagnoses.length} diagnoses; a claim form holds ${MAX_CLAIM_DIAGNOSES} (A–L). Print a shorter date range, or one superbill per visit.`,
      { to: `Choose an earlier end date: ${diagnoses.length} diagnoses is more than ${MAX_CLAIM_DIAGNOSES}` },
    );
  }
  const billedDates = [...new Set(lines.map((l) => l.dateOfService))].sort();
  const billedCases = await Promise.all(
    [...new Set(visits.filter((v) => rows.some((r) => r.visitId === v.id)).map((v) => v.caseId))].map((id) => getCase(ctx, id)),
  );
  const billedVisits = [...new Set(rows.map((r) => r.visitId))];
  const payments = (await ctx.db.all(
    `${PAYMENT} WHERE patient_id = ? AND (${ctx.db.dialect.inIds('visit_id')} ${q.visitId ? '' : 'OR (visit_id IS NULL AND paid_on BETWEEN ? AND ?)'}) ORDER BY paid_on, id`,
    [q.patientId, ctx.db.dialect.ids(billedVisits), ...(q.visitId ? [] : [q.from, q.to])],
  )) as Payment[];
  const charged = lines.reduce((n, l) => n + l.charge, 0);
  const paid = payments.reduce((n, p) => n + p.amountCents, 0);
  return {
    generatedOn: localIsoDate(ctx.now()),
    // The dates of service actually billed, not the range asked for (CMS-1500 box 24A).
    from: billedDates[0]!,
    to: billedDates[billedDates.length - 1]!,
    clinic,
    providers: [...providers.values()],
    patient: {
      name: `${patient.firstName} ${patient.lastName}`,
      dateOfBirth: patient.dateOfBirth,
      sex: patient.sex,
      addressLine1: patient.addressLine1,
      addressLine2: patient.addressLine2,
      city: patient.city,
      state: patient.state,
      postalCode: patient.postalCode,
      phone: patient.phone,
      insurancePayer: patient.insurancePayer,
      insuranceMemberId: patient.insuranceMemberId,
      insuranceGroup: patient.insuranceGroup,
      accountNumber: String(patient.id).padStart(6, '0'),
      insured:
        patient.insuredRelationship && patient.insuredName && patient.insuredDateOfBirth
          ? { name: patient.insuredName, dateOfBirth: patient.insuredDateOfBirth, relationship: patient.insuredRelationship }
          : null,
    },
    cases: billedCases.map((c) => ({
      condition: c.conditionText,
      onsetDate: c.onsetDate,
      referringName: c.referringName,
      referringNpi: c.referringNpi,
      priorAuthorization: c.priorAuthorization,
    })),
    diagnoses,
    lines,
    totals: { charged, paid, balance: charged - paid },
    payments: payments.map((p) => ({ date: p.paidOn, method: p.method, amount: p.amountCents })),
  };
}

interface SignerSnapshot {
  signerName: string | null;
  signerCredentials: string | null;
  signerNpi: string | null;
  signerLicense: string | null;
}

/** A provider as they signed: the snapshot stored with the visit, over today's row. */
function asSigned(p: Provider, s: SignerSnapshot): Provider {
  if (s.signerName === null) return p;
  return {
    ...p,
    name: s.signerName,
    credentials: s.signerCredentials ?? p.credentials,
    npi: s.signerNpi ?? p.npi,
    licenseNumber: s.signerLicense,
    licenseState: null,
    otherLicenses: [],
    signatureName: null,
  };
}

/** Every patient with billed, signed visits in a month: the month batch and its index. */
export async function monthPatients(ctx: DbContext, month: string): Promise<number[]> {
  return (
    (await ctx.db.all(
      `SELECT c.patient_id AS id FROM billing_line b JOIN visit v ON v.id = b.visit_id JOIN care_case c ON c.id = v.case_id
         JOIN patient p ON p.id = c.patient_id
         WHERE v.signed_at IS NOT NULL AND substr(v.started_at, 1, 7) = ? GROUP BY c.patient_id, p.sort_name ORDER BY p.sort_name, c.patient_id`,
      [month],
    )) as { id: number }[]
  ).map((r) => r.id);
}

export function batchEntry(data: SuperbillData, patientId: number): BatchEntry {
  return {
    patientId,
    patientName: data.patient.name,
    visits: new Set(data.lines.map((l) => l.dateOfService)).size,
    charged: data.totals.charged,
    paid: data.totals.paid,
    balance: data.totals.balance,
  };
}
