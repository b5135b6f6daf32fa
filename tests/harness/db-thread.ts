import { parentPort, workerData } from 'node:worker_threads';
import { openHost, type Host } from '../../db/host';
import { useDataKey } from '../../db/engine/cipher';
import { keyForRun } from '../../db/key-intake';
import { workerFile } from '../../db/off-path';
import type { DbRequest } from '../../electron/db-messages';
import type { HarnessDb, ThreadMessage } from './db-thread-messages';

/**
 * The harness's database thread: the host opened and called here, as the app's database utility
 * process does (electron/db-process.ts), so the harness's HTTP thread, like Electron's main
 * process, serves the window's files and passes calls on without waiting behind the database's
 * own work (a morning's Review pass, a migration, a check). The bench's cold start measures the
 * app's launch through this harness: with one thread, every file of the page queued behind each
 * slice of Review's day pass.
 */
const options = workerData as HarnessDb;
const port = parentPort!;
const post = (message: ThreadMessage) => port.postMessage(message);
const say = (line: string) => post({ kind: 'log', line });

let host: Host | null = null;
const opening = (async () => {
  try {
    // An encrypted file is opened with its key, as the command line opens it (db/key-intake.ts); a
    // new file is encrypted when a key is given.
    useDataKey(
      options.keyInWindow
        ? null
        : await keyForRun(options.dbFile, { secret: options.key, prompt: null, creates: true, unencrypted: options.key === null, say }),
    );
    // The file checks' worker bundled before the open, as the app ships it bundled: run from
    // source, esbuild's 0.3 s of work would otherwise share the machine with the window's first load.
    await workerFile();
    const started = performance.now();
    host = await openHost(options.dbFile, {
      session: true,
      ...(options.log ? { log: say } : {}),
      ...(options.recoverOnly ? { recoverOnly: options.recoverOnly } : {}),
      ...(options.keyInWindow ? { encryptNew: true } : {}),
    });
    post({ kind: 'ready', openMs: performance.now() - started });
  } catch (error) {
    post({ kind: 'fatal', message: error instanceof Error ? error.message : 'The data file could not be opened.' });
  }
})();

port.on('message', (message: DbRequest | { kind: 'close' }) => {
  void opening.then(async () => {
    if ('kind' in message) {
      await host?.close();
      host = null;
      return post({ kind: 'closed' });
    }
    const outcome = host
      ? await host.handle(message.channel, message.input)
      : { ok: false as const, error: { code: 'internal' as const, message: 'The data file is not open.', fields: {} } };
    post({ kind: 'reply', id: message.id, outcome });
  });
});
