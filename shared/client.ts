import { CHANNEL_NAMES } from './channels';
import type { Channel, NeedlebookApi } from './contract';
import type { Outcome } from './outcome';

/** Sends one call somewhere (IPC in Electron, HTTP in the browser harness). */
export type Transport = (channel: Channel, input: unknown) => Promise<Outcome<unknown>>;

/**
 * Builds the `window.needlebook` object from a transport: one function per contract channel,
 * nothing else. Both the preload and the harness bridge use it, so the two cannot drift.
 */
export function createClient(transport: Transport): NeedlebookApi {
  const api: Record<string, (input: unknown) => Promise<Outcome<unknown>>> = {};
  for (const channel of CHANNEL_NAMES) {
    api[channel] = (input: unknown) => transport(channel, input ?? {});
  }
  return Object.freeze(api) as unknown as NeedlebookApi;
}
