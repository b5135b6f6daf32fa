import { frozenWithParent, pgFrozenWithParent } from './0002_charting';

/**
 * Version 6: insertion rounds. Practitioners needle in rounds (supine, then prone), each with its
 * points, its lead pairs and its minutes; each round after the first is a re-insertion of needles.
 * The acupuncture codes count 15-minute units, each additional unit needing its own re-insertion
 * and each unit e-stim only if e-stim ran in it, so billing follows from the rounds charted.
 * A round's rows freeze with the signed visit like every other treatment row. Visits charted before
 * this version have no rounds; their points and lead pairs sit in round 0.
 */
const ROUNDS = (strict: string) => `
CREATE TABLE visit_round (
  visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 5),
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 30),
  minutes INTEGER CHECK (minutes BETWEEN 1 AND 120),
  PRIMARY KEY (visit_id, position)
)${strict};
ALTER TABLE visit_acupoint ADD COLUMN insertion_round INTEGER NOT NULL DEFAULT 0 CHECK (insertion_round BETWEEN 0 AND 5);
ALTER TABLE visit_lead_pair ADD COLUMN insertion_round INTEGER NOT NULL DEFAULT 0 CHECK (insertion_round BETWEEN 0 AND 5);
`;

// The table and columns read the same on both engines (STRICT is SQLite's); the freeze triggers differ.
export default `${ROUNDS(' STRICT')}${frozenWithParent('visit_round', 'visit', 'visit_id')}
`;

export const postgres = `${ROUNDS('')}${pgFrozenWithParent('visit_round', 'visit', 'visit_id')}
`;
