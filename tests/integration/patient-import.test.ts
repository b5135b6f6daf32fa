import { describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/audit';
import type { ImportPreview, ImportResult } from '../../shared/import/patient-import';
import type { PatientPage } from '../../shared/patient';
import { errorOf, TEST_ENGINE, testDb, valueOf } from '../support/db';
import { patientCsv } from '../support/patient-csv';

/**
 * Patients brought in from another system (issue 36, point 4): a 10,000-row European Excel CSV
 * (BOM, semicolons, D.M.YYYY) with 50 bad rows and 20 duplicates previews with each problem named
 * by its field, and commits the rest in one transaction with one audit row.
 */
describe(`patients from a CSV (${TEST_ENGINE})`, () => {
  async function clinicWithPatients() {
    const t = await testDb();
    const onFile = [];
    for (const [firstName, lastName, dateOfBirth] of [
      ['José', 'Núñez', '1984-03-07'],
      ['Zoë', 'Müller', '1991-11-30'],
      ['Ana', 'Reyes', '1990-04-02'],
      ['Chloé', 'Dubois', '1979-06-15'],
      ['Søren', 'García', '1988-01-09'],
      ['Aisha', 'Okafor', '1995-07-21'],
      ['Mateo', 'Lindqvist', '1972-12-03'],
      ['Björn', 'Ánh', '1983-05-17'],
      ['Łukasz', 'Żółć', '1969-09-09'],
      ['Nguyễn', 'Reyes', '2001-02-28'],
    ]) {
      valueOf(await t.call('savePatient', { firstName, lastName, dateOfBirth, sex: 'unknown' }));
      onFile.push({ firstName: firstName!, lastName: lastName!, dateOfBirth: dateOfBirth! });
    }
    return { ...t, onFile };
  }

  it('previews 10,000 rows: every bad row named by its field, every duplicate by whom it matches, the rest ready', async () => {
    const t = await clinicWithPatients();
    const csv = patientCsv(10_000, { bad: 50, duplicates: 20, onFile: t.onFile });
    const preview = valueOf(await t.call('previewPatientImport', { csv: csv.text })) as ImportPreview;
    expect(preview.delimiter).toBe(';');
    expect(preview.headers[0]).toBe('Vorname');
    expect(preview.unmapped).toEqual([]);
    expect(preview.counts).toEqual({ rows: 10_000, ready: 9_930, problems: 50, duplicates: 20 });
    const bad = preview.rows.filter((r) => r.problems.length > 0);
    expect(new Map(bad.map((r) => [r.line, r.problems.map((p) => p.field).join()]))).toEqual(csv.problems);
    expect(bad.find((r) => r.problems[0]!.field === 'dateOfBirth')!.problems[0]!.message).toBe(
      'Date of birth "31.02.1980" is not a date (YYYY-MM-DD, M/D/YYYY or D.M.YYYY)',
    );
    const dups = preview.rows.filter((r) => r.duplicateOf);
    expect(new Map(dups.map((r) => [r.line, r.duplicateOf!.patientId === null ? 'in file' : 'on file']))).toEqual(csv.duplicateLines);
    // A match with a patient on file names them as they are written on file, accents and all.
    expect(dups.find((r) => r.duplicateOf!.patientId !== null)!.duplicateOf!.name).toBe('José Núñez');
    // A preview writes no patient, only its access row.
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM patient'))!.n).toBe(10);
  });

  it('commits the ready rows and the duplicates chosen in one transaction, audited with the counts', async () => {
    const t = await clinicWithPatients();
    const csv = patientCsv(10_000, { bad: 50, duplicates: 20, onFile: t.onFile });
    const chosen = [...csv.duplicateLines].find(([, kind]) => kind === 'on file')![0];
    const result = valueOf(await t.call('importPatients', { csv: csv.text, includeDuplicates: [chosen] })) as ImportResult;
    expect(result).toMatchObject({ created: 9_931, skippedProblems: 50, skippedDuplicates: 19 });
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM patient'))!.n).toBe(10 + 9_931);
    const log = valueOf(await t.call('auditLog', { action: 'create', limit: 1 })) as AuditPage;
    expect(log.entries[0]).toMatchObject({ entity: 'patients', detail: 'CSV import: 9931 created, 50 rows with problems skipped, 19 duplicates skipped' });
    // Imported patients are found by name as typed on an American keyboard, and read back whole.
    const found = valueOf(await t.call('listPatients', { search: 'lukasz zolc 22', limit: 200 })) as PatientPage;
    const row = found.rows.find((r) => r.lastName === 'Żółć-22')!;
    expect(`${row.firstName} ${row.lastName} ${row.dateOfBirth}`).toBe('Łukasz Żółć-22 1972-11-23');
    expect(valueOf(await t.call('getPatient', { id: row.id }))).toMatchObject({
      sex: 'male',
      email: 'runner22@example.com',
      city: 'Portland',
      state: 'OR',
      postalCode: '97214',
      insurancePayer: 'Moda Health',
      insuranceMemberId: 'MOD100022',
    });
  });

  it('refuses a file without the columns every patient needs, naming the field, and writes nothing', async () => {
    const t = await clinicWithPatients();
    const csv = 'Name,Birthday\nAna Reyes,1990-04-02\n';
    const preview = valueOf(await t.call('previewPatientImport', { csv })) as ImportPreview;
    expect(preview.unmapped).toEqual(['firstName', 'lastName']);
    expect(errorOf(await t.call('importPatients', { csv })).fields).toEqual({
      'mapping.firstName': 'Choose the column that holds the first name',
      'mapping.lastName': 'Choose the column that holds the last name',
    });
    // With the columns chosen by hand, the same file imports.
    const mapping = { firstName: 0, lastName: 0, dateOfBirth: 1 };
    expect(errorOf(await t.call('importPatients', { csv, mapping: { ...mapping, email: 7 } })).fields).toEqual({
      'mapping.email': "Choose one of the file's 2 columns",
    });
    expect(valueOf(await t.call('importPatients', { csv, mapping }))).toMatchObject({ created: 1 });
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM patient'))!.n).toBe(11);
    expect(errorOf(await t.call('previewPatientImport', { csv: '' })).fields).toEqual({ csv: 'Choose a CSV file with a header row' });
  });
});
