import type { NeedlebookApi } from '../../shared/contract';
import { afterWrite, isWrite, queryClient } from './query';

declare global {
  interface Window {
    /** Exposed by Electron's preload, or by the loopback harness bridge; the same type in both. */
    readonly needlebook: NeedlebookApi;
  }
}

type Call = (input: unknown) => Promise<{ ok: boolean }>;

/**
 * The only way the UI reaches data: the contract as exposed, with one addition — after a write
 * succeeds, every cached read is marked stale (renderer/src/query.ts), so no screen shows what
 * the write changed. A copy, not a proxy: the exposed object is frozen, and a proxy of a frozen
 * object must hand back its own functions.
 */
export const api: NeedlebookApi = Object.fromEntries(
  Object.entries(window.needlebook as unknown as Record<string, Call>).map(([channel, call]) => [
    channel,
    async (input: unknown) => {
      awaited++;
      try {
        const outcome = await call(input);
        if (outcome.ok && isWrite(channel)) afterWrite(channel);
        return outcome;
      } finally {
        awaited--;
      }
    },
  ]),
) as unknown as NeedlebookApi;

/** Answers the page is waiting for through `api` (the screens' reads go through the query layer, which counts its own). */
let awaited = 0;

/**
 * Runs `work` once the page is idle with no answer awaited, or after `latest` ms whatever happens:
 * what can wait (the other screens' code) is not parsed while the first screen's answers are on
 * their way and being drawn. An idle page is not enough: it is idle while it waits for them.
 */
export function whenQuiet(work: () => void, latest = 5000): () => void {
  const deadline = performance.now() + latest;
  let handle = 0;
  const attempt = () => {
    if ((awaited === 0 && queryClient.isFetching() === 0) || performance.now() >= deadline) work();
    else handle = requestIdleCallback(attempt, { timeout: 250 });
  };
  handle = requestIdleCallback(attempt, { timeout: 250 });
  return () => cancelIdleCallback(handle);
}
