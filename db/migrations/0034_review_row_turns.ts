/**
 * Version 34 (issue 38): each of Review's kept rows says the first day its date-driven flags or next
 * race can come or go (`changes_on`), and keeps the days its flags count as what they count from
 * (db/queries/review-rows.ts, `readKeptRow`), so the first open of a day makes again only the rows
 * whose day has come. Before, it made again every maintenance case and every case of a runner with
 * a race near, whatever the day: 5,800 of 12,900 rows at 18,000 patients, about two seconds in
 * front of Review's first rows each morning, because an overdue maintenance visit and a race's
 * windows count the days in their words.
 *
 * Rows kept before this version have no day of their own: they start at '0000-01-01', so the next
 * day's pass makes each of them again once (in slices, db/host.ts), after which only turning rows
 * are. Until then they read as they were written, correct for the day they were made.
 */
const sql = `
ALTER TABLE review_row ADD COLUMN changes_on TEXT NOT NULL DEFAULT '0000-01-01';
CREATE INDEX review_turns ON review_row (changes_on);
`;

export default sql;
export const postgres = `
ALTER TABLE review_row ADD COLUMN changes_on text COLLATE "C" NOT NULL DEFAULT '0000-01-01';
CREATE INDEX review_turns ON review_row (changes_on);
`;
