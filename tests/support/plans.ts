import { expect, vi } from 'vitest';
import type { Db } from '../../db/engine/types';
import { valueOf, type TestDb } from './db';

/**
 * PostgreSQL: the plan of each statement a call sends whose text matches `which`, as the server
 * would run it on a clinic of thousands. A test's few rows would be read whole whatever the
 * indexes, so the server is kept from reading a table whole (and, when asked, from sorting)
 * wherever it has any other way.
 */
export async function plansOf(t: TestDb, channel: string, input: unknown, which: RegExp, { noSort = false } = {}): Promise<string[]> {
  // On the class every connection's statements go through, a transaction's (an audited read's) included.
  const statements = Object.getPrototypeOf(Object.getPrototypeOf(t.db)) as Pick<Db, 'all' | 'get'>;
  const all = vi.spyOn(statements, 'all');
  const get = vi.spyOn(statements, 'get');
  let sent: (readonly [string, Parameters<Db['all']>[1]])[];
  try {
    valueOf(await t.call(channel, input));
    sent = [...all.mock.calls, ...get.mock.calls].map((c) => [c[0], c[1]] as const).filter(([sql]) => which.test(sql));
  } finally {
    all.mockRestore();
    get.mockRestore();
  }
  expect(sent.length).toBeGreaterThan(0);
  const plans: string[] = [];
  for (const [sql, params] of sent) {
    await t.db.transaction(async (tx) => {
      await tx.run('SET LOCAL enable_seqscan = off');
      if (noSort) await tx.run('SET LOCAL enable_sort = off');
      const rows = await tx.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
    });
  }
  return plans;
}
