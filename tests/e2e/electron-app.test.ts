import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract';
import { electronBinary, NO_ELECTRON_REASON } from '../support/electron-binary';

// The test runner leaves this file out where there is no binary (tests/vitest.config.ts says why);
// run directly on such a machine, the test skips with the same reason.
const binary = electronBinary();

describe('the real Electron app', () => {
  it.skipIf(!binary)(`opens a hardened window on a fresh data file${binary ? '' : ` — skipped: ${NO_ELECTRON_REASON}`}`, async () => {
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
    const db = join(mkdtempSync(join(tmpdir(), 'needlebook-electron-')), 'e.db');
    const app = await _electron.launch({ executablePath: binary!, args: ['.', '--db', db] });
    try {
      const window = await app.firstWindow();
      await window.waitForSelector('h1');
      expect(window.url()).toMatch(/^app:\/\/needlebook\//);
      const keys = await window.evaluate(() => Object.keys((globalThis as unknown as { needlebook: object }).needlebook).sort());
      expect(keys).toEqual([...CHANNELS].sort());
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      // Navigation away is refused: the page stays on the app.
      await window.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(window.url()).toMatch(/^app:\/\/needlebook\//);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
