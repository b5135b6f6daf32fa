import type { BatchEntry, Payment } from '../../shared/billing';
import type { Clinic } from '../../shared/clinic';
import { DomainError } from '../../shared/outcome';
import type { Patient } from '../../shared/patient';
import type { Provider } from '../../shared/provider';
import type { SuperbillData } from '../../shared/reports/superbill-data';
import { MAX_CLAIM_DIAGNOSES } from '../../shared/rules/billing';
import { addDays, localIsoDate } from '../../shared/validation/dates';
import type { DbContext } from '../context';
import { linesOf, PAYMENT, toLine, type LineRow } from './billing';
import { among } from '../engine/among';
import { getClinic } from './clinic';
import { getProvider } from './providers';

/**
 * Superbills read in one pass over a scope: its signed visits (a date range on `visit_by_start`),
 * their lines, patients, cases and payments, a statement each; each patient's superbill is then
 * assembled from what was read, so nothing is fetched twice and a single superbill follows exactly
 * the same rules as the batch. The month batch reads its roster first (superbillRoster) and then
 * one such pass per page of patients, by their visits.
 */
export interface SuperbillScope {
  from: string;
  to: string;
  /** One patient; every patient with billed visits in the range when left out. */
  patientId?: number | undefined;
  /** Just this visit's lines, for a per-visit superbill. */
  visitId?: number | undefined;
  /** Just these visits: one page of a range's roster (superbillRoster). */
  visitIds?: readonly number[] | undefined;
}

/** A patient on a range's roster, with the billed, signed visits their superbill will print. */
export interface RosterPatient {
  id: number;
  name: string;
  visitIds: number[];
}

interface VisitRow extends SignerSnapshot {
  id: number;
  caseId: number;
  patientId: number;
  providerId: number;
  date: string;
}

interface SignerSnapshot {
  signerName: string | null;
  signerCredentials: string | null;
  signerNpi: string | null;
  signerLicense: string | null;
}

/** What a superbill prints of the patient (boxes 2–7, 11 and 26 of the claim form). */
type PatientRow = Pick<
  Patient,
  | 'id'
  | 'firstName'
  | 'lastName'
  | 'dateOfBirth'
  | 'sex'
  | 'addressLine1'
  | 'addressLine2'
  | 'city'
  | 'state'
  | 'postalCode'
  | 'phone'
  | 'insurancePayer'
  | 'insuranceMemberId'
  | 'insuranceGroup'
  | 'insuredRelationship'
  | 'insuredName'
  | 'insuredDateOfBirth'
  | 'insuredAddressLine1'
  | 'insuredCity'
  | 'insuredState'
  | 'insuredPostalCode'
>;

type CaseRow = NonNullable<SuperbillData['cases']>[number] & { id: number };

/** What a scope's superbills print, read once; `build` assembles one patient's without touching the database. */
export interface SuperbillSources {
  /** Patients with billed, signed visits in the scope, in the order a clinic files them (by name). */
  patients: { id: number; name: string }[];
  build(patientId: number): SuperbillData;
}

const groupBy = <T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> => {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
};

async function clinicForSuperbills(ctx: DbContext): Promise<Clinic> {
  const clinic = await getClinic(ctx);
  if (!clinic) throw new DomainError('conflict', 'Set up the clinic (name, address, tax ID) before printing superbills.');
  return clinic;
}

/**
 * Who a range's superbills are for and which visits each will print, as ids in one read. The month
 * batch takes this first and then reads the superbills a page of patients at a time
 * (db/superbill-pages.ts), so it holds a page's rows, never the month's: the 18,000-patient clinic's
 * October held 60–70 MiB of rows whole through its batch (issue 38, point 5). The visits are fixed
 * here: one signed after this read goes in the next batch, not in a later page of this one.
 */
export async function superbillRoster(ctx: DbContext, scope: { from: string; to: string }): Promise<RosterPatient[]> {
  await clinicForSuperbills(ctx);
  const rows = await ctx.db.all<{ id: number; firstName: string; lastName: string; visitId: number }>(
    `SELECT p.id, p.first_name AS "firstName", p.last_name AS "lastName", v.id AS "visitId"
       FROM visit v JOIN care_case c ON c.id = v.case_id JOIN patient p ON p.id = c.patient_id
      WHERE v.signed_at IS NOT NULL AND v.started_at >= ? AND v.started_at < ?
        AND EXISTS (SELECT 1 FROM billing_line b WHERE b.visit_id = v.id)
      ORDER BY p.sort_name, p.id, v.started_at, v.id`,
    [scope.from, addDays(scope.to, 1)],
  );
  const roster: RosterPatient[] = [];
  for (const r of rows) {
    const last = roster.at(-1);
    if (last?.id === r.id) last.visitIds.push(r.visitId);
    else roster.push({ id: r.id, name: `${r.firstName} ${r.lastName}`, visitIds: [r.visitId] });
  }
  return roster;
}

export async function loadSuperbills(ctx: DbContext, scope: SuperbillScope): Promise<SuperbillSources> {
  const d = ctx.db.dialect;
  const clinic = await clinicForSuperbills(ctx);
  const page = scope.visitIds ? among(d, 'v.id', scope.visitIds) : null;
  const filters = [
    ...(scope.patientId !== undefined ? ['c.patient_id = ?'] : []),
    ...(scope.visitId !== undefined ? ['v.id = ?'] : []),
    ...(page ? [page.where] : []),
  ];
  const visits = await ctx.db.all<VisitRow>(
    `SELECT v.id, v.case_id AS "caseId", c.patient_id AS "patientId", v.provider_id AS "providerId", substr(v.started_at, 1, 10) AS date,
            v.signer_name AS "signerName", v.signer_credentials AS "signerCredentials", v.signer_npi AS "signerNpi", v.signer_license AS "signerLicense"
       FROM visit v JOIN care_case c ON c.id = v.case_id
      WHERE v.signed_at IS NOT NULL AND v.started_at >= ? AND v.started_at < ? ${filters.map((f) => `AND ${f}`).join(' ')}
      ORDER BY v.started_at, v.id`,
    // A range of days on the index: started_at from the first day up to (not including) the day after the last.
    [
      scope.from,
      addDays(scope.to, 1),
      ...(scope.patientId !== undefined ? [scope.patientId] : []),
      ...(scope.visitId !== undefined ? [scope.visitId] : []),
      ...(page ? [page.param] : []),
    ],
  );
  const lines = await linesOf(
    ctx,
    visits.map((v) => v.id),
  );
  const linesByVisit = groupBy(lines, (l) => l.visitId);
  const billedVisits = visits.filter((v) => linesByVisit.has(v.id));
  const patientIds = [...new Set(billedVisits.map((v) => v.patientId))];
  const patients = patientIds.length
    ? await ctx.db.all<PatientRow>(
        `SELECT id, first_name AS "firstName", last_name AS "lastName", date_of_birth AS "dateOfBirth", sex, phone,
                address_line1 AS "addressLine1", address_line2 AS "addressLine2", city, state, postal_code AS "postalCode",
                insurance_payer AS "insurancePayer", insurance_member_id AS "insuranceMemberId", insurance_group AS "insuranceGroup",
                insured_relationship AS "insuredRelationship", insured_name AS "insuredName", insured_date_of_birth AS "insuredDateOfBirth",
                insured_address_line1 AS "insuredAddressLine1", insured_city AS "insuredCity", insured_state AS "insuredState", insured_postal_code AS "insuredPostalCode"
           FROM patient WHERE ${d.inIds('id')} ORDER BY sort_name, id`,
        [d.ids(patientIds)],
      )
    : [];
  const caseIds = [...new Set(billedVisits.map((v) => v.caseId))];
  const cases = new Map(
    (caseIds.length
      ? await ctx.db.all<CaseRow>(
          `SELECT id, condition_text AS condition, onset_date AS "onsetDate", referring_name AS "referringName",
                  referring_npi AS "referringNpi", prior_authorization AS "priorAuthorization",
                  employment_related AS "employmentRelated", auto_accident AS "autoAccident", auto_accident_state AS "autoAccidentState",
                  other_accident AS "otherAccident"
             FROM care_case WHERE ${d.inIds('id')}`,
          [d.ids(caseIds)],
        )
      : []
    ).map((c) => [c.id, c]),
  );
  const providers = new Map<number, Provider>();
  for (const id of new Set(billedVisits.map((v) => v.providerId))) providers.set(id, await getProvider(ctx, id));
  // Payments for a billed visit, and (for a range) those not tied to a visit that fall in it.
  const payments = [
    ...(billedVisits.length ? await ctx.db.all<Payment>(`${PAYMENT} WHERE ${d.inIds('visit_id')}`, [d.ids(billedVisits.map((v) => v.id))]) : []),
    ...(scope.visitId === undefined && patientIds.length
      ? await ctx.db.all<Payment>(`${PAYMENT} WHERE visit_id IS NULL AND paid_on BETWEEN ? AND ? AND ${d.inIds('patient_id')}`, [
          scope.from,
          scope.to,
          d.ids(patientIds),
        ])
      : []),
  ].sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : a.id - b.id));

  const visitsByPatient = groupBy(billedVisits, (v) => v.patientId);
  const paymentsByPatient = groupBy(payments, (p) => p.patientId);
  const patientById = new Map(patients.map((p) => [p.id, p]));
  const generatedOn = localIsoDate(ctx.now());
  return {
    patients: patients.map((p) => ({ id: p.id, name: `${p.firstName} ${p.lastName}` })),
    build: (patientId) => {
      const patient = patientById.get(patientId);
      // Only patients this read found are built (the batch walks `patients`; superbillFor checks first).
      if (!patient) throw new DomainError('not_found', `Patient ${patientId} has no billed, signed visits between ${scope.from} and ${scope.to}.`);
      return assemble({
        clinic,
        generatedOn,
        patient,
        visits: visitsByPatient.get(patientId) ?? [],
        linesByVisit,
        cases,
        providers,
        payments: paymentsByPatient.get(patientId) ?? [],
      });
    },
  };
}

/** One patient's superbill: see loadSuperbills for the scope and `superbillFor` for a single one. */
export async function superbillFor(ctx: DbContext, q: SuperbillScope & { patientId: number }): Promise<SuperbillData> {
  const sources = await loadSuperbills(ctx, q);
  if (sources.patients.length === 0) {
    const named = await ctx.db.get<{ name: string }>(`SELECT first_name || ' ' || last_name AS name FROM patient WHERE id = ?`, [q.patientId]);
    if (!named) throw new DomainError('not_found', `Patient ${q.patientId} does not exist`);
    throw new DomainError(
      'not_found',
      q.visitId !== undefined
        ? 'This visit has no billing lines yet: add them before printing a superbill.'
        : `No billed, signed visits for ${named.name} between ${q.from} and ${q.to}.`,
    );
  }
  return sources.build(q.patientId);
}

interface Read {
  clinic: Clinic;
  generatedOn: string;
  patient: PatientRow;
  /** The patient's billed visits, in date order. */
  visits: VisitRow[];
  linesByVisit: Map<number, LineRow[]>;
  cases: Map<number, CaseRow>;
  providers: Map<number, Provider>;
  payments: Payment[];
}

/**
 * Diagnosis letters are per case; here they are re-lettered across the page so every pointer names
 * a listed code.
 */
function assemble(r: Read): SuperbillData {
  const { patient, clinic } = r;
  const diagnoses: SuperbillData['diagnoses'] = [];
  const letterFor = (code: string, description: string) => {
    let found = diagnoses.find((x) => x.code === code);
    if (!found) {
      found = { pointer: String.fromCharCode(65 + diagnoses.length), code, description };
      diagnoses.push(found);
    }
    return found.pointer;
  };
  const providers = new Map<string, Provider>();
  const lines: SuperbillData['lines'] = [];
  for (const v of r.visits) {
    // The rendering provider as of the date of service: as they signed the visit.
    const key = `${v.providerId}|${v.signerName}|${v.signerNpi}|${v.signerLicense}`;
    const provider = providers.get(key) ?? asSigned(r.providers.get(v.providerId)!, v);
    providers.set(key, provider);
    for (const row of r.linesByVisit.get(v.id) ?? []) {
      const line = toLine(row);
      lines.push({
        dateOfService: v.date,
        placeOfService: clinic.placeOfService,
        code: line.code,
        description: line.description,
        modifiers: line.modifiers,
        units: line.units,
        pointers: line.diagnoses.map((dx) => letterFor(dx.code, dx.description)),
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
  const charged = lines.reduce((n, l) => n + l.charge, 0);
  const paid = r.payments.reduce((n, p) => n + p.amountCents, 0);
  return {
    generatedOn: r.generatedOn,
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
      insuredAddress: patient.insuredRelationship
        ? { addressLine1: patient.insuredAddressLine1, city: patient.insuredCity, state: patient.insuredState, postalCode: patient.insuredPostalCode }
        : null,
    },
    cases: [...new Set(r.visits.map((v) => v.caseId))].map((id) => {
      const { id: _id, ...c } = r.cases.get(id)!;
      // Stored as 0/1 on both engines; null is "not asked".
      const answer = (v: unknown) => (v === null || v === undefined ? null : Number(v) === 1);
      return { ...c, employmentRelated: answer(c.employmentRelated), autoAccident: answer(c.autoAccident), otherAccident: answer(c.otherAccident) };
    }),
    diagnoses,
    lines,
    totals: { charged, paid, balance: charged - paid },
    payments: r.payments.map((p) => ({ date: p.paidOn, method: p.method, amount: p.amountCents })),
  };
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
