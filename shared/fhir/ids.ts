/**
 * Stable resource ids: each is the record's own id in the database with its kind, so the same
 * record exports to the same id every time, and a receiving system can update rather than
 * duplicate it on a second import. FHIR ids allow [A-Za-z0-9-.] up to 64 characters.
 */
export const fhirId = {
  clinic: () => 'clinic',
  provider: (id: number) => `provider-${id}`,
  patient: (id: number) => `patient-${id}`,
  coverage: (patientId: number) => `coverage-${patientId}`,
  consent: (id: number) => `consent-${id}`,
  episode: (caseId: number) => `case-${caseId}`,
  condition: (caseId: number, position: number) => `case-${caseId}-dx-${position + 1}`,
  visit: (id: number) => `visit-${id}`,
  assessment: (id: number) => `assessment-${id}`,
  procedure: (visitId: number, what: string) => `visit-${visitId}-${what.replace(/_/g, '-')}`,
  observation: (encounter: string, what: string) => `${encounter}-${what.replace(/_/g, '-')}`,
  note: (encounter: string) => `${encounter}-note`,
  addendum: (id: number) => `addendum-${id}`,
  charge: (lineId: number) => `billing-line-${lineId}`,
};
