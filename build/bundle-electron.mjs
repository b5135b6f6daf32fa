// Bundles the Electron glue into dist/electron as CommonJS: a sandboxed preload must be a single
// file, and main and the database process load faster without a module graph to resolve.
import { build } from 'esbuild';

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
    external: ['electron', 'better-sqlite3', 'pg-native'],
  }),
]);
