import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { DB_PROCESS_DEFINE, DB_PROCESS_EXTERNAL } from '../../build/db-bundle.mjs';

/** What tests/bench/batch-memory-run.ts prints of one month batch in its own process. */
export interface BatchProcessFigures {
  month: string;
  superbills: number;
  leftOut: number;
  madeOnMainThread: boolean;
  zipMiB: number;
  batchSeconds: number;
  totalSeconds: number;
  peakRssBeforeMiB: number;
  peakRssMiB: number;
  peakAfterBatchMiB: number | null;
  loadBefore: number[];
  loadAfter: number[];
}

/**
 * The month batch's peak memory (issue 38, point 5) in a process of its own, on the code the app
 * runs: the database process's bundles are built (build/bundle-electron.mjs, the worker threads'
 * included) and tests/bench/batch-memory-run.ts is bundled beside them with the same options
 * (build/db-bundle.mjs), then run by plain Node. Run from source instead, tsx's loader and the
 * TypeScript it compiles added about 36 MiB to the peak, which the app never carries. The bundles
 * go under node_modules/.cache, where the native driver they load is found.
 *
 * `args` are the run script's (`--file FILE [--patients N] [--repeat R] [--out DIR]`). Its figures,
 * or what it said when it did not measure (it seeds an empty file and stops there).
 */
export async function monthBatchInItsOwnProcess(args: readonly string[]): Promise<BatchProcessFigures | { said: string }> {
  const dir = resolve('node_modules/.cache/needlebook-batch-memory');
  mkdirSync(dir, { recursive: true });
  const bundled = spawnSync(process.execPath, ['build/bundle-electron.mjs', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (bundled.status !== 0) throw new Error(`building the database process's bundles failed (${bundled.status})`);
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
  const run = spawnSync(process.execPath, [join(dir, 'batch-memory-run.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`the month batch's own process failed (${run.status}): ${run.stdout}`);
  const said = run.stdout.trim();
  return said.startsWith('{') ? (JSON.parse(said) as BatchProcessFigures) : { said };
}
