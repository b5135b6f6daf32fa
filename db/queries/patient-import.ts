import type { z } from 'zod';
import { parseCsv } from '../../shared/import/csv';
import {
  guessMapping,
  identityKey,
  IMPORT_FIELD_LABEL,
  rowToPatient,
  type ColumnMapping,
  type ImportField,
  type importCommitInput,
  type importInput,
  type ImportPreview,
  type ImportResult,
  type ImportRow,
} from '../../shared/import/patient-import';
import { DomainError } from '../../shared/outcome';
import type { PatientData } from '../../shared/patient';
import { timestamp, type DbContext } from '../context';
import { audit } from './audit';
import { nameParts } from '../../shared/names';

/** Fields every patient needs: without a column for each, no row can be imported. */
const REQUIRED: readonly ImportField[] = ['firstName', 'lastName', 'dateOfBirth'];

interface Planned {
  preview: ImportPreview;
  patients: { line: number; patient: PatientData; duplicate: boolean }[];
}

/**
 * Reads the file, maps its columns and checks each row as the patient form would, and matches it
 * against the patients on file (archived ones too) and the rows before it. Nothing is written.
 */
async function plan(ctx: DbContext, input: z.output<typeof importInput>): Promise<Planned> {
  const csv = parseCsv(input.csv);
  if (csv.headers.length === 0) throw new DomainError('invalid_input', 'The file has no header row', { csv: 'Choose a CSV file with a header row' });
  const mapping: ColumnMapping = input.mapping ?? guessMapping(csv.headers);
  for (const [field, at] of Object.entries(mapping) as [ImportField, number | null][]) {
    if (at !== null && at >= csv.headers.length)
      throw new DomainError('invalid_input', `${IMPORT_FIELD_LABEL[field]} is mapped to a column the file does not have`, {
        [`mapping.${field}`]: `Choose one of the file's ${csv.headers.length} columns`,
      });
  }
  const unmapped = REQUIRED.filter((f) => mapping[f] === null);
  const onFile = new Map<string, { id: number; name: string }>();
  for (const p of await ctx.db.all<{ id: number; firstName: string; lastName: string; dateOfBirth: string }>(
    'SELECT id, first_name AS "firstName", last_name AS "lastName", date_of_birth AS "dateOfBirth" FROM patient',
  ))
    onFile.set(identityKey(p.firstName, p.lastName, p.dateOfBirth), { id: p.id, name: `${p.firstName} ${p.lastName}` });
  const inFile = new Map<string, { line: number; name: string }>();
  const rows: ImportRow[] = [];
  const patients: Planned['patients'] = [];
  for (const { line, cells } of csv.rows) {
    const { patient, problems } = rowToPatient(cells, mapping);
    const name = patient
      ? `${patient.firstName} ${patient.lastName}`
      : [mapping.firstName, mapping.lastName]
          .map((at) => (at === null ? '' : (cells[at] ?? '').trim()))
          .join(' ')
          .trim();
    let duplicateOf: ImportRow['duplicateOf'] = null;
    if (patient) {
      const key = identityKey(patient.firstName, patient.lastName, patient.dateOfBirth);
      const existing = onFile.get(key);
      const earlier = inFile.get(key);
      if (existing) duplicateOf = { patientId: existing.id, line: null, name: existing.name };
      else if (earlier) duplicateOf = { patientId: null, line: earlier.line, name: earlier.name };
      else inFile.set(key, { line, name });
      patients.push({ line, patient, duplicate: duplicateOf !== null });
    }
    rows.push({ line, name, dateOfBirth: patient?.dateOfBirth ?? '', problems, duplicateOf });
  }
  const problems = rows.filter((r) => r.problems.length > 0).length;
  const duplicates = rows.filter((r) => r.duplicateOf !== null).length;
  return {
    preview: {
      delimiter: csv.delimiter,
      headers: csv.headers,
      mapping,
      unmapped,
      rows,
      counts: { rows: rows.length, ready: rows.length - problems - duplicates, problems, duplicates },
    },
    patients,
  };
}

export async function previewPatientImport(ctx: DbContext, input: z.output<typeof importInput>): Promise<ImportPreview> {
  return (await plan(ctx, input)).preview;
}

/**
 * Imports every row without a problem, and the rows matching a patient on file only where chosen,
 * in the caller's one transaction; one audit row with the counts, never a name.
 */
export async function commitPatientImport(ctx: DbContext, input: z.output<typeof importCommitInput>): Promise<ImportResult> {
  const { preview, patients } = await plan(ctx, input);
  if (preview.unmapped.length > 0) {
    throw new DomainError(
      'invalid_input',
      `Choose the column for ${preview.unmapped.map((f) => IMPORT_FIELD_LABEL[f].toLowerCase()).join(', ')}`,
      Object.fromEntries(preview.unmapped.map((f) => [`mapping.${f}`, `Choose the column that holds the ${IMPORT_FIELD_LABEL[f].toLowerCase()}`])),
    );
  }
  const chosen = new Set(input.includeDuplicates);
  const now = timestamp(ctx);
  const taken = patients.filter((p) => !p.duplicate || chosen.has(p.line)).map((p) => p.patient);
  const ids: number[] = [];
  // Many rows to a statement: 10,000 patients are 20 statements, not 10,000 round trips to a server.
  for (let at = 0; at < taken.length; at += ROWS_PER_INSERT) {
    const chunk = taken.slice(at, at + ROWS_PER_INSERT);
    const made = await ctx.db.all<{ id: number; firstName: string; lastName: string }>(
      `INSERT INTO patient (${COLUMNS.join(', ')}) VALUES ${chunk.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}
       RETURNING id, first_name AS "firstName", last_name AS "lastName"`,
      chunk.flatMap((p) => values(p, now)),
    );
    // The search words come from the row as written, so no row's words can land on another's id.
    const parts = made.flatMap((m) => nameParts(m.firstName, m.lastName).map((part) => [Number(m.id), part] as const));
    for (let p = 0; p < parts.length; p += ROWS_PER_INSERT * 2) {
      const some = parts.slice(p, p + ROWS_PER_INSERT * 2);
      await ctx.db.run(`INSERT INTO patient_name_part (patient_id, part) VALUES ${some.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`, some.flat());
    }
    ids.push(...made.map((m) => Number(m.id)));
  }
  const skippedDuplicates = preview.counts.duplicates - patients.filter((p) => p.duplicate && chosen.has(p.line)).length;
  await audit(
    ctx,
    'create',
    'patients',
    null,
    `CSV import: ${ids.length} created, ${preview.counts.problems} rows with problems skipped, ${skippedDuplicates} duplicates skipped`,
  );
  return { created: ids.length, skippedProblems: preview.counts.problems, skippedDuplicates, ids };
}

const ROWS_PER_INSERT = 500;
const COLUMNS = [
  'first_name',
  'last_name',
  'date_of_birth',
  'sex',
  'phone',
  'email',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'postal_code',
  'insurance_payer',
  'insurance_member_id',
  'volume_unit',
  'created_at',
  'updated_at',
];
const values = (p: PatientData, now: string) => [
  p.firstName,
  p.lastName,
  p.dateOfBirth,
  p.sex,
  p.phone,
  p.email,
  p.addressLine1,
  p.addressLine2,
  p.city,
  p.state,
  p.postalCode,
  p.insurancePayer,
  p.insuranceMemberId,
  p.volumeUnit,
  now,
  now,
];
