/**
 * Version 5: the diagnoses a billing line points to, kept as they were billed. A superbill prints
 * these, never the case's current codes, so editing a case later cannot rewrite a past bill.
 * Rows are in the order the line points to them. Existing lines take the codes their pointers name
 * on the case today (the best record there is), in letter order.
 */
const TABLE = (strict: string) => `
CREATE TABLE billing_line_diagnosis (
  billing_line_id INTEGER NOT NULL REFERENCES billing_line (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  code TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (billing_line_id, position)
)${strict};
`;

/** Pointer letters name case positions: A is position 0. Only the string functions differ by engine. */
const BACKFILL = (pointerIn: string) => `
INSERT INTO billing_line_diagnosis (billing_line_id, position, code, description)
SELECT b.id, cd.position, cd.code, coalesce(cd.description, '')
FROM billing_line b
JOIN visit v ON v.id = b.visit_id
JOIN case_diagnosis cd ON cd.case_id = v.case_id
WHERE ${pointerIn} > 0;
`;

export default TABLE(' STRICT') + BACKFILL("instr(',' || b.pointers || ',', ',' || char(65 + cd.position) || ',')");
export const postgres = TABLE('') + BACKFILL("strpos(',' || b.pointers || ',', ',' || chr(65 + cd.position) || ',')");
