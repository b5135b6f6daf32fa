// Bundles the Electron glue into dist/electron as CommonJS: a sandboxed preload must be a single
// file, and main and the database process load faster without a module graph to resolve.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

// `node build/bundle-electron.mjs [outdir]`: dist/electron by default; the security scan bundles elsewhere.
const outdir = process.argv[2] ?? 'dist/electron';

/**
 * jsPDF's HTML and SVG renderers (html2canvas, canvg, DOMPurify) are never used, and loaded only when asked for:
 * every document is drawn with text and lines. Left out of the bundles, they are neither parsed at
 * start nor shipped.
 */
const unusedByJsPdf = ['html2canvas', 'canvg', 'dompurify'];
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: true, logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: { main: 'electron/main.ts' }, outdir, outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  build({ ...common, entryPoints: { preload: 'electron/preload.ts' }, outdir, outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  build({
    ...common,
    entryPoints: { 'db-process': 'electron/db-process.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    external: ['electron', 'better-sqlite3-multiple-ciphers', 'pg-native', 'esbuild', ...unusedByJsPdf],
    // The month batch's worker threads load their own bundle beside this one (db/pdf-workers.ts).
    define: {
      __PDF_WORKER__: JSON.stringify('superbill-worker.cjs'),
      // The data file's checks and start-up backup run on a worker thread of their own (db/off-path.ts).
      __FILE_WORKER__: JSON.stringify('file-worker.cjs'),
      __PDF_FONTS__: JSON.stringify('fonts'),
      __ICD10CM__: JSON.stringify('icd10cm'),
      'import.meta.url': 'undefined',
    },
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
    external: unusedByJsPdf,
    define: { __PDF_FONTS__: JSON.stringify('fonts'), __ICD10CM__: JSON.stringify('icd10cm'), 'import.meta.url': 'undefined' },
  }),
]);
// The reports' font (db/pdf-fonts.ts) and its licence travel beside the bundles that read it.
cpSync('db/fonts', join(outdir, 'fonts'), { recursive: true });
// The ICD-10-CM code set, one compressed file per fiscal year (db/icd10cm.ts reads it on first use).
cpSync('db/icd10cm', join(outdir, 'icd10cm'), { recursive: true });
