import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoClinic } from '../../db/demo/demo';
import type { BatchFile } from '../../shared/billing';
import type { JsonFile } from '../../shared/contract';
import type { AuditPage } from '../../shared/audit';
import { fhirSchemaErrors, fhirValidate, referencesIn } from '../support/fhir';
import { TEST_ENGINE, testDb, valueOf, type TestDb } from '../support/db';

interface Resource {
  resourceType: string;
  id: string;
  [k: string]: unknown;
}
interface Bundle extends Resource {
  entry: { fullUrl: string; resource: Resource }[];
}

const key = (r: Resource) => `${r.resourceType}/${r.id}`;

/**
 * The demo clinic's whole record as FHIR R4 (issue 36, points 2 and 3): checked against HL7's own
 * JSON schema by an independent validator, every reference resolved inside the export, every
 * patient present, and the same record exported to the same ids twice.
 */
describe(`FHIR R4 export of the demo clinic (${TEST_ENGINE})`, () => {
  let t: TestDb;
  let files: Record<string, string>;
  let resources: Resource[];
  beforeAll(async () => {
    t = await testDb();
    await createDemoClinic(t.db, { today: new Date('2026-11-21T12:00:00') });
    const zip = valueOf(await t.call('fhirClinic', {})) as BatchFile;
    files = Object.fromEntries(Object.entries(unzipSync(zip.zip)).map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]));
    resources = Object.entries(files)
      .filter(([name]) => name.endsWith('.ndjson'))
      .flatMap(([, text]) =>
        text
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as Resource),
      );
  }, 120_000);

  it('lays the clinic out as FHIR Bulk Data: one NDJSON file per resource type, named by it, and a manifest that counts them', () => {
    const manifest = JSON.parse(files['manifest.json']!) as { output: { type: string; url: string; count: number }[] };
    expect(manifest.output.map((o) => o.url).sort()).toEqual(
      Object.keys(files)
        .filter((n) => n.endsWith('.ndjson'))
        .sort(),
    );
    for (const o of manifest.output) {
      const lines = files[o.url]!.trimEnd().split('\n');
      expect(lines.length, o.url).toBe(o.count);
      expect(new Set(lines.map((l) => (JSON.parse(l) as Resource).resourceType)), o.url).toEqual(new Set([o.type]));
    }
    expect(manifest.output.map((o) => o.type).sort()).toEqual(
      expect.arrayContaining([
        'ChargeItem',
        'CodeSystem',
        'Condition',
        'Consent',
        'DocumentReference',
        'Encounter',
        'EpisodeOfCare',
        'Observation',
        'Organization',
        'Patient',
        'Practitioner',
        'Procedure',
      ]),
    );
  });

  it('passes HL7’s R4 JSON schema with 0 errors, every resource', () => {
    const errors = resources.flatMap((r) => fhirSchemaErrors(r));
    expect(errors.slice(0, 10)).toEqual([]);
    expect(resources.length).toBeGreaterThan(1000);
  });

  it('is checked by a validator that refuses what R4 refuses: a time without a zone, a missing class, a field R4 does not have', () => {
    const encounter = resources.find((r) => r.resourceType === 'Encounter' && r.id.startsWith('visit-'))!;
    const period = encounter.period as { start: string };
    expect(fhirSchemaErrors({ ...encounter, period: { start: period.start.slice(0, 16) } })).not.toEqual([]);
    const { class: _class, ...classless } = encounter;
    expect(fhirSchemaErrors(classless)).not.toEqual([]);
    expect(fhirSchemaErrors({ ...encounter, painScore: 3 })).not.toEqual([]);
    expect(fhirSchemaErrors({ ...encounter, resourceType: 'Visit' })).not.toEqual([]);
    expect(fhirValidate({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: classless }] })).not.toEqual([]);
  });

  it('resolves every reference inside the export, with no id used twice', () => {
    const ids = resources.map(key);
    expect(new Set(ids).size).toBe(ids.length);
    const known = new Set(ids);
    const dangling = resources.flatMap((r) =>
      referencesIn(r)
        .filter((ref) => !known.has(ref))
        .map((ref) => `${key(r)} → ${ref}`),
    );
    expect(dangling).toEqual([]);
  });

  it('has every patient, every signed visit and assessment, every billed line and no draft', async () => {
    const count = async (sql: string) => (await t.db.get<{ n: number }>(sql))!.n;
    const of = (type: string) => resources.filter((r) => r.resourceType === type);
    expect(
      of('Patient')
        .map((p) => p.id)
        .sort(),
    ).toEqual((await t.db.all<{ id: number }>('SELECT id FROM patient')).map((p) => `patient-${p.id}`).sort());
    const encounters = new Set(of('Encounter').map((e) => e.id));
    expect(encounters.size).toBe(
      (await count('SELECT count(*) AS n FROM visit WHERE signed_at IS NOT NULL')) +
        (await count('SELECT count(*) AS n FROM assessment WHERE signed_at IS NOT NULL')),
    );
    for (const { id } of await t.db.all<{ id: number }>('SELECT id FROM visit WHERE signed_at IS NULL')) expect(encounters.has(`visit-${id}`)).toBe(false);
    expect(of('ChargeItem').length).toBe(
      await count('SELECT count(*) AS n FROM billing_line b JOIN visit v ON v.id = b.visit_id WHERE v.signed_at IS NOT NULL'),
    );
    expect(of('EpisodeOfCare').length).toBe(await count('SELECT count(*) AS n FROM care_case'));
    expect(of('Consent').length).toBe(await count('SELECT count(*) AS n FROM consent'));
    // One document per signed note and one per addendum of a signed note.
    expect(of('DocumentReference').length).toBe(encounters.size + (await count('SELECT count(*) AS n FROM addendum')));
  });

  it('codes diagnoses in ICD-10-CM, pain in LOINC 72514-3, billed lines in CPT, and needled sites from the published code systems', () => {
    const conditions = resources.filter((r) => r.resourceType === 'Condition');
    expect(conditions.length).toBeGreaterThan(0);
    for (const c of conditions) expect((c.code as { coding: { system: string }[] }).coding[0]!.system).toBe('http://hl7.org/fhir/sid/icd-10-cm');
    const pain = resources.filter((r) => r.id.endsWith('-pain-before'));
    expect(pain.length).toBeGreaterThan(100);
    for (const p of pain)
      expect((p.code as { coding: { system: string; code: string }[] }).coding[0]).toMatchObject({ system: 'http://loinc.org', code: '72514-3' });
    const codeSystems = new Map(
      resources.filter((r) => r.resourceType === 'CodeSystem').map((r) => [r.url as string, new Set((r.concept as { code: string }[]).map((c) => c.code))]),
    );
    const sites = resources
      .filter((r) => r.resourceType === 'Procedure')
      .flatMap((p) => (p.bodySite as { coding: { system: string; code: string }[] }[] | undefined) ?? [])
      .flatMap((s) => s.coding);
    expect(sites.length).toBeGreaterThan(100);
    for (const s of sites) expect(codeSystems.get(s.system)?.has(s.code), `${s.system}|${s.code}`).toBe(true);
    const estim = resources.filter((r) => r.resourceType === 'Procedure' && JSON.stringify(r).includes('lead-pair'));
    expect(estim.length).toBeGreaterThan(0);
    const charges = resources.filter((r) => r.resourceType === 'ChargeItem');
    for (const c of charges) expect((c.code as { coding: { system: string }[] }).coding[0]!.system).toBe('http://www.ama-assn.org/go/cpt');
  });

  it('exports one patient as a Bundle that the package’s own validator passes, with the same ids as the clinic’s export', async () => {
    const { id } = (
      await t.db.all<{ id: number }>(
        `SELECT c.patient_id AS id FROM visit v JOIN care_case c ON c.id = v.case_id WHERE v.signed_at IS NOT NULL GROUP BY c.patient_id ORDER BY count(*) DESC, c.patient_id LIMIT 1`,
      )
    )[0]!;
    const file = valueOf(await t.call('fhirBundle', { patientId: id })) as JsonFile;
    const bundle = JSON.parse(file.json) as Bundle;
    expect(bundle.resourceType).toBe('Bundle');
    expect(fhirValidate(bundle)).toEqual([]);
    const inside = new Set(bundle.entry.map((e) => key(e.resource)));
    const dangling = bundle.entry.flatMap((e) => referencesIn(e.resource).filter((r) => !inside.has(r)));
    expect(dangling).toEqual([]);
    for (const e of bundle.entry) expect(e.fullUrl.endsWith(`/${key(e.resource)}`)).toBe(true);
    // Stable ids: every resource of this patient is the clinic export's, under the same id and with the same content.
    const clinic = new Map(resources.map((r) => [key(r), JSON.stringify(r)]));
    for (const e of bundle.entry) expect(JSON.stringify(e.resource), key(e.resource)).toBe(clinic.get(key(e.resource)));
    const again = JSON.parse((valueOf(await t.call('fhirBundle', { patientId: id })) as JsonFile).json) as Bundle;
    expect(again.entry.map((e) => key(e.resource))).toEqual(bundle.entry.map((e) => key(e.resource)));
  });

  it('audits each export with its counts, never a name', async () => {
    const page = valueOf(await t.call('auditLog', { action: 'export', limit: 10 })) as AuditPage;
    const details = page.entries.map((e) => `${e.entity} ${e.detail}`);
    expect(details.some((d) => /^clinic FHIR bulk export, \d+ patients, \d+ resources$/.test(d))).toBe(true);
    expect(details.some((d) => /^patient FHIR bundle, \d+ resources$/.test(d))).toBe(true);
  });
});
