import { describe, expect, it } from 'vitest';
import { verifyLedger, verifyLedgerToHead } from '../../db/queries/ledger';
import { copySignedVisits } from '../bench/signed-records';
import { chartVisit, itbsClinic } from '../support/charting';
import { TEST_ENGINE, valueOf } from '../support/db';

/**
 * The whole ledger's verification takes turns with the calls (issue 38). On a clinic's server it
 * runs on the seat's own thread, beside the calls it answers: walked in one go, 202,504 ledger rows
 * held that thread for 0.5–0.7 s (the longest screen call of the bench's cold start, 719.5 ms). It
 * now reads and walks the ledger, hashes each kind and reads the audit log a chunk at a time, and
 * gives the thread a turn after each; whatever is signed meanwhile is the next verification's.
 */
describe(`the whole ledger verified in turns (${TEST_ENGINE})`, () => {
  it('gives the thread a turn between chunks, and still verifies every record', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00');
    valueOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id }));
    await copySignedVisits(t.db, 2500);
    // Each turn the thread takes while the verification runs (on SQLite its statements answer at
    // once, so without turns of its own it kept the thread from start to end).
    let turns = 0;
    let running = true;
    const turn = () => {
      if (!running) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    const report = await verifyLedger(t.db).finally(() => (running = false));
    expect(report.problems).toEqual([]);
    expect(report.checked).toBe(2501);
    // The ledger's 2,502 rows in two runs, the visits in two chunks (three on the server) and the
    // audit log's one signing: a turn after each.
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('does not name a record signed while it runs, between two chunks: the next verification checks its seal', async () => {
    const t = await itbsClinic();
    const first = await chartVisit(t, '2026-03-02T10:00');
    valueOf(await t.call('signVisit', { id: first.id, providerId: t.mara.id }));
    const meanwhile = await chartVisit(t, '2026-03-09T10:00');
    let turns = 0;
    let signed = false;
    const report = await verifyLedgerToHead(t.db, undefined, {
      // After the ledger is read and the first chunk of visits hashed (the draft not among them):
      // another seat signs it, before the next chunk, which finds it signed.
      between: async () => {
        if (++turns !== 2) return;
        valueOf(await t.call('signVisit', { id: meanwhile.id, providerId: t.mara.id }));
        signed = true;
      },
    });
    expect(signed).toBe(true);
    expect(report.problems).toEqual([]);
    // Hashed with the others, it is left for the next verification, which starts from this head.
    expect(report.checked).toBe(2);
    expect(report.head!.seq).toBe(2);
    const next = await verifyLedger(t.db);
    expect(next).toEqual({ checked: 2, problems: [] });
  });
});
