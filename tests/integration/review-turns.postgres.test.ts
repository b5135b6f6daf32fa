import { describe, expect, it } from 'vitest';
import { createDemoClinic } from '../../db/demo/demo';
import { passTheDay } from '../../db/queries/review-rows';
import type { DbContext } from '../../db/context';
import { localIsoDate } from '../../shared/validation/dates';
import type { Visit } from '../../shared/visit';
import { testDb, valueOf } from '../support/db';
import { adminClient, answeredOrBlocked } from '../support/pg-waits';
import { freshRows, keptRows } from '../support/review-rows';

/**
 * On a clinic's server, the transactions that rewrite many of Review's kept rows take turns (issue
 * 38): the day's pass, slice by slice, and a Review call bringing the rows up to date, on this seat
 * or another. Two of them had rewritten the same rows from two connections, each in its own order,
 * and the server ended one as a deadlock (CI, review-day-pass.test.ts). Proved by order, never by
 * time: another connection holds the turn in an open transaction, and each of them is seen waiting
 * on that connection until it lets go; then each lands. The control: a visit's save, which
 * rewrites its own case's row and takes no turn, is not held up by it.
 */
const DAY = 86_400_000;

async function clinicOfYesterday() {
  const t = await testDb();
  await createDemoClinic(t.db, { today: t.clock.now(), patients: 24 });
  valueOf(await t.call('reviewCases', { limit: 200 }));
  t.clock.advance(DAY);
  return t;
}

type Clinic = Awaited<ReturnType<typeof clinicOfYesterday>>;

/** Review's turn, held by another connection until `letGo`; resolves with that connection's server process. */
async function holdTheTurn(t: Clinic) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding!: (pid: number) => void;
  const pid = new Promise<number>((resolve) => (holding = resolve));
  const done = t.db.transaction(async (db) => {
    await db.run(db.dialect.turnsOn!('review_row'));
    holding((await db.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!.pid);
    await released;
  });
  // Let go before any expectation is checked: a failed one must not leave the turn held.
  return { pid: await pid, letGo: () => (release(), done) };
}

/** Whether `work` is seen waiting on the connection `pid` before it answers. */
async function waitsOn(pid: number, work: Promise<unknown>): Promise<boolean> {
  const admin = await adminClient('review-turns watch');
  try {
    return 'blocked' in (await answeredOrBlocked(admin, [pid], work));
  } finally {
    await admin.end();
  }
}

async function rowsAreToday(t: Clinic) {
  expect(await keptRows(t.db, localIsoDate(t.clock.now()))).toEqual(await freshRows(t.ctx));
}

describe("Review's rewrites take turns on a clinic's server (PostgreSQL)", () => {
  it("makes a Review call that brings the rows to today wait for the turn, then answers with today's rows", async () => {
    const t = await clinicOfYesterday();
    const turn = await holdTheTurn(t);
    const call = t.call('reviewCases', { limit: 200 });
    const waited = await waitsOn(turn.pid, call);
    await turn.letGo();
    expect(waited).toBe(true);
    valueOf(await call);
    await rowsAreToday(t);
  });

  it("makes the day's pass wait for the turn, slice by slice, then finish the day", async () => {
    const t = await clinicOfYesterday();
    const ctx: DbContext = { ...t.ctx, reviewPass: { mark: '', done: new Set<number>(), turned: new Set<number>(), running: null } };
    const turn = await holdTheTurn(t);
    const pass = passTheDay(ctx, 2);
    const waited = await waitsOn(turn.pid, pass);
    await turn.letGo();
    expect(waited).toBe(true);
    await pass;
    expect(ctx.reviewPass!.done.size).toBeGreaterThan(2);
    await rowsAreToday(t);
  });

  it("lets a visit's save, which rewrites its own case's row, through while the turn is held", async () => {
    const t = await clinicOfYesterday();
    // Today's rows first: the save's own rewrite is then its case's alone.
    valueOf(await t.call('reviewCases', { limit: 200 }));
    const { caseId, providerId } = (await t.db.get<{ caseId: number; providerId: number }>(
      `SELECT c.id AS "caseId", (SELECT min(id) FROM provider) AS "providerId" FROM care_case c WHERE c.status = 'active' ORDER BY c.id LIMIT 1`,
    ))!;
    const startedAt = `${localIsoDate(t.clock.now())}T09:00`;
    const turn = await holdTheTurn(t);
    const save = (async () => {
      const draft = valueOf(await t.call('createVisit', { caseId, providerId, startedAt })) as Visit;
      return valueOf(await t.call('saveVisit', { id: draft.id, providerId, startedAt, faceMinutes: 30, painBefore: 5, painAfter: 2 })) as Visit;
    })();
    const waited = await waitsOn(turn.pid, save);
    const saved = await save;
    await turn.letGo();
    expect(waited).toBe(false);
    expect(saved.painAfter).toBe(2);
    await rowsAreToday(t);
  });
});
