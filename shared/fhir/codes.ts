import { ACUPOINTS } from '../catalogs/acupoints';
import { MUSCLES } from '../catalogs/muscles';
import { OUTCOME_MEASURES, type MeasureId } from '../catalogs/outcome-measures';
import { PHASE_LABEL, type Phase } from '../rules/framework';
import { ADJUNCT_LABEL } from '../rules/treatment-summary';
import type { Coding, FhirResource } from './types';

/**
 * The code systems an export uses. HL7's and others' where one exists; Needlebook's own for what
 * none covers (acupoints by WHO code, the dry-needling muscles, the case frameworks), published in
 * every export as CodeSystem resources so a receiving system can read each code's meaning.
 */
export const NEEDLEBOOK_FHIR = 'http://needlebook.app/fhir';
export const SYSTEM = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  cpt: 'http://www.ama-assn.org/go/cpt',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  /** The IRS employer identification number (EIN), as HL7's US examples name it. */
  ein: 'urn:oid:2.16.840.1.113883.4.4',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentCategory: 'http://loinc.org',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  patientId: `${NEEDLEBOOK_FHIR}/sid/patient`,
  acupoint: `${NEEDLEBOOK_FHIR}/CodeSystem/acupoint`,
  muscle: `${NEEDLEBOOK_FHIR}/CodeSystem/muscle`,
  measure: `${NEEDLEBOOK_FHIR}/CodeSystem/outcome-measure`,
  modality: `${NEEDLEBOOK_FHIR}/CodeSystem/modality`,
  framework: `${NEEDLEBOOK_FHIR}/CodeSystem/framework`,
  noteKind: `${NEEDLEBOOK_FHIR}/CodeSystem/encounter-kind`,
} as const;

/** Needlebook's extensions: laterality of a needled site, an e-stim lead pair, an insertion round, a CPT modifier. */
export const EXTENSION = {
  laterality: `${NEEDLEBOOK_FHIR}/StructureDefinition/laterality`,
  leadPair: `${NEEDLEBOOK_FHIR}/StructureDefinition/lead-pair`,
  insertionRound: `${NEEDLEBOOK_FHIR}/StructureDefinition/insertion-round`,
  cptModifier: `${NEEDLEBOOK_FHIR}/StructureDefinition/cpt-modifier`,
  dischargeReason: `${NEEDLEBOOK_FHIR}/StructureDefinition/discharge-reason`,
} as const;

/** Pain on the 0–10 numeric scale: LOINC 72514-3, "Pain severity - 0-10 verbal numeric rating [Score] - Reported". */
export const PAIN_LOINC: Coding = { system: SYSTEM.loinc, code: '72514-3', display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported' };

/**
 * LOINC codes for the outcome measures where one is known to us; every other measure is coded in
 * Needlebook's outcome-measure system. Only the pain scale is mapped: a wrong LOINC code is worse
 * than none, and the others are left to a receiving system's terminology service (docs/records-out.md).
 */
export const MEASURE_LOINC: Partial<Record<MeasureId, Coding>> = { nprs: PAIN_LOINC };

export function measureCoding(id: MeasureId): Coding[] {
  const m = OUTCOME_MEASURES.find((x) => x.id === id);
  const own: Coding = { system: SYSTEM.measure, code: id, display: m?.name ?? id };
  const loinc = MEASURE_LOINC[id];
  return loinc ? [loinc, own] : [own];
}

/** What Needlebook records beside the outcome measures, in its own outcome-measure system. */
export const OWN_OBSERVATIONS = {
  'pain-worst': 'Worst pain, 0–10',
  'pain-average': 'Average pain, 0–10',
  'tcm-findings': 'TCM findings: tongue, pulse and pattern',
} as const;
export const ownMeasureCoding = (code: keyof typeof OWN_OBSERVATIONS): Coding => ({ system: SYSTEM.measure, code, display: OWN_OBSERVATIONS[code] });

/** SNOMED CT's laterality qualifiers for a needled site: left, right, both. A midline point has none. */
export const LATERALITY: Record<string, Coding> = {
  L: { system: SYSTEM.snomed, code: '7771000', display: 'Left' },
  R: { system: SYSTEM.snomed, code: '24028007', display: 'Right' },
  B: { system: SYSTEM.snomed, code: '51440002', display: 'Right and left' },
};

export const MODALITIES = {
  acupuncture: 'Acupuncture',
  electroacupuncture: 'Electroacupuncture',
  dry_needling: 'Dry needling (trigger point)',
  ...ADJUNCT_LABEL,
} as const;
export type Modality = keyof typeof MODALITIES;
export const modalityCoding = (m: Modality): Coding => ({ system: SYSTEM.modality, code: m, display: MODALITIES[m] });

export const ENCOUNTER_KINDS = {
  visit: 'Treatment visit',
  initial: 'Initial assessment',
  reassessment: 'Re-assessment',
  discharge: 'Discharge assessment',
} as const;

function codeSystem(id: string, url: string, name: string, title: string, description: string, concepts: { code: string; display: string }[]): FhirResource {
  return {
    resourceType: 'CodeSystem',
    id,
    url,
    name,
    title,
    status: 'active',
    publisher: 'Needlebook',
    description,
    caseSensitive: true,
    content: 'complete',
    count: concepts.length,
    concept: concepts,
  };
}

/** Needlebook's code systems, whole, as every export carries them. */
export function needlebookCodeSystems(): FhirResource[] {
  return [
    codeSystem(
      'needlebook-acupoint',
      SYSTEM.acupoint,
      'NeedlebookAcupoint',
      'Acupuncture points',
      'The 361 WHO standard acupuncture points by their alphanumeric code (WHO Standard Acupuncture Point Locations, 2008), with extra points as Needlebook charts them; display is the pinyin name.',
      ACUPOINTS.map((p) => ({ code: p.code, display: p.pinyin })),
    ),
    codeSystem(
      'needlebook-muscle',
      SYSTEM.muscle,
      'NeedlebookMuscle',
      'Muscles for dry needling',
      'The muscles Needlebook charts trigger points and dry needling in, by a stable id.',
      MUSCLES.map((m) => ({ code: m.id, display: m.name })),
    ),
    codeSystem(
      'needlebook-outcome-measure',
      SYSTEM.measure,
      'NeedlebookOutcomeMeasure',
      'Outcome measures',
      'Outcome measures scored at assessments, plus the worst and average pain of the last week on the 0–10 scale.',
      [...OUTCOME_MEASURES.map((m) => ({ code: m.id, display: m.name })), ...Object.entries(OWN_OBSERVATIONS).map(([code, display]) => ({ code, display }))],
    ),
    codeSystem(
      'needlebook-modality',
      SYSTEM.modality,
      'NeedlebookModality',
      'Treatment modalities',
      'What was done at a visit: acupuncture, electroacupuncture, dry needling and the adjunct treatments.',
      (Object.keys(MODALITIES) as Modality[]).map((m) => ({ code: m, display: MODALITIES[m] })),
    ),
    codeSystem(
      'needlebook-framework',
      SYSTEM.framework,
      'NeedlebookFramework',
      'Care frameworks',
      'The framework a case of care is counted against, by the time from onset to the start of care (docs/clinical-rules.md).',
      (Object.keys(PHASE_LABEL) as Phase[]).map((p) => ({ code: p, display: PHASE_LABEL[p] })),
    ),
    codeSystem(
      'needlebook-encounter-kind',
      SYSTEM.noteKind,
      'NeedlebookEncounterKind',
      'Kinds of encounter',
      'A treatment visit, or an initial, re- or discharge assessment.',
      Object.entries(ENCOUNTER_KINDS).map(([code, display]) => ({ code, display })),
    ),
  ];
}
