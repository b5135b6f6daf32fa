/**
 * Version 7: what a claim form asks that the record did not hold. The insured (CMS-1500 boxes 4,
 * 6 and 11a) when the patient is not the subscriber; and per case the referring provider with
 * their NPI (box 17) and a prior authorization number (box 23). No value means self, none, none.
 */
const COLUMNS = (text: string) => `
ALTER TABLE patient ADD COLUMN insured_relationship ${text} CHECK (insured_relationship IN ('self', 'spouse', 'child', 'other'));
ALTER TABLE patient ADD COLUMN insured_name ${text};
ALTER TABLE patient ADD COLUMN insured_date_of_birth ${text};
ALTER TABLE care_case ADD COLUMN referring_name ${text};
ALTER TABLE care_case ADD COLUMN referring_npi ${text} CHECK (length(referring_npi) = 10);
ALTER TABLE care_case ADD COLUMN prior_authorization ${text};
`;

export default COLUMNS('TEXT');
export const postgres = COLUMNS('text');
