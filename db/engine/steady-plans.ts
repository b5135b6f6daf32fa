/**
 * Keeps SQLite from planning a statement again every time it runs.
 *
 * When SQLite's planner looks at the value bound to a parameter while planning (to size a join
 * loop from `x = ?`, to use `LIKE ?` as a range, to size `LIMIT ?`), it marks the statement to be
 * planned again once that value changes. better-sqlite3 clears a statement's values after every
 * call, and SQLite treats that clear as a change: each such statement was prepared afresh on every
 * call, 10–60 µs apiece, and most joins were such statements (docs/performance.md, "Statements
 * planned once").
 *
 * A parameter written as `+?` holds the same value (unary plus changes nothing, and adds no type
 * affinity or collation a bare parameter lacks), but the planner does not look inside it, so the
 * plan made at prepare time stands. That is SQLite's query-planner stability guarantee, by hand:
 * the switch for it (SQLITE_DBCONFIG_ENABLE_QPSG) is not reachable from better-sqlite3.
 *
 * Parameters after LIMIT and OFFSET are the exception: there the planner's peek is worth having
 * (it walks an index and stops rather than sorting every row), so callers write those limits as
 * literals (`limitClause` in db/engine/paging.ts) and nothing binds them.
 */
export function withSteadyPlans(sql: string): string {
  let out = '';
  let i = 0;
  let lastWord = '';
  while (i < sql.length) {
    const c = sql[i]!;
    // Quoted text, quoted names and comments are copied as they are.
    const end = verbatimEnd(sql, i);
    if (end !== null) {
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    const parameter = matchAt(PARAMETER, sql, i);
    if (parameter && (c === '?' || !/[\w$]/.test(sql[i - 1] ?? ''))) {
      const keep = lastWord === 'LIMIT' || lastWord === 'OFFSET';
      out += keep ? parameter : `+${parameter}`;
      i += parameter.length;
      lastWord = '';
      continue;
    }
    const word = matchAt(WORD, sql, i);
    if (word) {
      lastWord = word.toUpperCase();
      out += word;
      i += word.length;
      continue;
    }
    if (!/\s/.test(c)) lastWord = '';
    out += c;
    i++;
  }
  return out;
}

/** `?`, `?7`, `@name`, `:name`, `$name`: the forms SQLite binds. */
const PARAMETER = /\?\d*|[@:$][A-Za-z_]\w*/y;
const WORD = /[A-Za-z_][\w$]*/y;

/** What `pattern` (sticky) matches starting exactly at `at`, or null. */
function matchAt(pattern: RegExp, sql: string, at: number): string | null {
  pattern.lastIndex = at;
  return pattern.exec(sql)?.[0] ?? null;
}

/** Where a quoted run or a comment starting at `at` ends (just past it), or null if none starts there. */
function verbatimEnd(sql: string, at: number): number | null {
  const c = sql[at];
  const close = c === "'" ? "'" : c === '"' ? '"' : c === '`' ? '`' : c === '[' ? ']' : null;
  if (close) return endOfQuoted(sql, at + 1, close);
  const comment = sql.startsWith('--', at) ? '\n' : sql.startsWith('/*', at) ? '*/' : null;
  if (!comment) return null;
  const stop = sql.indexOf(comment, at + 2);
  // A line comment ends before its newline; a block comment after its */.
  return stop === -1 ? sql.length : comment === '\n' ? stop : stop + 2;
}

/** Where a quoted run ends (just past its closing quote); a doubled quote is one quote inside it. */
function endOfQuoted(sql: string, from: number, close: string): number {
  let i = from;
  while (i < sql.length) {
    if (sql[i] === close) {
      if (close !== ']' && sql[i + 1] === close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}
