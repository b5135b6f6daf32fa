import type { DbContext } from '../context';
import { LEDGER_KINDS, type VerifiedHead } from './ledger';

/**
 * The verified head (migration 30, docs/tamper-evidence.md "Verifying at open"): where the last
 * verification of the whole ledger ended. It only says where the open's check may start; it is
 * never trusted for more. The open holds it against the ledger's row of the same number, and the
 * whole ledger is still verified off the practitioner's path, so a head written by hand can at most
 * delay a finding by that verification's run, never hide one.
 */
export async function readVerifiedHead(ctx: DbContext): Promise<VerifiedHead | null> {
  const row = await ctx.db
    .get<{ seq: number | string; chainHash: string; signed: string; auditId: number | string; at: string }>(
      'SELECT seq, chain_hash AS "chainHash", signed, audit_id AS "auditId", verified_at AS at FROM ledger_verified WHERE one = 1',
    )
    .catch(() => undefined);
  if (!row) return null;
  try {
    const signed = JSON.parse(row.signed) as Record<string, unknown>;
    // A head that does not read as one is no head: the whole ledger is verified before the banner answers.
    if (!LEDGER_KINDS.every((k) => Number.isInteger(signed[k]))) return null;
    return { seq: Number(row.seq), chainHash: row.chainHash, signed: signed as VerifiedHead['signed'], auditId: Number(row.auditId), at: row.at };
  } catch {
    return null;
  }
}

/**
 * Keeps a head a verification found whole. Not audited: it records no one's action, and the
 * verification it follows changed nothing. A login that may not write it keeps none, and its opens
 * verify the whole ledger off its path instead.
 */
export async function keepVerifiedHead(ctx: DbContext, head: VerifiedHead): Promise<void> {
  await ctx.db
    .transaction((db) =>
      db.run(
        `INSERT INTO ledger_verified (one, seq, chain_hash, signed, audit_id, verified_at) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (one) DO UPDATE SET seq = excluded.seq, chain_hash = excluded.chain_hash, signed = excluded.signed,
           audit_id = excluded.audit_id, verified_at = excluded.verified_at`,
        [head.seq, head.chainHash, JSON.stringify(head.signed), head.auditId, head.at],
      ),
    )
    .catch(() => undefined);
}
