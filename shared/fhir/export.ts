import type { Clinic } from '../clinic';
import type { Provider } from '../provider';
import type { PatientRecord } from '../records/patient-record';
import { assessmentResources, conditions, episode, visitResources, type Subject } from './care';
import { NEEDLEBOOK_FHIR, needlebookCodeSystems } from './codes';
import { fhirId } from './ids';
import { consentResource, coverage, organization, patientResource, practitioner } from './people';
import { ref, type FhirResource } from './types';

/**
 * A patient's record as FHIR R4 resources (docs/records-out.md): the patient and their insurance,
 * consents, each case as an EpisodeOfCare with its Conditions, and each signed visit and
 * assessment as an Encounter with what was done, measured, written and billed.
 */
export function patientResources(r: PatientRecord): FhirResource[] {
  const s: Subject = { patient: ref('Patient', fhirId.patient(r.patient.id)), organization: r.clinic ? ref('Organization', fhirId.clinic()) : null };
  const cover = coverage(r.patient);
  return [
    patientResource(r.patient, r.clinic !== null),
    ...(cover ? [cover] : []),
    ...r.safety.consents.map((c) => consentResource(c, r.patient.id, r.clinic !== null)),
    ...r.cases.flatMap((c) => [
      ...conditions(c.careCase, s),
      episode(c.careCase, c.progress.phase, s),
      ...c.assessments.map((a) => assessmentResources(a, c.careCase, s, r.noteText)).flat(),
      ...c.visits.map((v) => visitResources(v, c.careCase, s, r.noteText)).flat(),
    ]),
  ];
}

/** What every export carries once, whoever it is about: the clinic, its practitioners and Needlebook's code systems. */
export function sharedResources(clinic: Clinic | null, providers: readonly Provider[]): FhirResource[] {
  return [...(clinic ? [organization(clinic)] : []), ...providers.map(practitioner), ...needlebookCodeSystems()];
}

/** Where a resource lives in an export: the address its `Type/id` references resolve against. */
export const fullUrl = (r: FhirResource) => `${NEEDLEBOOK_FHIR}/${r.resourceType}/${r.id}`;

/** One patient as a Bundle of type collection, every reference resolving inside it. */
export function patientBundle(r: PatientRecord, at: Date): FhirResource {
  const resources = [...sharedResources(r.clinic, r.providers), ...patientResources(r)];
  return {
    resourceType: 'Bundle',
    id: `${fhirId.patient(r.patient.id)}-record`,
    meta: { lastUpdated: at.toISOString() },
    type: 'collection',
    timestamp: at.toISOString(),
    entry: resources.map((resource) => ({ fullUrl: fullUrl(resource), resource })),
  };
}

export interface BulkFile {
  /** `Patient.ndjson`: one file per resource type, as FHIR Bulk Data lays an export out. */
  name: string;
  type: string;
  count: number;
  text: string;
}

/**
 * The whole clinic as FHIR Bulk Data lays out an export: one NDJSON file per resource type, each
 * line one resource, and a manifest naming them (https://hl7.org/fhir/uv/bulkdata/).
 */
export function bulkFiles(shared: readonly FhirResource[], perPatient: readonly FhirResource[], at: Date): { files: BulkFile[]; manifest: string } {
  const byType = new Map<string, FhirResource[]>();
  for (const r of [...shared, ...perPatient]) {
    const list = byType.get(r.resourceType) ?? [];
    list.push(r);
    byType.set(r.resourceType, list);
  }
  const files = [...byType.entries()].map(([type, list]) => ({
    name: `${type}.ndjson`,
    type,
    count: list.length,
    text: list.map((r) => JSON.stringify(r)).join('\n') + '\n',
  }));
  const manifest = {
    transactionTime: at.toISOString(),
    request: `${NEEDLEBOOK_FHIR}/$export`,
    requiresAccessToken: false,
    output: files.map((f) => ({ type: f.type, url: f.name, count: f.count })),
    error: [],
  };
  return { files, manifest: JSON.stringify(manifest, null, 2) + '\n' };
}
