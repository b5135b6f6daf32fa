/**
 * A page's LIMIT (and OFFSET) written into the statement as numbers, not bound: the planner sizes
 * the page from them when the statement is prepared, and a bound limit would have SQLite plan the
 * statement again on every call (steady-plans.ts). Only whole numbers the input schema
 * has already bounded reach here; anything else is refused, so nothing typed enters the SQL text.
 * Each distinct page size is one more kept statement, and the screens use a handful.
 */
export function limitClause(limit: number, offset = 0): string {
  for (const [name, n] of [
    ['limit', limit],
    ['offset', offset],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`A page ${name} must be a whole number, not ${String(n)}`);
  }
  return offset > 0 ? `LIMIT ${limit} OFFSET ${offset}` : `LIMIT ${limit}`;
}
