import { afterEach, describe, expect, it, vi } from 'vitest';
import { paced } from '../../db/record-checks';

/**
 * The seat's own verification of the whole ledger on a clinic's server (db/record-checks.ts) pauses
 * between chunks as long as the chunk took, at most 50 ms: about half of one core at most, in turns
 * short enough that a screen call meets it only briefly (issue 38).
 */
describe('the background verification’s pace', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pauses as long as the chunk before took, at most 50 ms', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const between = paced();
    for (const [worked, pause] of [
      [20, 20],
      [3, 3],
      [200, 50],
    ] as const) {
      // The chunk's statement and this thread's work on its answer.
      vi.advanceTimersByTime(worked);
      let done = false;
      const waiting = between().then(() => (done = true));
      await vi.advanceTimersByTimeAsync(pause - 1);
      expect(done, `after ${worked} ms of work`).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(done).toBe(true);
    }
  });
});
