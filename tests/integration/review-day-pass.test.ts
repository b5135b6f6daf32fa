import { describe, expect, it } from 'vitest';
import { createDemoClinic } from '../../db/demo/demo';
import { keepNextRows, passTheDay } from '../../db/queries/review-rows';
import { vi } from 'vitest';
import type { Db } from '../../db/engine/types';
import { localIsoDate } from '../../shared/validation/dates';
import { createService } from '../../db/service';
import type { DbContext } from '../../db/context';
import { dispatch } from '../../shared/dispatch';
import type { ReviewPage } from '../../shared/review';
import { TEST_ENGINE, testDb, valueOf } from '../support/db';
import { freshRows, keptRows, withoutDays } from '../support/review-rows';

/**
 * Review's day pass in slices (issue 38): the first open of a day rewrites the rows the date can
 * change a few cases per transaction, calls let in between, and a Review call made meanwhile
 * rewrites only the rest. Either way the kept rows end equal to rows computed afresh for the day.
 */
const DAY = 86_400_000;
const today = async (c: { t: { clock: { now(): Date } } }) => localIsoDate(c.t.clock.now());

async function clinicOfYesterday() {
  const t = await testDb();
  await createDemoClinic(t.db, { today: t.clock.now(), patients: 36 });
  const reviewPass = { mark: '', done: new Set<number>(), turned: new Set<number>(), running: null };
  const ctx: DbContext = { ...t.ctx, reviewPass };
  const service = createService(ctx, { appVersion: 'test', databaseFile: t.db.location, schemaVersion: () => t.db.schemaVersion() });
  const review = async (): Promise<ReviewPage> =>
    valueOf(
      await dispatch(service, 'reviewCases', { limit: 200 }, (e) => {
        throw e;
      }),
    ) as ReviewPage;
  // Yesterday's use of the app left every row and the day's mark.
  await review();
  t.clock.advance(DAY);
  const kept = () => keptRows(t.db, localIsoDate(t.clock.now()));
  const fresh = () => freshRows(t.ctx);
  const day = async () => (await t.db.get<{ day: string }>('SELECT day FROM review_day'))!.day.slice(0, 10);
  const active = (await t.db.get<{ n: number }>("SELECT count(*) AS n FROM care_case WHERE status = 'active'"))!.n;
  return { t, ctx, reviewPass, review, kept, fresh, day, active };
}

describe(`Review's day pass in slices (${TEST_ENGINE})`, () => {
  it('rewrites only the dated cases, a few per transaction, and leaves every row as today computes it', async () => {
    const c = await clinicOfYesterday();
    const yesterday = await c.day();
    expect(await c.kept()).not.toEqual(await c.fresh());
    await passTheDay(c.ctx, 3);
    expect(await c.day()).toBe(new Date(c.t.clock.now()).toISOString().slice(0, 10));
    expect(await c.day()).not.toBe(yesterday);
    expect(await c.kept()).toEqual(await c.fresh());
    // The dated cases only: not every active case.
    expect(c.reviewPass.done.size).toBeGreaterThan(3);
    expect(c.reviewPass.done.size).toBeLessThan(Number(c.active));
    // A second pass the same day does nothing.
    const before = c.reviewPass.done.size;
    await passTheDay(c.ctx, 3);
    expect(c.reviewPass.done.size).toBe(before);
  });

  it('answers a Review call made while the pass is under way with today’s rows, and both end with every row as today computes it', async () => {
    const c = await clinicOfYesterday();
    const passing = passTheDay(c.ctx, 2);
    // Two calls at once besides the pass: on a clinic's server each runs on its own connection and
    // rewrites the same rows as the others (two seats' first Review of a day does the same).
    const [page] = await Promise.all([c.review(), c.review()]);
    await passing;
    const fresh = await c.fresh();
    expect(page.rows.map((r) => r.caseId).sort((a, b) => a - b)).toEqual(fresh.map((r) => r.caseId));
    expect(page.rows.map(withoutDays).sort((a, b) => a.caseId - b.caseId)).toEqual(fresh);
    expect(await c.kept()).toEqual(fresh);
  });

  it('turns the rows whose day has come to the row each kept for it, reading none of their records, and later keeps their next', async () => {
    const c = await clinicOfYesterday();
    // Every statement the pass sends, on the class every connection's statements go through.
    const statements = Object.getPrototypeOf(Object.getPrototypeOf(c.t.db)) as Pick<Db, 'all' | 'get'>;
    const sent: string[] = [];
    const spies = (['all', 'get'] as const).map((method) => {
      const original = statements[method] as (this: Db, sql: string, params?: unknown) => Promise<unknown>;
      return vi.spyOn(statements, method).mockImplementation(function (this: Db, sql: string, params?: unknown) {
        sent.push(sql);
        return original.call(this, sql, params);
      });
    });
    try {
      await passTheDay(c.ctx, 3);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // Yesterday's rows were made with their next: every dated row turned, none made again from its visits.
    expect(c.reviewPass.turned.size).toBeGreaterThan(3);
    expect(c.reviewPass.turned.size).toBe(c.reviewPass.done.size);
    expect(sent.some((sql) => /FROM visit\b/.test(sql))).toBe(false);
    expect(await c.kept()).toEqual(await c.fresh());
    // Turned rows keep no next until they are made again: then tomorrow turns them too.
    const withNext = async () =>
      (await c.t.db.all<{ row: string }>("SELECT row FROM review_row WHERE changes_on < '9999-12-31'")).filter((r) => 'next' in (JSON.parse(r.row) as object))
        .length;
    const dated = (await c.t.db.all<{ id: number }>("SELECT case_id AS id FROM review_row WHERE changes_on < '9999-12-31'")).length;
    expect(await withNext()).toBeLessThan(dated);
    await keepNextRows(c.ctx, 3);
    expect(c.reviewPass.turned.size).toBe(0);
    expect(await withNext()).toBe(dated);
    expect(await c.kept()).toEqual(await c.fresh());
    c.t.clock.advance(DAY);
    await passTheDay(c.ctx, 3);
    expect(await c.kept()).toEqual(await c.fresh());
  });

  it('sizes its slices by what the last one took, and still makes every dated row', async () => {
    const c = await clinicOfYesterday();
    // Every row due, as after migration 34: more than the first slice holds, so the slices after
    // it are sized by their time.
    await c.t.db.run("UPDATE review_row SET changes_on = '0000-01-01'");
    const dated = (await c.t.db.all<{ id: number }>('SELECT case_id AS id FROM review_row WHERE changes_on <= ?', [await today(c)])).length;
    expect(dated).toBeGreaterThan(10);
    await passTheDay(c.ctx);
    expect(c.reviewPass.done.size).toBe(dated);
    expect(await c.kept()).toEqual(await c.fresh());
  });
});
