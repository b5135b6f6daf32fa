import { vi } from 'vitest';
import type { Db } from '../../db/engine/types';
import { valueOf, type TestDb } from './db';

type Method = 'all' | 'get' | 'run' | 'insert' | 'later';

/**
 * The statements a call sends, in the order sent, grouped by wait: a group is every statement
 * sent before the answer to any earlier one was read. On PostgreSQL a transaction's connection
 * pipelines (db/engine/postgres.ts), so each group is one wait for the server however many
 * statements it holds; a write sent with `Db.later` waits on nothing. The grouping is the code's
 * own, so it is the same on SQLite.
 */
export async function waitsOf(t: TestDb, channel: string, input: unknown): Promise<string[][]> {
  // On the class every connection's statements go through, a transaction's (an audited read's) included.
  const statements = Object.getPrototypeOf(Object.getPrototypeOf(t.db)) as Pick<Db, Method>;
  const groups: string[][] = [];
  let answered = true;
  /** A statement another one sends (SQLite's `later` is its `run`) is counted once, as the outer. */
  let inside = false;
  const spies = (['all', 'get', 'run', 'insert', 'later'] as const).map((method) => {
    const original = statements[method] as (this: Db, sql: string, params?: unknown) => Promise<unknown>;
    return vi.spyOn(statements, method).mockImplementation(function (this: Db, sql: string, params?: unknown) {
      if (inside) return original.call(this, sql, params);
      if (answered) groups.push([]);
      answered = false;
      groups[groups.length - 1]!.push(sql.replace(/\s+/g, ' ').trim());
      inside = true;
      let sent: Promise<unknown>;
      try {
        sent = original.call(this, sql, params);
      } finally {
        inside = false;
      }
      // The caller reads this answer before it sends another: what comes next is a new wait.
      return method === 'later'
        ? sent
        : sent.finally(() => {
            answered = true;
          });
    } as never);
  });
  try {
    valueOf(await t.call(channel, input));
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return groups;
}
