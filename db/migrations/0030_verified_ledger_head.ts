/**
 * Version 30: where the last verification of the whole signed-records ledger ended (issue 38,
 * docs/tamper-evidence.md "Verifying at open"). One row: the ledger row it ended at and that row's
 * chain hash, the signed records of each kind then (JSON), the audit log's last row then, and when.
 * The open re-hashes only what was sealed after it, once the row itself is found to hold against
 * the ledger; the whole ledger is still verified off the practitioner's path. The row is a hint of
 * where to start, never a verdict: written by hand it can delay a finding, not hide it.
 */
const sql = `
CREATE TABLE ledger_verified (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  seq INTEGER NOT NULL,
  chain_hash TEXT NOT NULL,
  signed TEXT NOT NULL,
  audit_id INTEGER NOT NULL,
  verified_at TEXT NOT NULL
) STRICT;
`;

export const postgres = `
CREATE TABLE ledger_verified (
  one integer PRIMARY KEY CHECK (one = 1),
  seq bigint NOT NULL,
  chain_hash text NOT NULL,
  signed text NOT NULL,
  audit_id bigint NOT NULL,
  verified_at text NOT NULL
);
`;

export default sql;
