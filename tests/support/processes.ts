import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Chromium and the preview harness as separate processes, with nothing of the test runner: the
 * end-to-end tests (tests/support/browser.ts) and the bench's screen figures (tests/bench/ui.ts) both
 * start them this way.
 */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: install Debian's chromium or set CHROMIUM_PATH`);
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true });
}

export interface Preview {
  url: string;
  /** What the harness said its host took to open the database, ms (null if it did not say). */
  openMs: number | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `tests/harness/preview.ts` as its own process, exactly as `npm run preview` does. */
export function startPreview(dbFile: string, extra: string[] = [], nodeFlags: string[] = []): Promise<Preview> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'tests/harness/preview.ts', '--db', dbFile, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`preview did not start: ${errors}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Needlebook preview: (http:\/\/127\.0\.0\.1:\d+\/\?key=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const opened = /Database opened in (\d+) ms/.exec(out);
        resolve({
          url: m[1]!,
          openMs: opened ? Number(opened[1]) : null,
          process: child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`preview exited with ${code}: ${errors}`));
    });
  });
}

/**
 * Opens the app at `url` and, when it asks who is charting (the clinic has providers), signs in
 * as the first one the way a practitioner does. The harness keeps the session for later pages.
 */
export async function gotoApp(page: Page, url: string, as?: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('.app, .sign-in');
  if (await page.locator('form[aria-label="Sign in"]').count()) {
    if (as) await page.getByLabel(as).check();
    await page.locator('form[aria-label="Sign in"] button[type="submit"]').click();
    await page.waitForSelector('.app');
  }
}
