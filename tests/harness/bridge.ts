import { createClient } from '../../shared/client';
import type { Outcome } from '../../shared/outcome';
import { FRAMED_TYPE, JSON_LENGTH_HEADER, unframe } from './frame';

/** Replaced when the harness bundles this file: the random token of this harness run. */
declare const __NEEDLEBOOK_TOKEN__: string;

/** Under Chromium's 64 KiB for all kept-alive bodies in flight, with room for a second. */
const KEEPALIVE_BYTES = 30_000;

/**
 * The browser-side twin of Electron's preload: the same `createClient`, over HTTP to the
 * harness instead of IPC to the main process.
 */
const needlebook = createClient(async (channel, input) => {
  try {
    const body = JSON.stringify(input);
    const send = (keepalive: boolean) =>
      fetch(`./api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-needlebook-token': __NEEDLEBOOK_TOKEN__ },
        body,
        keepalive,
      });
    // IPC hands a message to Electron's main process as it is sent, so the safety copy of what was
    // just typed (renderer/src/components/useAutosave.ts) arrives even if the window closes at
    // once. A browser drops a fetch still in flight when its page closes, unless it is kept
    // alive; Chromium keeps alive at most 64 KiB of bodies at a time, hence the bound, and a copy
    // refused for that (many in flight at once) is sent as an ordinary request.
    const keepalive = channel === 'keepUnsaved' && new TextEncoder().encode(body).length < KEEPALIVE_BYTES;
    const response = keepalive ? await send(true).catch(() => send(false)) : await send(false);
    const jsonLength = response.headers.get(JSON_LENGTH_HEADER);
    if (response.headers.get('content-type') === FRAMED_TYPE && jsonLength)
      return unframe(await response.arrayBuffer(), Number(jsonLength)) as Outcome<unknown>;
    return (await response.json()) as Outcome<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The Needlebook preview server is not answering.', fields: {} } };
  }
});

Object.defineProperty(window, 'needlebook', { value: needlebook, enumerable: true });
