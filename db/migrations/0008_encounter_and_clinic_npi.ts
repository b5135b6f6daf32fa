/**
 * Version 8: the encounter of each visit, the 7th character injury codes carry (A initial,
 * D subsequent, S sequela); a visit bills its case's injury codes with its own. And the clinic's
 * organization NPI (type 2), printed as the billing NPI when it has one. Earlier visits keep no
 * encounter: their billed codes were frozen as they were.
 */
const COLUMNS = (text: string) => `
ALTER TABLE visit ADD COLUMN encounter ${text} CHECK (encounter IN ('A', 'D', 'S'));
ALTER TABLE clinic ADD COLUMN npi ${text} CHECK (length(npi) = 10);
`;

export default COLUMNS('TEXT');
export const postgres = COLUMNS('text');
