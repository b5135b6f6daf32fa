import type { NeedlebookApi } from '../../shared/contract';
import { afterWrite, isWrite } from './query';
import { callEnded, callStarted } from './when-quiet';

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
      callStarted();
      try {
        const outcome = await call(input);
        if (outcome.ok && isWrite(channel)) afterWrite(channel);
        return outcome;
      } finally {
        callEnded();
      }
    },
  ]),
) as unknown as NeedlebookApi;
