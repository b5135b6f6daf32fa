// Bundles the Electron glue into dist/electron as CommonJS: a sandboxed preload must be a single
// file, and main and the database process load faster without a module graph to resolve.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DB_PROCESS_DEFINE, DB_PROCESS_EXTERNAL, UNUSED_BY_JSPDF } from './db-bundle.mjs';

// `node build/bundle-electron.mjs [outdir]`: dist/electron by default; the security scan bundles elsewhere.
const outdir = process.argv[2] ?? 'dist/electron';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: true, logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: { main: 'electron/main.ts' }, outdir, outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  build({ ...common, entryPoints: { preload: 'electron/preload.ts' }, outdir, outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  build({
    ...common,
    entryPoints: { 'db-process': 'electron/db-process.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    external: DB_PROCESS_EXTERNAL,
    define: DB_PROCESS_DEFINE,
  }),
  build({
    ...common,
    entryPoints: { 'file-worker': 'db/file-worker.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    external: ['better-sqlite3-multiple-ciphers'],
    define: { 'import.meta.url': 'undefined' },
  }),
  build({
    ...common,
    entryPoints: { 'superbill-worker': 'db/superbill-worker.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    external: UNUSED_BY_JSPDF,
    define: { __PDF_FONTS__: JSON.stringify('fonts'), __ICD10CM__: JSON.stringify('icd10cm'), 'import.meta.url': 'undefined' },
  }),
]);
// The reports' font (db/pdf-fonts.ts) and its licence travel beside the bundles that read it.
cpSync('db/fonts', join(outdir, 'fonts'), { recursive: true });
// The ICD-10-CM code set, one compressed file per fiscal year (db/icd10cm.ts reads it on first use).
cpSync('db/icd10cm', join(outdir, 'icd10cm'), { recursive: true });
