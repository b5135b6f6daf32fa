import type { z } from 'zod';
import { DomainError } from '../../shared/outcome';
import type { Consent, consentInput, PatientSafety, SafetyScreen, safetyScreenInput, ScreenAtSigning } from '../../shared/safety';
import { timestamp, type DbContext } from '../context';
import { sealRecord } from './ledger';
import { audit } from './audit';
import { early } from '../together';

/** A patient's safety screen and consents (migration 15). Changes are audited on the patient, by field name only. */
interface ScreenRow {
  pregnant: number;
  dueDate: string | null;
  implantedDevice: number;
  bleedingRisk: number;
  needleFainting: number;
  metalLatexAllergy: number;
  diabetesNeuropathy: number;
  precautions: string | null;
  reviewedOn: string;
}

const FLAGS = ['pregnant', 'implantedDevice', 'bleedingRisk', 'needleFainting', 'metalLatexAllergy', 'diabetesNeuropathy'] as const;

export function getPatientSafety(ctx: DbContext, patientId: number): Promise<PatientSafety> {
  return safetyWhere(ctx, 'patient_id = ?', [patientId]);
}

/**
 * The safety screen and consents of a visit's or assessment's patient, found from the record: a
 * signing asks for them beside its other checks, before it has read whose record it is.
 */
export function safetyOfRecord(ctx: DbContext, kind: 'visit' | 'assessment', id: number): Promise<PatientSafety> {
  return safetyWhere(ctx, `patient_id = (SELECT c.patient_id FROM ${kind} r JOIN care_case c ON c.id = r.case_id WHERE r.id = ?)`, [id]);
}

async function safetyWhere(ctx: DbContext, patient: string, params: unknown[]): Promise<PatientSafety> {
  // The screen and the consents asked for together: one wait on PostgreSQL.
  const [row, consents] = await Promise.all([
    ctx.db.get<ScreenRow>(
      `SELECT pregnant, due_date AS "dueDate", implanted_device AS "implantedDevice", bleeding_risk AS "bleedingRisk",
              needle_fainting AS "needleFainting", metal_latex_allergy AS "metalLatexAllergy", diabetes_neuropathy AS "diabetesNeuropathy",
              precautions, reviewed_on AS "reviewedOn"
       FROM patient_safety WHERE ${patient}`,
      params,
    ),
    ctx.db.all<Consent>(
      `SELECT id, kind, signed_on AS "signedOn", form_version AS "formVersion" FROM consent WHERE ${patient} ORDER BY signed_on DESC, id DESC`,
      params,
    ),
  ]);
  const screen: SafetyScreen | null = row
    ? { ...row, ...(Object.fromEntries(FLAGS.map((f) => [f, row[f] === 1])) as Record<(typeof FLAGS)[number], boolean>) }
    : null;
  return { screen, consents };
}

async function assertPatient(ctx: DbContext, patientId: number): Promise<void> {
  if (!(await ctx.db.get('SELECT 1 AS one FROM patient WHERE id = ?', [patientId])))
    throw new DomainError('not_found', `Patient ${patientId} does not exist`, { patientId: 'Choose a patient on file' });
}

export async function saveSafetyScreen(ctx: DbContext, input: z.output<typeof safetyScreenInput>): Promise<PatientSafety> {
  // The check and the screen as it was, asked together (one wait on PostgreSQL) and judged in that order.
  const found = early(assertPatient(ctx, input.patientId));
  const was = early(getPatientSafety(ctx, input.patientId));
  await found;
  const before = (await was).screen;
  const values = [
    input.pregnant ? 1 : 0,
    input.dueDate,
    input.implantedDevice ? 1 : 0,
    input.bleedingRisk ? 1 : 0,
    input.needleFainting ? 1 : 0,
    input.metalLatexAllergy ? 1 : 0,
    input.diabetesNeuropathy ? 1 : 0,
    input.precautions,
    input.reviewedOn,
  ];
  // Nothing reads its answer (Db.later): the screen read back below comes after it on the same connection.
  await ctx.db.later(
    `INSERT INTO patient_safety (pregnant, due_date, implanted_device, bleeding_risk, needle_fainting, metal_latex_allergy, diabetes_neuropathy, precautions, reviewed_on, patient_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (patient_id) DO UPDATE SET pregnant = excluded.pregnant, due_date = excluded.due_date, implanted_device = excluded.implanted_device,
       bleeding_risk = excluded.bleeding_risk, needle_fainting = excluded.needle_fainting, metal_latex_allergy = excluded.metal_latex_allergy,
       diabetes_neuropathy = excluded.diabetes_neuropathy, precautions = excluded.precautions, reviewed_on = excluded.reviewed_on`,
    [...values, input.patientId],
  );
  // The audit names what changed, never the answers (they are health information).
  const changed = before ? (Object.keys(before) as (keyof SafetyScreen)[]).filter((k) => before[k] !== (input as SafetyScreen)[k]) : ['screen recorded'];
  await audit(ctx, 'update', 'patient', input.patientId, `safety screen: ${changed.join(', ') || 'reviewed, no change'}`);
  return getPatientSafety(ctx, input.patientId);
}

export async function addConsent(ctx: DbContext, input: z.output<typeof consentInput>): Promise<PatientSafety> {
  await assertPatient(ctx, input.patientId);
  const written = early(
    ctx.db.insert('INSERT INTO consent (patient_id, kind, signed_on, form_version, recorded_at) VALUES (?, ?, ?, ?, ?)', [
      input.patientId,
      input.kind,
      input.signedOn,
      input.formVersion,
      timestamp(ctx),
    ]),
  );
  // The patient's consents read behind the INSERT on the same connection: one wait for both.
  const after = early(getPatientSafety(ctx, input.patientId));
  const id = await written;
  // A consent is a record (migration 25): sealed as it is written, like an addendum.
  await sealRecord(ctx, 'consent', Number(id));
  await audit(ctx, 'create', 'patient', input.patientId, `consent: ${input.kind}`);
  return after;
}

/**
 * The screen as the signing UPDATE stores it (migration 28): JSON with its keys in one fixed order,
 * so the same screen is always the same text under the ledger's hash.
 */
export function screenAtSigningColumn(screen: SafetyScreen | null): string {
  if (!screen) return JSON.stringify({ screen: null });
  const { reviewedOn, pregnant, dueDate, implantedDevice, bleedingRisk, needleFainting, metalLatexAllergy, diabetesNeuropathy, precautions } = screen;
  return JSON.stringify({
    screen: { reviewedOn, pregnant, dueDate, implantedDevice, bleedingRisk, needleFainting, metalLatexAllergy, diabetesNeuropathy, precautions },
  });
}

/** The stored screen read back; null where none was kept (a draft, or signed before version 28). */
export function screenAtSigningFromColumn(text: string | null): ScreenAtSigning | null {
  if (text === null) return null;
  const stored = (JSON.parse(text) as { screen: Record<string, unknown> | null }).screen;
  if (!stored) return { screen: null };
  const flags = Object.fromEntries(FLAGS.map((f) => [f, stored[f] === true])) as Record<(typeof FLAGS)[number], boolean>;
  const textOf = (v: unknown) => (typeof v === 'string' ? v : null);
  return { screen: { ...flags, dueDate: textOf(stored.dueDate), precautions: textOf(stored.precautions), reviewedOn: textOf(stored.reviewedOn) ?? '' } };
}

/**
 * When this data file began keeping the screen at each signing: the upgrade that crossed version 28
 * (schema_history, migration 26). Null for a database made at version 28 or later, where every
 * signed record keeps its screen.
 */
export async function screenKeptSince(ctx: DbContext): Promise<string | null> {
  const row = await ctx.db.get<{ at: string | null }>('SELECT min(applied_at) AS at FROM schema_history WHERE version >= 28 AND from_version BETWEEN 1 AND 27');
  return row?.at ?? null;
}
