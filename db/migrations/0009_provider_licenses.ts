/**
 * Version 9: a provider's other licenses (an L.Ac. in two states, a DPT who is also an L.Ac.).
 * The provider row keeps the primary license; a superbill prints the one for the clinic's state.
 */
const TABLE = (strict: string) => `
CREATE TABLE provider_license (
  provider_id INTEGER NOT NULL REFERENCES provider (id),
  position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 5),
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  number TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 40),
  state TEXT NOT NULL CHECK (length(state) = 2),
  PRIMARY KEY (provider_id, position)
)${strict};
`;

// SQL type names are the same words on both engines; STRICT typing is SQLite's own.
export default TABLE(' STRICT');
export const postgres = TABLE('');
