import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { defaultDataFile } from '../../electron/data-path';
import { startHarness } from './server';

/** `npm run preview -- [--db FILE] [--port N]`: the app in any browser, on 127.0.0.1 only. */
const { values } = parseArgs({
  options: { db: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  process.stdout.write('Usage: npm run preview -- [--db FILE] [--port N]\nServes Needlebook on http://127.0.0.1 against FILE (default: the app\'s own data file).\n');
  process.exit(0);
}
const rendererDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
if (!existsSync(rendererDir)) {
  process.stderr.write('The renderer is not built yet: run `npm run preview`, which builds it first.\n');
  process.exit(1);
}
const dbFile = resolve(values.db ?? defaultDataFile());
const harness = await startHarness({ dbFile, rendererDir, ...(values.port ? { port: Number(values.port) } : {}) });
process.stdout.write(`Needlebook preview: ${harness.url}\n`);
const stop = () => void harness.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
