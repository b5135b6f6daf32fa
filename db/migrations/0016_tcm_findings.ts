/**
 * Version 16: TCM findings on visits and assessments, and the clinic's switch for them.
 *
 * `tcm` holds the tongue, pulse and pattern as JSON (shared/tcm.ts validates it on the way in). It
 * is a column of the record's own row, so a signed record's findings are sealed in the ledger and
 * refused by the signing guards like every other column. `clinic.tcm_findings` shows them in the
 * forms (off by default: a dry-needling practice never sees them).
 */
const sql = (json: string) => `
ALTER TABLE visit ADD COLUMN tcm ${json};
ALTER TABLE assessment ADD COLUMN tcm ${json};
ALTER TABLE clinic ADD COLUMN tcm_findings INTEGER NOT NULL DEFAULT 0 CHECK (tcm_findings IN (0, 1));
`;

export default sql('TEXT CHECK (tcm IS NULL OR json_valid(tcm))');
export const postgres = sql('text CHECK (tcm IS NULL OR tcm::jsonb IS NOT NULL)');
