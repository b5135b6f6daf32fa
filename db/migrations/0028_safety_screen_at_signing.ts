/**
 * Version 28: the safety screen as it stood when each visit and assessment was signed.
 *
 * `safety_screen_at_signing` is written by the signing UPDATE itself (db/queries/signatures.ts),
 * in the signing transaction: the patient's screen at that moment as JSON (`{"screen":{…}}`, or
 * `{"screen":null}` when none was on file). It is part of the signed row, so the guards that freeze
 * a signed row freeze it too, and the ledger's content hash covers it (a column, NULLs left out:
 * records signed before this version keep their hash). A record signed before this version has no
 * value here, and the chart copy says so with the day this version was applied (schema_history),
 * rather than printing today's screen as if it had stood then.
 */
const COLUMNS = (text: string) => `
ALTER TABLE visit ADD COLUMN safety_screen_at_signing ${text};
ALTER TABLE assessment ADD COLUMN safety_screen_at_signing ${text};
`;

export default COLUMNS('TEXT');
export const postgres = COLUMNS('text');
