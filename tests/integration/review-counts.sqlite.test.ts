import { describe, expect, it } from 'vitest';
import { REVIEW_COUNTS } from '../../db/queries/review-rows';
import { testDb } from '../support/db';

/**
 * Review's filter counts are one aggregate over every active case on each call. Planned over the
 * kept rows themselves it carried each row's JSON through the scan (most of a Review call at
 * 18,000 patients); over review_tally (migration 29) it reads only the five columns it counts.
 * SQLite's plan says which, as the engine prepares the statement the service runs.
 */
describe('Review counts (SQLite)', () => {
  it('are read from the narrow index alone, never from the kept rows', async () => {
    const t = await testDb();
    const plan = (await t.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${REVIEW_COUNTS}`, ['2026-03-23'])).map((r) => r.detail);
    expect(plan).toContain('SCAN review_row USING COVERING INDEX review_tally');
    expect(plan.filter((d) => /review_row/.test(d))).toEqual(['SCAN review_row USING COVERING INDEX review_tally']);
  });
});
