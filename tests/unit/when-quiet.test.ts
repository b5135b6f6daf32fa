import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../renderer/src/query';
import { callEnded, callStarted, oneAtATime, QUIET_MS, whenQuiet } from '../../renderer/src/when-quiet';

/**
 * When the other screens' code is fetched (renderer/src/when-quiet.ts): not in the moment between
 * a sign-in's answer and the first screen's reads, only once nothing has been on its way for a
 * while, and at the latest after its deadline. The page's idle callback is stood in for by a
 * timer (Node has none), its clock by vitest's.
 */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  vi.stubGlobal('requestIdleCallback', (cb: () => void) => setTimeout(cb, 20) as unknown as number);
  vi.stubGlobal('cancelIdleCallback', (h: number) => clearTimeout(h));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  queryClient.clear();
});

describe('what can wait', () => {
  it('waits through the gap between a sign-in answer and the first screen’s read, and for the read', async () => {
    const work = vi.fn();
    callStarted(); // the sign-in
    whenQuiet(work);
    vi.advanceTimersByTime(100);
    callEnded();
    // A few frames later the screen asks for its rows: the gap was idle, but not quiet for long.
    vi.advanceTimersByTime(60);
    expect(work).not.toHaveBeenCalled();
    let answer!: () => void;
    const rows = queryClient.fetchQuery({ queryKey: ['reviewCases', {}], queryFn: () => new Promise<string>((resolve) => (answer = () => resolve('rows'))) });
    vi.advanceTimersByTime(QUIET_MS * 3);
    expect(work).not.toHaveBeenCalled();
    answer();
    await rows;
    vi.advanceTimersByTime(QUIET_MS - 50);
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs at its deadline even if the page never goes quiet', () => {
    const work = vi.fn();
    callStarted();
    whenQuiet(work, 1000);
    vi.advanceTimersByTime(900);
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(work).toHaveBeenCalledTimes(1);
    callEnded();
  });

  it('is called off when its screen goes away', () => {
    const work = vi.fn();
    const cancel = whenQuiet(work);
    cancel();
    vi.advanceTimersByTime(10_000);
    expect(work).not.toHaveBeenCalled();
  });

  it('fetches the later screens one at a time, the next once the page is idle again, a failure included', async () => {
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const loads = [0, 1, 2, 3].map((i) => () => {
      started.push(i);
      most = Math.max(most, ++inFlight);
      return new Promise<void>((resolve, reject) =>
        setTimeout(() => {
          inFlight--;
          if (i === 1) reject(new Error('offline'));
          else resolve();
        }, 50),
      );
    });
    oneAtATime(loads);
    expect(started).toEqual([0]);
    for (let k = 0; k < 12; k++) await vi.advanceTimersByTimeAsync(25);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(most).toBe(1);
  });
});
