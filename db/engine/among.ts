import type { Dialect } from './types';

/**
 * `column` among `ids`, as a WHERE condition and its one parameter. A single id is asked for as
 * `column = ?`: the usual case on a save's path (a visit's own treatment rows and bill, read back
 * after each save). PostgreSQL plans a list's statement again at every call, for the length of the
 * list it is given: a parameter's array has no length the planner can see, so the plan it would
 * keep is costed for ten and never chosen over one made for the list in hand. A single id's
 * statement is planned once a session. Two texts, each kept and prepared once (db/engine/postgres.ts).
 */
export function among(d: Dialect, column: string, ids: readonly number[]): { where: string; param: unknown } {
  return ids.length === 1 ? { where: `${column} = ?`, param: ids[0] } : { where: d.inIds(column), param: d.ids(ids) };
}
