import { openHost, type Host } from '../db/host';
import { useDataKey } from '../db/engine/cipher';
import type { DbMessage, DbOpen, DbRequest } from './db-messages';

/**
 * Entry of the database utility process: the SQLite file (or the clinic's PostgreSQL) is opened
 * here, so the main process (and with it every window) never waits on the disk or the network.
 */
const port = process.parentPort;
const post = (message: DbMessage) => port.postMessage(message);

let host: Host | null = null;
// The data key comes in the first message, never in the environment (which child processes inherit).
let keyGiven: (message: DbOpen) => void;
const keyMessage = new Promise<DbOpen>((resolve) => (keyGiven = resolve));
const opening = (async () => {
  try {
    const target = process.env.NEEDLEBOOK_DB;
    if (!target) throw new Error('NEEDLEBOOK_DB is not set');
    const { key, spare } = await keyMessage;
    useDataKey(key === null ? null : Buffer.from(key, 'hex'));
    const keychainKey = spare === null ? null : { key: Buffer.from(spare.key, 'hex'), wrapped: spare.wrapped };
    // Started again after the first process died (electron/db-client.ts): serve the recovery screen
    // without opening the file, which may be what stopped the first.
    const recovery = process.env.NEEDLEBOOK_RECOVERY;
    host = await openHost(target, { session: true, encryptNew: true, keychainKey, ...(recovery ? { recoverOnly: recovery } : {}) });
    post({ kind: 'ready' });
  } catch (error) {
    post({ kind: 'fatal', message: error instanceof Error ? error.message : 'The data file could not be opened.' });
  }
})();

port.on('message', (event) => {
  const message = event.data as DbRequest | DbOpen;
  if ('kind' in message) return keyGiven(message);
  const request = message;
  void opening.then(async () => {
    if (!host) {
      post({ kind: 'reply', id: request.id, outcome: { ok: false, error: { code: 'internal', message: 'The data file is not open.', fields: {} } } });
      return;
    }
    post({ kind: 'reply', id: request.id, outcome: await host.handle(request.channel, request.input) });
  });
});

process.on('exit', () => void host?.close());
