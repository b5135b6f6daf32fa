/**
 * A page's LIMIT written into the statement as a number, not bound: the planner sizes the page
 * from it when the statement is prepared, and a bound limit would have SQLite plan the statement
 * again on every call (steady-plans.ts). Only whole numbers the input schema has already bounded
 * reach here; anything else is refused, so nothing typed enters the SQL text. Each distinct page
 * size is one more kept statement, and the screens use a handful. There is no OFFSET: every list
 * pages by keyset, so a page costs the same wherever it is and adds no statement per position.
 */
export function limitClause(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`A page limit must be a whole number, not ${String(limit)}`);
  return `LIMIT ${limit}`;
}
