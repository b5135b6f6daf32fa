// What the database process's bundle is built with, in one place: build/bundle-electron.mjs builds
// the app's with it, and the memory bench (tests/bench/batch-memory.ts) builds its measuring script
// the same way, so the bench measures the code the app runs rather than TypeScript compiled on load.

/**
 * jsPDF's HTML and SVG renderers (html2canvas, canvg, DOMPurify) are never used, and loaded only when asked for:
 * every document is drawn with text and lines. Left out of the bundles, they are neither parsed at
 * start nor shipped.
 */
export const UNUSED_BY_JSPDF = ['html2canvas', 'canvg', 'dompurify'];

/** Loaded from node_modules at run time: the native driver, and what the database process never loads. */
export const DB_PROCESS_EXTERNAL = ['electron', 'better-sqlite3-multiple-ciphers', 'pg-native', 'esbuild', ...UNUSED_BY_JSPDF];

/** Where the database process finds its companions, beside its bundle (each read where it is defined). */
export const DB_PROCESS_DEFINE = {
  // The month batch's worker threads load their own bundle beside this one (db/pdf-workers.ts).
  __PDF_WORKER__: JSON.stringify('superbill-worker.cjs'),
  // The data file's checks and start-up backup run on a worker thread of their own (db/off-path.ts).
  __FILE_WORKER__: JSON.stringify('file-worker.cjs'),
  __PDF_FONTS__: JSON.stringify('fonts'),
  __ICD10CM__: JSON.stringify('icd10cm'),
  'import.meta.url': 'undefined',
};
