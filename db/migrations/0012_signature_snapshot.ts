import { frozenWhenSigned } from './0002_charting';

/**
 * Version 12: who signed, as they were when they signed. A signed visit or assessment keeps the
 * signer's name, credentials, NPI and license with the record, so renaming a provider later never
 * changes a signed note, its PDF or a superbill. Records signed before this version take their
 * signer's row as it stands today (the best record there is); the freeze guards step aside for
 * that one backfill, inside the migration's transaction, and are back before it commits.
 */
const COLUMNS = ['signer_name', 'signer_credentials', 'signer_npi', 'signer_license'];
const addColumns = (table: string) => COLUMNS.map((c) => `ALTER TABLE ${table} ADD COLUMN ${c} TEXT;`).join('\n');
const backfill = (table: string) => `
UPDATE ${table} SET
  signer_name = (SELECT name FROM provider p WHERE p.id = ${table}.signed_by),
  signer_credentials = (SELECT credentials FROM provider p WHERE p.id = ${table}.signed_by),
  signer_npi = (SELECT npi FROM provider p WHERE p.id = ${table}.signed_by),
  signer_license = (SELECT trim(coalesce(license_number, '') || CASE WHEN license_state IS NULL THEN '' ELSE ' (' || license_state || ')' END) FROM provider p WHERE p.id = ${table}.signed_by)
WHERE signed_at IS NOT NULL;`;

export default `
${addColumns('visit')}
${addColumns('assessment')}
DROP TRIGGER visit_signed_no_update;
DROP TRIGGER visit_signed_no_delete;
DROP TRIGGER assessment_signed_no_update;
DROP TRIGGER assessment_signed_no_delete;
${backfill('visit')}
${backfill('assessment')}
${frozenWhenSigned('visit')}
${frozenWhenSigned('assessment')}
`;

export const postgres = `
${addColumns('visit')}
${addColumns('assessment')}
ALTER TABLE visit DISABLE TRIGGER visit_signed;
ALTER TABLE assessment DISABLE TRIGGER assessment_signed;
${backfill('visit')}
${backfill('assessment')}
ALTER TABLE visit ENABLE TRIGGER visit_signed;
ALTER TABLE assessment ENABLE TRIGGER assessment_signed;
`;
