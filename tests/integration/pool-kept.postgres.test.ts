import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/engine/postgres';
import type { Engine } from '../../db/engine/types';

/**
 * A seat keeps four connections open through a pause (issue 38): a connection made again after one
 * was closed costs its handshake and login, and the server reads its catalog and plans every
 * statement afresh on it, so the first screen after a practitioner's pause was 2-4x slower. Those
 * above four are still closed once idle. Observed on the server (pg_stat_activity), with the idle
 * timeout shortened: the test waits for the pool to close what it closes, never for a time.
 */
const url = process.env.NEEDLEBOOK_TEST_PG!;
const opened: Engine[] = [];
afterEach(async () => {
  for (const engine of opened.splice(0)) await engine.close();
});

describe('the connections a clinic seat keeps (PostgreSQL)', () => {
  it('keeps four open through a pause and closes those above them', async () => {
    const engine = await openPostgres(url, { schema: `t_${randomBytes(8).toString('hex')}`, idleMs: 50 });
    opened.push(engine);
    // Six reads at once, each holding its connection a moment: six connections.
    const pids = await Promise.all(
      Array.from({ length: 6 }, async () => (await engine.get<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.1)'))!.pid),
    );
    expect(new Set(pids).size).toBe(6);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const alive = async () => Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE pid = ANY($1)', [pids])).rows[0]!.n);
      // The pool closes the idle ones above those it keeps, each after its 50 ms: waited for, up to 200 looks.
      let n = await alive();
      for (let look = 0; look < 200 && n > 4; look++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        n = await alive();
      }
      expect(n).toBe(4);
      // And the four stay: a read after the pause runs on one of them, on a backend that has read before.
      const after = (await engine.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!.pid;
      expect(pids).toContain(after);
      expect(await alive()).toBe(4);
    } finally {
      await admin.end();
    }
  });
});
