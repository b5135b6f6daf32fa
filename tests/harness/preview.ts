import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createDemoClinic } from '../../db/demo/demo';
import { openHost } from '../../db/host';
import { useDataKey } from '../../db/engine/cipher';
import { keyForRun } from '../../db/key-intake';
import { isPostgresUrl } from '../../db/engine/types';
import { startHarness } from './server';
import { DB_STOPPED } from '../../electron/db-client';

/**
 * `npm run preview -- [--db FILE] [--port N]`: the app in a browser, on 127.0.0.1 only. A
 * development tool: without --db it serves a fresh demo clinic in a temporary folder, never the
 * practitioner's own data file.
 */
const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    'recover-only': { type: 'boolean' },
    'key-in-window': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    'Usage: npm run preview -- [--db FILE|postgres://…] [--port N]\n' +
      'Serves Needlebook on http://127.0.0.1 against FILE; without --db, against a fresh demo clinic\n' +
      "in a temporary folder (removed when the preview stops). Never the app's own data file.\n" +
      '--recover-only serves FILE as the app does after its database process died: the recovery screen, without opening it.\n' +
      '--key-in-window serves FILE as the app does on a computer without a keychain: the window asks for its passphrase\n' +
      '  or recovery key (a new file: for the passphrase that will keep its key).\n',
  );
  process.exit(0);
}
const rendererDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
if (!existsSync(rendererDir)) {
  process.stderr.write('The renderer is not built yet: run `npm run preview`, which builds it first.\n');
  process.exit(1);
}

let scratch: string | null = null;
let dbFile: string;
if (values.db) {
  dbFile = isPostgresUrl(values.db) ? values.db : resolve(values.db);
} else {
  scratch = mkdtempSync(join(tmpdir(), 'needlebook-preview-'));
  dbFile = join(scratch, 'demo.db');
  // With NEEDLEBOOK_KEY set, the demo file is encrypted with it, as the app's would be.
  const secret = process.env.NEEDLEBOOK_KEY ?? null;
  useDataKey(await keyForRun(dbFile, { secret, prompt: null, creates: true, unencrypted: secret === null, say: (line) => process.stdout.write(`${line}\n`) }));
  const seed = await openHost(dbFile, { actor: 'needlebook preview' });
  try {
    await createDemoClinic(seed.engine, { today: new Date() });
  } finally {
    await seed.close();
  }
  process.stdout.write(`No --db given: serving a fresh demo clinic (${dbFile}).\n`);
}

const harness = await startHarness({
  dbFile,
  rendererDir,
  ...(values.port ? { port: Number(values.port) } : {}),
  ...(values['recover-only'] ? { recoverOnly: DB_STOPPED } : {}),
  ...(values['key-in-window'] ? { keyInWindow: true } : {}),
});
process.stdout.write(`Database opened in ${harness.openMs.toFixed(0)} ms\nNeedlebook preview: ${harness.url}\n`);
const stop = () =>
  void harness.close().then(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    process.exit(0);
  });
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
