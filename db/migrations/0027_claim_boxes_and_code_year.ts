/**
 * Version 27: what the CMS-1500 still asked that the record did not hold, and the code set's year.
 *
 * - The insured's address (box 7), when the patient is not the policyholder; for a policyholder
 *   patient box 7 is the patient's own address, already kept.
 * - Per case, the answers to box 10: is the condition related to employment (10a), an auto
 *   accident and in which state (10b), another accident (10c). No value: not asked yet (cases
 *   opened before this version), printed as such rather than as a "no" nobody gave.
 * - Per billed diagnosis, the fiscal year of the ICD-10-CM code set its description was taken
 *   from (the year of the line's date of service, or the nearest year shipped); lines billed
 *   before this version have none.
 */
const COLUMNS = (text: string, int: string) => `
ALTER TABLE patient ADD COLUMN insured_address_line1 ${text};
ALTER TABLE patient ADD COLUMN insured_city ${text};
ALTER TABLE patient ADD COLUMN insured_state ${text} CHECK (length(insured_state) = 2);
ALTER TABLE patient ADD COLUMN insured_postal_code ${text};
ALTER TABLE care_case ADD COLUMN employment_related ${int} CHECK (employment_related IN (0, 1));
ALTER TABLE care_case ADD COLUMN auto_accident ${int} CHECK (auto_accident IN (0, 1));
ALTER TABLE care_case ADD COLUMN auto_accident_state ${text} CHECK (length(auto_accident_state) = 2);
ALTER TABLE care_case ADD COLUMN other_accident ${int} CHECK (other_accident IN (0, 1));
ALTER TABLE billing_line_diagnosis ADD COLUMN code_set_year ${int} CHECK (code_set_year BETWEEN 2016 AND 2100);
`;

export default COLUMNS('TEXT', 'INTEGER');
export const postgres = COLUMNS('text', 'integer');
