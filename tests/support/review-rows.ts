import type { DbContext } from '../../db/context';
import type { Db } from '../../db/engine/types';
import { computeReviewRows, readKeptRow } from '../../db/queries/review-rows';
import type { ReviewRow } from '../../shared/review';

/** A Review row less the days it counts to its race: those are counted when read, from the clock. */
export const withoutDays = (r: ReviewRow) => ({
  ...r,
  nextRace: r.nextRace ? { name: r.nextRace.name, date: r.nextRace.date, distance: r.nextRace.distance } : null,
});

/** The kept rows as Review reads them on `today`, in case order. */
export const keptRows = async (db: Db, today: string) =>
  (await db.all<{ row: string }>('SELECT row FROM review_row ORDER BY case_id')).map((r) => withoutDays(readKeptRow(r.row, today)));

/** The rows computed afresh from the records, in case order: what the kept rows must equal. */
export const freshRows = async (ctx: DbContext) => (await computeReviewRows(ctx)).sort((a, b) => a.caseId - b.caseId).map(withoutDays);
