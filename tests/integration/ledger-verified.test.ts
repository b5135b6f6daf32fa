import { describe, expect, it } from 'vitest';
import { openHost, type Host } from '../../db/host';
import { createService } from '../../db/service';
import { dispatch } from '../../shared/dispatch';
import type { IntegrityReport } from '../../shared/integrity';
import { signedVisitOnFile } from '../support/charting';
import { TEST_ENGINE, valueOf } from '../support/db';

/**
 * The open's check of what was sealed since the verified head, and the whole ledger verified off the
 * calls' path after it (db/record-checks.ts, docs/tamper-evidence.md "Verifying at open"), as the
 * app and the harness run them: a record changed behind the app's back is still named, whether it
 * was sealed before the head or after it, and a head written by hand hides nothing.
 */
const dropGuard = TEST_ENGINE === 'sqlite' ? 'DROP TRIGGER visit_signed_no_update' : 'DROP TRIGGER visit_signed ON visit';

type Clinic = Awaited<ReturnType<typeof signedVisitOnFile>>;

const appHost = (t: Clinic) => openHost(t.place.target, { actor: 'test', session: true, log: () => {} });
const integrity = async (host: Host) => valueOf(await host.handle('integrity', {})) as IntegrityReport;
/** The banner's answer once the whole ledger's verification is done, as the window asks again while `pending`. */
async function settled(host: Host): Promise<IntegrityReport> {
  let report = await integrity(host);
  await expect
    .poll(
      async () => {
        report = await integrity(host);
        return report.pending;
      },
      { timeout: 60_000, interval: 200 },
    )
    .toBe(false);
  return report;
}
async function withHost<T>(t: Clinic, work: (host: Host) => Promise<T>): Promise<T> {
  const host = await appHost(t);
  try {
    return await work(host);
  } finally {
    await host.close();
  }
}
/** Signs the clinic's draft visit through the service alone, as another session would. */
async function signDraft(t: Clinic): Promise<void> {
  const db = await t.place.open();
  try {
    const service = createService(
      { db, now: () => new Date(), actor: 'test' },
      { appVersion: 'test', databaseFile: '', schemaVersion: () => db.schemaVersion() },
    );
    const call = (channel: string, input: unknown) =>
      dispatch(service, channel, input, (e) => {
        throw e;
      });
    valueOf(await call('signVisit', { id: t.draft, providerId: t.provider }));
  } finally {
    await db.close();
  }
}
const head = async (t: Clinic) => {
  const rows = (await t.place.raw('SELECT seq, chain_hash, signed, audit_id, verified_at FROM ledger_verified')) as {
    seq: number;
    chain_hash: string;
    signed: string;
    audit_id: number;
    verified_at: string;
  }[];
  const r = rows[0];
  return r ? { seq: Number(r.seq), chainHash: r.chain_hash, signed: JSON.parse(r.signed) as object, auditId: Number(r.audit_id), at: r.verified_at } : null;
};
const setHead = (t: Clinic, h: { seq: number; chainHash: string; signed: object }) =>
  t.place.raw(`UPDATE ledger_verified SET seq = ${h.seq}, chain_hash = '${h.chainHash}', signed = '${JSON.stringify(h.signed)}'`);

describe(`verifying at open (${TEST_ENGINE})`, () => {
  it('keeps a head once the whole ledger verifies, then re-hashes at open only what was sealed after it', async () => {
    const t = await signedVisitOnFile();
    // No head yet: the first answer is the whole ledger's.
    const first = await withHost(t, integrity);
    expect(first).toMatchObject({ scope: 'all', pending: false, checked: 2, problems: [] });
    expect((await head(t))?.seq).toBe(3); // genesis, the visit, its addendum
    await signDraft(t);
    await withHost(t, async (host) => {
      const opened = await integrity(host);
      expect(opened).toMatchObject({ scope: 'since', checked: 1, problems: [], pending: true });
      const whole = await settled(host);
      expect(whole).toMatchObject({ scope: 'all', checked: 3, problems: [] });
    });
    expect((await head(t))?.seq).toBe(4);
  });

  it('names a record sealed before the head and changed behind the app, once the whole ledger is verified', async () => {
    const t = await signedVisitOnFile();
    await withHost(t, integrity);
    await t.place.raw(`${dropGuard}; UPDATE visit SET subjective = 'Knee worse' WHERE id = ${t.signed}`);
    await withHost(t, async (host) => {
      // The open's check covers nothing sealed before the head: the banner's first answer says more is coming.
      const opened = await integrity(host);
      expect(opened.scope).toBe('since');
      expect(opened.pending).toBe(true);
      const whole = await settled(host);
      expect(whole.problems).toEqual([{ kind: 'visit', id: t.signed, problem: `visit ${t.signed} was altered after it was signed` }]);
    });
    // A finding keeps the head where it was: the next open names it again.
    await withHost(t, async (host) =>
      expect((await settled(host)).problems.map((p) => p.problem)).toEqual([`visit ${t.signed} was altered after it was signed`]),
    );
  });

  it('names a record sealed after the head and changed, at open', async () => {
    const t = await signedVisitOnFile();
    await withHost(t, integrity);
    await signDraft(t);
    await t.place.raw(`${dropGuard}; UPDATE visit SET subjective = 'Knee worse' WHERE id = ${t.draft}`);
    await withHost(t, async (host) => {
      const opened = await integrity(host);
      expect(opened.scope).toBe('since');
      expect(opened.problems).toEqual([{ kind: 'visit', id: t.draft, problem: `visit ${t.draft} was altered after it was signed` }]);
    });
  });

  it('a head moved forward by hand past a changed record hides nothing: the whole ledger still names it', async () => {
    const t = await signedVisitOnFile();
    await withHost(t, integrity);
    await signDraft(t);
    await t.place.raw(`${dropGuard}; UPDATE visit SET subjective = 'Knee worse' WHERE id = ${t.draft}`);
    // The head set to the ledger's last row, as someone who can write the file would, so the open skips the changed record.
    const last = ((await t.place.raw('SELECT seq, chain_hash FROM signed_ledger ORDER BY seq DESC LIMIT 1')) as { seq: number; chain_hash: string }[])[0]!;
    const kept = (await head(t))!;
    await setHead(t, { ...kept, seq: Number(last.seq), chainHash: last.chain_hash, signed: { visit: 2, assessment: 0, addendum: 1, consent: 0 } });
    await withHost(t, async (host) => {
      expect((await integrity(host)).problems).toEqual([]);
      expect((await settled(host)).problems).toEqual([{ kind: 'visit', id: t.draft, problem: `visit ${t.draft} was altered after it was signed` }]);
    });
  });

  it('a head that no longer holds against the ledger is named at open: a chain rewritten, a ledger cut short', async () => {
    const t = await signedVisitOnFile();
    await withHost(t, integrity);
    const kept = (await head(t))!;
    await setHead(t, { ...kept, chainHash: '0'.repeat(64) });
    await withHost(t, async (host) => {
      expect((await integrity(host)).problems.map((p) => p.problem)).toEqual([
        `ledger row ${kept.seq} differs from the one verified on ${kept.at.slice(0, 10)}: the chain was rewritten`,
      ]);
    });
    await setHead(t, { ...kept, seq: kept.seq + 5 });
    await withHost(t, async (host) => {
      expect((await integrity(host)).problems.map((p) => p.problem)).toEqual([
        `the ledger is shorter than when it was verified on ${kept.at.slice(0, 10)}: it ends at row ${kept.seq}, row ${kept.seq + 5} was verified`,
      ]);
    });
  });

  it('a signed record the ledger never sealed makes the open wait for the whole ledger, which names it', async () => {
    const t = await signedVisitOnFile();
    await withHost(t, integrity);
    // Signed by hand, not through the app: no ledger row, no audit row. Only the counts show it at open.
    // On the clinic's server the seal is its own trigger's: taken away first, as the attacker would.
    const unseal = TEST_ENGINE === 'sqlite' ? '' : 'DROP TRIGGER visit_sealed ON visit; ';
    await t.place.raw(`${unseal}UPDATE visit SET signed_at = '2026-03-09T11:00:00.000Z', signed_by = ${t.provider} WHERE id = ${t.draft}`);
    await withHost(t, async (host) => {
      const opened = await integrity(host);
      expect(opened.scope).toBe('all');
      expect(opened.problems.map((p) => p.problem)).toContain(`signed visit ${t.draft} is not in the ledger`);
    });
  });
});
