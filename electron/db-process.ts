import { openHost, type Host } from '../db/host';
import type { DbMessage, DbRequest } from './db-messages';

/**
 * Entry of the database utility process: better-sqlite3 is synchronous, so it runs here and the
 * main process (and with it every window) never waits on the disk.
 */
const port = process.parentPort;
const post = (message: DbMessage) => port.postMessage(message);

let host: Host | null = null;
try {
  const file = process.env.NEEDLEBOOK_DB;
  if (!file) throw new Error('NEEDLEBOOK_DB is not set');
  host = openHost(file);
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'fatal', message: error instanceof Error ? error.message : 'The data file could not be opened.' });
}

port.on('message', (event) => {
  const request = event.data as DbRequest;
  if (!host) {
    post({ kind: 'reply', id: request.id, outcome: { ok: false, error: { code: 'internal', message: 'The data file is not open.', fields: {} } } });
    return;
  }
  post({ kind: 'reply', id: request.id, outcome: host.handle(request.channel, request.input) });
});

process.on('exit', () => host?.close());
