import type { Clinic } from '../clinic';
import type { Patient } from '../patient';
import type { Provider } from '../provider';
import type { Consent } from '../safety';
import { CONSENT_LABEL } from '../safety';
import { modalityCoding, SYSTEM, type Modality } from './codes';
import { fhirId } from './ids';
import { ref, type FhirResource } from './types';

/** Optional fields left out rather than written empty: FHIR refuses empty strings and arrays. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as T;
}

function address(a: { addressLine1: string | null; addressLine2: string | null; city: string | null; state: string | null; postalCode: string | null }) {
  const line = [a.addressLine1, a.addressLine2].filter((l): l is string => !!l);
  const out = compact({ line, city: a.city, state: a.state, postalCode: a.postalCode });
  return Object.keys(out).length === 0 ? [] : [{ use: 'work', ...out, country: 'US' }];
}

function telecom(phone: string | null, email: string | null) {
  return [...(phone ? [{ system: 'phone', value: phone }] : []), ...(email ? [{ system: 'email', value: email }] : [])];
}

export function organization(c: Clinic): FhirResource {
  return compact({
    resourceType: 'Organization',
    id: fhirId.clinic(),
    identifier: [...(c.npi ? [{ system: SYSTEM.npi, value: c.npi }] : []), ...(c.taxId ? [{ system: SYSTEM.ein, value: c.taxId }] : [])],
    active: true,
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov', display: 'Healthcare Provider' }] }],
    name: c.name,
    telecom: telecom(c.phone, c.email),
    address: address(c),
  });
}

export function practitioner(p: Provider): FhirResource {
  const licenses = [
    ...(p.licenseNumber ? [{ kind: p.credentials, number: p.licenseNumber, state: p.licenseState }] : []),
    ...p.otherLicenses.map((l) => ({ kind: l.kind, number: l.number, state: l.state as string | null })),
  ];
  return compact({
    resourceType: 'Practitioner',
    id: fhirId.provider(p.id),
    identifier: [{ system: SYSTEM.npi, value: p.npi }],
    active: p.active,
    name: [{ text: p.name }],
    qualification: [
      { code: { text: p.credentials } },
      ...licenses.map((l) => ({
        identifier: [{ value: l.number }],
        code: { text: [l.kind, 'license', l.state ? `(${l.state})` : ''].filter(Boolean).join(' ') },
      })),
    ],
  });
}

const GENDER: Record<Patient['sex'], string> = { female: 'female', male: 'male', intersex: 'other', unknown: 'unknown' };

export function patientResource(p: Patient, withClinic: boolean): FhirResource {
  return compact({
    resourceType: 'Patient',
    id: fhirId.patient(p.id),
    identifier: [{ system: SYSTEM.patientId, value: String(p.id) }],
    active: p.archivedAt === null,
    name: [{ use: 'official', family: p.lastName, given: [p.firstName] }],
    telecom: telecom(p.phone, p.email),
    gender: GENDER[p.sex],
    birthDate: p.dateOfBirth,
    address: address(p).map((a) => ({ ...a, use: 'home' })),
    managingOrganization: withClinic ? ref('Organization', fhirId.clinic()) : undefined,
  });
}

const RELATIONSHIP: Record<string, string> = { spouse: 'spouse', child: 'child', other: 'other' };

/** The patient's insurance as a Coverage, when an insurer is on file; the insurer is named, not a resource of its own. */
export function coverage(p: Patient): FhirResource | null {
  if (!p.insurancePayer) return null;
  const relationship = p.insuredRelationship ? RELATIONSHIP[p.insuredRelationship] : 'self';
  return compact({
    resourceType: 'Coverage',
    id: fhirId.coverage(p.id),
    status: 'active',
    subscriberId: p.insuranceMemberId,
    beneficiary: ref('Patient', fhirId.patient(p.id)),
    relationship: { coding: [{ system: SYSTEM.subscriberRelationship, code: relationship }] },
    payor: [{ display: p.insurancePayer }],
    class: p.insuranceGroup ? [{ type: { coding: [{ system: SYSTEM.coverageClass, code: 'group' }] }, value: p.insuranceGroup }] : [],
  });
}

/** A consent on file for one modality: LOINC 59284-0 (patient consent), treatment scope, the form's version as its policy. */
export function consentResource(c: Consent, patientId: number, withClinic: boolean): FhirResource {
  return compact({
    resourceType: 'Consent',
    id: fhirId.consent(c.id),
    status: 'active',
    scope: { coding: [{ system: SYSTEM.consentScope, code: 'treatment', display: 'Treatment' }] },
    category: [{ coding: [{ system: SYSTEM.loinc, code: '59284-0', display: 'Patient Consent' }] }],
    patient: ref('Patient', fhirId.patient(patientId)),
    dateTime: c.signedOn,
    organization: withClinic ? [ref('Organization', fhirId.clinic())] : [],
    policyRule: { text: `${CONSENT_LABEL[c.kind]} consent form, version ${c.formVersion}` },
    provision: { type: 'permit', code: [{ coding: [modalityCoding(c.kind as Modality)] }] },
  });
}
