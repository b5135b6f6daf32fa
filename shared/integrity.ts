/**
 * What a check of the signed records found (db/queries/ledger.ts, db/guards.ts): shown as a banner
 * when anything is wrong, and in full under Settings → Verify records.
 */
export interface IntegrityProblem {
  /** `visit`, `assessment`, `addendum`, or `ledger` for the chain itself. */
  kind: string;
  id: number;
  problem: string;
}

export interface IntegrityReport {
  verifiedAt: string;
  /** Signed records re-hashed. */
  checked: number;
  problems: IntegrityProblem[];
  /** Guards (triggers) that were missing or altered when the database opened, and were put back. */
  guardsRestored: string[];
  /** How long the re-hash took. */
  ms: number;
  /** The data file failed its check when it opened and is open read-only (db/host.ts): what to do. */
  damaged: string | null;
  /**
   * What was re-hashed: `all` signed records, or those sealed `since` the last verification of the
   * whole ledger (db/record-checks.ts); the rest is verified off the practitioner's path.
   */
  scope: 'all' | 'since';
  /** The whole ledger's verification is still to come or running: ask again for what it finds. */
  pending: boolean;
}

/** The banner's one line, or null when all is well. */
export function integritySummary(r: IntegrityReport): string | null {
  if (r.damaged) return r.damaged;
  const parts = [];
  if (r.problems.length > 0)
    parts.push(
      `${r.problems.length} signed ${r.problems.length === 1 ? 'record does' : 'records do'} not match ${r.problems.length === 1 ? 'its' : 'their'} signature`,
    );
  if (r.guardsRestored.length > 0)
    parts.push(
      `${r.guardsRestored.length} record ${r.guardsRestored.length === 1 ? 'guard was' : 'guards were'} missing or altered and ${r.guardsRestored.length === 1 ? 'has' : 'have'} been put back`,
    );
  return parts.length === 0 ? null : `Record check failed: ${parts.join('; ')}. The data file was changed outside Needlebook.`;
}
