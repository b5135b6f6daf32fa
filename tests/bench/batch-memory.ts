import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { DB_PROCESS_DEFINE, DB_PROCESS_EXTERNAL } from '../../build/db-bundle.mjs';

/**
 * The month batch's peak memory (issue 38, point 5):
 *
 *   npx tsx tests/bench/batch-memory.ts --file FILE [--patients N] [--repeat R] [--out DIR]
 *
 * Measured on the code the app runs: the database process's bundles are built (build/bundle-electron.mjs,
 * the worker threads' included) and tests/bench/batch-memory-run.ts is bundled beside them with the
 * same options, then run by plain Node in a process of its own. Run from source instead, tsx's
 * loader and the TypeScript it compiles added about 36 MiB to the peak, which the app never carries.
 * The bundles go under node_modules/.cache, where the native driver they load is found.
 */
const dir = resolve('node_modules/.cache/needlebook-batch-memory');
mkdirSync(dir, { recursive: true });
const bundled = spawnSync(process.execPath, ['build/bundle-electron.mjs', dir], { stdio: 'inherit' });
if (bundled.status !== 0) process.exit(bundled.status ?? 1);
await build({
  entryPoints: { 'batch-memory-run': 'tests/bench/batch-memory-run.ts' },
  outdir: dir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  // ESM for the script's top-level awaits; the bundled db code finds its companions through __dirname.
  format: 'esm',
  target: 'node22',
  logLevel: 'warning',
  banner: {
    js: [
      "import { createRequire as bundleRequire } from 'node:module';",
      "import { dirname as bundleDirname } from 'node:path';",
      "import { fileURLToPath as bundlePath } from 'node:url';",
      'const require = bundleRequire(import.meta.url);',
      'const __dirname = bundleDirname(bundlePath(import.meta.url));',
    ].join('\n'),
  },
  external: [...DB_PROCESS_EXTERNAL, 'pg'],
  define: DB_PROCESS_DEFINE,
});
const run = spawnSync(process.execPath, [join(dir, 'batch-memory-run.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
