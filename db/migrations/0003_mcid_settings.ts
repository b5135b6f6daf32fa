/**
 * Version 3: the clinic's own MCIDs. A measure without a row uses the default in docs/clinical-rules.md ("Outcome measures and their MCIDs"), so
 * changing a default in a later release reaches every clinic that never overrode it.
 */
export default `
CREATE TABLE clinic_mcid (
  measure TEXT PRIMARY KEY CHECK (measure IN ('nprs', 'lefs', 'psfs', 'visa_a', 'visa_p', 'kujala', 'faam_adl', 'faam_sports', 'groc')),
  value REAL NOT NULL CHECK (value > 0),
  updated_at TEXT NOT NULL
) STRICT;
`;

export const postgres = `
CREATE TABLE clinic_mcid (
  measure text PRIMARY KEY CHECK (measure IN ('nprs', 'lefs', 'psfs', 'visa_a', 'visa_p', 'kujala', 'faam_adl', 'faam_sports', 'groc')),
  value double precision NOT NULL CHECK (value > 0),
  updated_at text NOT NULL
);
`;
