// Prepares better-sqlite3 for Electron before `npm start` / `npm run dist`.
//
// Electron has its own Node ABI, so the Node build in node_modules/better-sqlite3 (used by tests
// and the command line) cannot load inside Electron. Instead of rebuilding it in place — which
// would break `npm test` until the next reinstall — we build a copy in a temporary folder and keep
// only the .node file under .cache/electron-native/<electron>-<platform>-<arch>/. The database
// process loads it through better-sqlite3's `nativeBinding` option. Done once per Electron version.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const moduleDir = dirname(require.resolve('better-sqlite3/package.json'));
const target = join('.cache', 'electron-native', `${electronVersion}-${process.platform}-${process.arch}`, 'better_sqlite3.node');

// electron-builder packs whatever sits in `current` (see build/electron-builder.yml).
const current = join('.cache', 'electron-native', 'current', 'better_sqlite3.node');
function publish() {
  mkdirSync(dirname(current), { recursive: true });
  copyFileSync(target, current);
}

if (existsSync(target)) {
  publish();
  console.log(`better-sqlite3 for Electron ${electronVersion}: ready (${target})`);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'needlebook-native-'));
cpSync(moduleDir, work, { recursive: true, filter: (src) => !src.includes(`${join(moduleDir, 'build')}`) });
// A machine-wide `nodedir` (npm passes it on as npm_config_nodedir) would make node-gyp compile
// against Node's headers instead of Electron's: drop it for this build.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.toLowerCase() !== 'npm_config_nodedir'));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: 'inherit', env });

try {
  try {
    // A published prebuilt binary for this Electron version, when one exists.
    run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch]);
  } catch {
    // Otherwise compile against Electron's headers with npm's own node-gyp.
    const npmDir = process.env.npm_execpath ? dirname(dirname(process.env.npm_execpath)) : null;
    const nodeGyp = npmDir ? join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js') : null;
    if (!nodeGyp || !existsSync(nodeGyp)) throw new Error('node-gyp not found: run this through npm (npm start)');
    run(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers']);
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
  publish();
  console.log(`better-sqlite3 for Electron ${electronVersion}: built (${target})`);
} catch (error) {
  console.error(
    `\nCould not prepare better-sqlite3 for Electron ${electronVersion}: ${error.message}\n` +
      'This step downloads a prebuilt binary (GitHub) or Electron\'s headers (electronjs.org) once per Electron version.\n' +
      'Your Node build in node_modules is untouched: npm test and npx needlebook still work.',
  );
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
