import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

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
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `tests/harness/preview.ts` as its own process, exactly as `npm run preview` does. */
export function startPreview(dbFile: string): Promise<Preview> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/harness/preview.ts', '--db', dbFile], {
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
        resolve({
          url: m[1]!,
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

/** Screenshots land here so a person can look at what the tests saw. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const dir = join('tests', '.artifacts');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: options.fullPage ?? true });
}

/** Fails the test on any console error or failed request: a clean page is part of done. */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  return { problems };
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

/**
 * A data file made by `fill`, served by the harness to a launched Chromium for a whole describe
 * block. Read `browser` and `preview` inside tests: they are set in beforeAll.
 */
function servedInChromium(name: string, fileName: string, fill: (dbFile: string) => void) {
  const clinic = {
    dbFile: join(mkdtempSync(join(tmpdir(), `needlebook-${name}-`)), fileName),
    browser: undefined as unknown as Browser,
    preview: undefined as unknown as Preview,
  };
  beforeAll(async () => {
    fill(clinic.dbFile);
    [clinic.browser, clinic.preview] = await Promise.all([launchChromium(), startPreview(clinic.dbFile)]);
  });
  afterAll(async () => {
    await clinic.preview?.stop();
    await clinic.browser?.close();
  });
  return clinic;
}

/** The demo clinic in a fresh file; `prepare` changes the file before it is served (as another tool would). */
export function demoClinicInChromium(name: string, prepare?: (dbFile: string) => void) {
  return servedInChromium(name, 'demo.db', (dbFile) => {
    execFileSync(process.execPath, ['electron/needlebook.mjs', 'demo', '--db', dbFile]);
    prepare?.(dbFile);
  });
}

/** A new, empty data file: the test sets up the clinic it needs. */
export function newClinicInChromium(name: string) {
  return servedInChromium(name, 'clinic.db', () => undefined);
}
