import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan, SCAN_CONFIG } from '../support/electronegativity';

/**
 * Doyensec's Electronegativity over the Electron sources and over the bundle that ships. Any
 * finding fails the run unless build/electronegativity.json suppresses it with a reason.
 */
describe('Electronegativity security scan', () => {
  it('every suppression gives its reason', () => {
    for (const s of SCAN_CONFIG.suppressions) expect(s.reason.length).toBeGreaterThan(40);
    for (const reason of Object.values(SCAN_CONFIG.excludedChecks)) expect(reason.length).toBeGreaterThan(40);
  });

  it('finds nothing unsuppressed in electron/', async () => {
    const result = await scan('electron');
    expect(result.checks).toBeGreaterThan(30);
    expect(result.errors).toEqual([]);
    expect(result.unsuppressed).toEqual([]);
  });

  it('finds nothing unsuppressed in the bundled dist/electron', async () => {
    const out = mkdtempSync(join(tmpdir(), 'needlebook-scan-'));
    execFileSync(process.execPath, ['build/bundle-electron.mjs', out]);
    // The scanner reads .js files only; the bundles are CommonJS named .cjs.
    for (const f of readdirSync(out).filter((n) => n.endsWith('.cjs'))) renameSync(join(out, f), join(out, f.replace(/\.cjs$/, '.js')));
    const result = await scan(out);
    expect(result.errors).toEqual([]);
    expect(result.unsuppressed).toEqual([]);
  });

  it('would fail on a window that turns the sandbox off (the scan can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'needlebook-scan-bad-'));
    execFileSync('sh', [
      '-c',
      `cat > ${dir}/bad.js <<'JS'
const { BrowserWindow } = require('electron');
new BrowserWindow({ webPreferences: { sandbox: false, contextIsolation: false, nodeIntegration: true } });
JS`,
    ]);
    const result = await scan(dir);
    expect(result.unsuppressed.map((f) => f.id)).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
    );
  });
});
