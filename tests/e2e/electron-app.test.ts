import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract';

/** The Electron binary, if this machine has one (installs with ELECTRON_SKIP_BINARY_DOWNLOAD have none). */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const reason = 'no Electron binary here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the same renderer and service are covered through the loopback harness';
if (!binary) console.warn(`electron-app.test.ts skipped: ${reason}`);

describe('the real Electron app', () => {
  it.skipIf(!binary)(`opens a hardened window on a fresh data file${binary ? '' : ` — skipped: ${reason}`}`, async () => {
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
    execFileSync(process.execPath, ['build/electron-native.mjs'], { stdio: 'inherit' });
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
