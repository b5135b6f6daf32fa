/**
 * A FHIR R4 resource as JSON. The shapes are HL7's (https://hl7.org/fhir/R4/); the test suite
 * holds every resource we write to HL7's own JSON schema through an independent validator
 * (tests/integration/fhir-export.test.ts), so the types here stay loose on purpose.
 */
export interface FhirResource {
  resourceType: string;
  id: string;
  [field: string]: unknown;
}

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface Reference {
  reference: string;
  display?: string;
}

/** A reference to a resource in the same export: `Type/id`, which a Bundle or an NDJSON set resolves. */
export const ref = (resourceType: string, id: string, display?: string): Reference => ({
  reference: `${resourceType}/${id}`,
  ...(display ? { display } : {}),
});
