import { describe, expect, it } from 'vitest';
import { withSteadyPlans } from '../../db/engine/steady-plans';
import { limitClause } from '../../db/engine/paging';

describe('parameters the planner does not look inside (db/engine/steady-plans.ts)', () => {
  it.each([
    ['a bare parameter', 'SELECT * FROM visit WHERE id = ?', 'SELECT * FROM visit WHERE id = +?'],
    ['a numbered parameter', 'SELECT ?1, ?2', 'SELECT +?1, +?2'],
    ['named parameters', 'UPDATE visit SET plan = @plan WHERE id = @id', 'UPDATE visit SET plan = +@plan WHERE id = +@id'],
    ['colon and dollar names', 'SELECT :a, $b', 'SELECT +:a, +$b'],
    ['a list and a row value', 'WHERE (a, b) > (?, ?) AND c IN (?,?)', 'WHERE (a, b) > (+?, +?) AND c IN (+?,+?)'],
    ['a table-valued argument', 'x IN (SELECT value FROM json_each(?))', 'x IN (SELECT value FROM json_each(+?))'],
    ['LIKE', 'p.date_of_birth LIKE ?', 'p.date_of_birth LIKE +?'],
    ['a question mark inside quoted text', "SELECT '?', 'it''s @x ?' || ?", "SELECT '?', 'it''s @x ?' || +?"],
    ['quoted names', 'SELECT "a?b", [c?], `d@e` FROM t WHERE x = ?', 'SELECT "a?b", [c?], `d@e` FROM t WHERE x = +?'],
    ['comments', 'SELECT 1 -- why ? here\n, ? /* and @here */', 'SELECT 1 -- why ? here\n, +? /* and @here */'],
    ['an e-mail-like word is not a parameter', 'SELECT x@y FROM t', 'SELECT x@y FROM t'],
    ['LIMIT and OFFSET keep theirs', 'SELECT 1 LIMIT ? OFFSET @offset', 'SELECT 1 LIMIT ? OFFSET @offset'],
    ['lower-case limit too', 'select 1 limit  ?', 'select 1 limit  ?'],
    ['nothing to change', 'SELECT count(*) FROM patient', 'SELECT count(*) FROM patient'],
  ])('%s', (_name, sql, written) => {
    expect(withSteadyPlans(sql)).toBe(written);
  });
});

describe('a page limit written into the statement (db/engine/paging.ts)', () => {
  it.each([
    [26, 'LIMIT 26'],
    [0, 'LIMIT 0'],
  ])('limit %i', (limit, clause) => {
    expect(limitClause(limit)).toBe(clause);
  });

  it.each([[Number.NaN], [2.5], [-1], ['26; DROP TABLE visit' as unknown as number]])('refuses %s', (limit) => {
    expect(() => limitClause(limit)).toThrow(/whole number/);
  });
});
