import { describe, expect, it } from 'vitest';
import { refreshReviewRows } from '../../db/queries/review-rows';
import { valueOf } from '../support/db';
import { itbsClinic } from '../support/charting';

/**
 * Two transactions rewriting one case's Review row at once on a clinic's server (two seats' first
 * Review of a day, a seat's day pass beside its Review call). The second's DELETE waits for the
 * first's commit and then does not see the row the first inserted, so its INSERT met the primary
 * key and the call failed (CI, issue 38). Forced here in that order: the first holds its rewrite
 * uncommitted until the second is seen waiting on it.
 */
describe('a Review row rewritten by two transactions at once (PostgreSQL)', () => {
  it('lands the second rewrite rather than failing on the first one’s row', async () => {
    const t = await itbsClinic();
    valueOf(await t.call('reviewCases', {}));
    const caseId = t.careCase.id;
    await t.db.transaction((db) => db.run('INSERT INTO review_stale (case_id) VALUES (?) ON CONFLICT DO NOTHING', [caseId]));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstDone!: () => void;
    const firstRewrote = new Promise<void>((resolve) => (firstDone = resolve));
    const first = t.db.transaction(async (db) => {
      await refreshReviewRows({ ...t.ctx, db });
      firstDone();
      await gate;
    });
    await firstRewrote;
    // The mark the first cleared is still there for the second: the first has not committed.
    const second = t.db.transaction((db) => refreshReviewRows({ ...t.ctx, db }));
    // The second is waiting on the first's row lock before the first commits.
    for (let i = 0; i < 200; i++) {
      const waiting = await t.db.get<{ n: number }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%review_%'",
      );
      if (Number(waiting?.n) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    release();
    await first;
    await expect(second).resolves.toBe(1);
    expect(await t.db.all('SELECT case_id AS "caseId" FROM review_row WHERE case_id = ?', [caseId])).toEqual([{ caseId }]);
  });
});
