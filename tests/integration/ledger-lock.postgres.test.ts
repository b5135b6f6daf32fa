import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/engine/types';
import { verifyLedger } from '../../db/queries/ledger';
import { createService } from '../../db/service';
import { dispatch } from '../../shared/dispatch';
import type { Outcome } from '../../shared/outcome';
import type { Visit } from '../../shared/visit';
import { chartVisit, itbsClinic, type ItbsClinic } from '../support/charting';
import { valueOf } from '../support/db';
import { adminClient, answeredOrBlocked } from '../support/pg-waits';

/**
 * Signing on the clinic's server takes the ledger's own lock, and only around the append
 * (migration 29). Proved by order, never by time: a transaction is held open in another connection,
 * the signature is asked for, and the server is watched for anyone waiting on that transaction.
 * The signature must come back while the transaction is still open, with nobody found waiting on it.
 * The control: a transaction that has appended to the same ledger does make a signature wait, and
 * the watch sees it — so the watch can fail, and the chain stays one gap-free sequence.
 */

/** Transactions held open for a test, each ended by its `release`. */
const held: { release: () => void; done: Promise<unknown> }[] = [];
afterEach(async () => {
  for (const h of held.splice(0)) {
    h.release();
    await h.done.catch(() => undefined);
  }
});

/**
 * Runs `work` through the service inside one transaction of `t`'s database, as another seat whose
 * call has not finished: the transaction stays open until `release` is called, then commits.
 * Resolves once `work` is done, with the transaction's server process id.
 */
async function holdOpen(
  t: ItbsClinic,
  work: (call: ItbsClinic['call'], tx: Db) => Promise<void>,
): Promise<{ pid: number; release: () => void; done: Promise<unknown> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let ready!: (pid: number) => void;
  let failed!: (error: unknown) => void;
  const started = new Promise<number>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  const done = t.db
    .transaction(async (tx) => {
      const service = createService(
        { db: tx, now: t.clock.now, actor: 'another seat' },
        { appVersion: 'test', databaseFile: '', schemaVersion: async () => 0 },
      );
      const call = (channel: string, input: unknown): Promise<Outcome<unknown>> =>
        dispatch(service, channel, input, (e) => {
          throw e;
        });
      await work(call, tx);
      ready((await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!.pid);
      await released;
    })
    .catch((error: unknown) => {
      failed(error);
      throw error;
    });
  const h = { release, done };
  held.push(h);
  return { pid: await started, ...h };
}

/** Whether a transaction is still open on the server (it has not committed). */
async function stillOpen(admin: pg.Client, pid: number): Promise<boolean> {
  const row = (await admin.query<{ state: string }>('SELECT state FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0];
  return row?.state === 'idle in transaction';
}

const sign = (t: ItbsClinic, v: Visit) => t.call('signVisit', { id: v.id, providerId: t.mara.id });

describe('signing takes the ledger’s own lock, only around the append (PostgreSQL)', () => {
  it('a signature is not delayed by another seat’s long transaction of ordinary writes, nor by another clinic signing on the same server', async () => {
    const admin = await adminClient('ledger-lock watch');
    try {
      const t = await itbsClinic();
      const toSign = await chartVisit(t, '2026-03-02T10:00');
      // A second runner with a case of their own, charted by the other seat.
      const ben = valueOf(await t.call('savePatient', { firstName: 'Ben', lastName: 'Okafor', dateOfBirth: '1985-07-19', sex: 'male' })) as { id: number };
      const bensCase = valueOf(
        await t.call('saveCase', { patientId: ben.id, conditionText: 'Achilles tendinopathy', side: 'left', onsetDate: '2026-01-10', startDate: '2026-02-01' }),
      ) as { id: number };
      const bensDraft = valueOf(await t.call('createVisit', { caseId: bensCase.id, providerId: t.theo.id, startedAt: '2026-03-02T11:00' })) as Visit;

      // The other seat: a long transaction of ordinary writes — a draft saved, a new draft, a patient's phone — left open.
      const seat = await holdOpen(t, async (call) => {
        valueOf(
          await call('saveVisit', {
            id: bensDraft.id,
            providerId: t.theo.id,
            startedAt: '2026-03-02T11:00',
            faceMinutes: 25,
            subjective: 'Achilles stiff in the morning',
          }),
        );
        valueOf(await call('createVisit', { caseId: bensCase.id, providerId: t.theo.id, startedAt: '2026-03-04T11:00' }));
        valueOf(await call('savePatient', { id: ben.id, firstName: 'Ben', lastName: 'Okafor', dateOfBirth: '1985-07-19', sex: 'male', phone: '503-555-0199' }));
      });
      // Another clinic on the same server, whose transaction has signed and appended to its own ledger, left open.
      const other = await itbsClinic();
      const othersVisit = await chartVisit(other, '2026-03-02T09:00');
      const otherClinic = await holdOpen(other, async (call, tx) => {
        valueOf(await call('signVisit', { id: othersVisit.id, providerId: other.mara.id }));
        // The deferred seal runs now rather than at COMMIT: that clinic's ledger lock is taken and held.
        await tx.exec('SET CONSTRAINTS ALL IMMEDIATE');
      });
      expect(await other.db.get('SELECT count(*) AS n FROM signed_ledger')).toEqual({ n: 1 }); // its seal is not committed yet

      const first = await answeredOrBlocked(admin, [seat.pid, otherClinic.pid], sign(t, toSign));
      expect(first).not.toHaveProperty('blocked');
      expect('answered' in first && first.answered.ok).toBe(true);
      // Answered while both transactions were still open: it waited on neither.
      expect(await stillOpen(admin, seat.pid)).toBe(true);
      expect(await stillOpen(admin, otherClinic.pid)).toBe(true);

      seat.release();
      otherClinic.release();
      await Promise.all([seat.done, otherClinic.done]);
      expect(await verifyLedger(t.db)).toEqual({ checked: 1, problems: [] });
      expect(await verifyLedger(other.db)).toEqual({ checked: 1, problems: [] });
      expect(await t.db.get('SELECT subjective FROM visit WHERE id = ?', [bensDraft.id])).toEqual({ subjective: 'Achilles stiff in the morning' });
    } finally {
      await admin.end();
    }
  });

  it('a signature on the same ledger waits only for another append, and the chain stays gap-free', async () => {
    const admin = await adminClient('ledger-lock watch');
    try {
      const t = await itbsClinic();
      const [a, b] = [await chartVisit(t, '2026-03-02T10:00'), await chartVisit(t, '2026-03-03T10:00')];
      const appended = await holdOpen(t, async (call, tx) => {
        valueOf(await call('signVisit', { id: a.id, providerId: t.mara.id }));
        await tx.exec('SET CONSTRAINTS ALL IMMEDIATE');
      });
      const signing = sign(t, b);
      const first = await answeredOrBlocked(admin, [appended.pid], signing);
      // The watch sees the second signer waiting on the first one's append: the lock is the ledger's.
      expect(first).toHaveProperty('blocked');
      expect(await stillOpen(admin, appended.pid)).toBe(true);
      appended.release();
      await appended.done;
      expect((await signing).ok).toBe(true);
      expect(await t.db.all('SELECT seq, record_kind AS kind, record_id AS id FROM signed_ledger ORDER BY seq')).toEqual([
        { seq: 1, kind: 'genesis', id: 0 },
        { seq: 2, kind: 'visit', id: a.id },
        { seq: 3, kind: 'visit', id: b.id },
      ]);
      expect(await verifyLedger(t.db)).toEqual({ checked: 2, problems: [] });
    } finally {
      await admin.end();
    }
  });

  it('many signers at once on one ledger: one sequence, no gap, no fork, nobody refused', async () => {
    const t = await itbsClinic();
    const visits: Visit[] = [];
    for (let day = 2; day <= 13; day++) visits.push(await chartVisit(t, `2026-03-${String(day).padStart(2, '0')}T10:00`));
    // Each signer its own service over the engine's pool (max 3 connections): they contend for the ledger.
    const seats = [0, 1, 2].map(() => {
      const service = createService(t.ctx, { appVersion: 'test', databaseFile: '', schemaVersion: async () => 0 });
      return (input: unknown) =>
        dispatch(service, 'signVisit', input, (e) => {
          throw e;
        });
    });
    const outcomes = await Promise.all(visits.map((v, i) => seats[i % seats.length]!({ id: v.id, providerId: t.mara.id })));
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const rows = await t.db.all<{ seq: number; id: number }>("SELECT seq, record_id AS id FROM signed_ledger WHERE record_kind = 'visit' ORDER BY seq");
    expect(rows.map((r) => r.seq)).toEqual(visits.map((_, i) => i + 2));
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(visits.map((v) => v.id)));
    expect(await verifyLedger(t.db)).toEqual({ checked: visits.length, problems: [] });
  });
});
