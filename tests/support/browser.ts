import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Channel, InputOf, ResultOf } from '../../shared/contract';
import type { Outcome } from '../../shared/outcome';
import { launchChromium, startPreview, type Preview } from './processes';

export { chromiumPath, gotoApp, launchChromium, startPreview, type Preview } from './processes';

/** Clicks what starts a download and keeps the file in a folder of its own, under the name the app suggested. */
export async function saveDownload(page: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = join(mkdtempSync(join(tmpdir(), 'needlebook-dl-')), download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

/** Screenshots land here so a person can look at what the tests saw. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const dir = join('tests', '.artifacts');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: options.fullPage ?? true });
}

/**
 * Calls the contract from inside the page, through `window.needlebook` as the screens do, for
 * setting up what a test needs; a refusal fails the test with its message.
 */
export function contractIn(page: Page) {
  return async <C extends Channel>(channel: C, input: InputOf<C>): Promise<ResultOf<C>> => {
    const outcome = await page.evaluate(([c, i]) => (window.needlebook[c as Channel] as (input: unknown) => Promise<unknown>)(i), [channel, input] as const);
    const o = outcome as Outcome<ResultOf<C>>;
    if (!o.ok) throw new Error(`${channel}: ${o.error.message}`);
    return o.value;
  };
}

/** Sets up the tests' clinic through the page's contract: Stride Acupuncture and its provider, Mara Quinn (returned). */
export async function strideClinicIn(page: Page) {
  const call = contractIn(page);
  await call('saveClinic', { name: 'Stride Acupuncture', taxId: '93-4417820' });
  // A second test on the same clinic finds her there already.
  const here = (await call('listProviders', {})).find((p) => p.npi === '1234567893');
  return here ?? call('saveProvider', { name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' });
}

/** Fails the test on any console error or failed request: a clean page is part of done. */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // A read still in flight when the page reloads or navigates is cancelled by the browser
  // (net::ERR_ABORTED): nothing failed. Any other failure is a problem.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? 'no reason'})`);
  });
  return { problems };
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
    execFileSync(process.execPath, ['electron/needlebook.mjs', 'demo', '--db', dbFile, '--unencrypted']);
    prepare?.(dbFile);
  });
}

/** A new, empty data file: the test sets up the clinic it needs. */
export function newClinicInChromium(name: string) {
  return servedInChromium(name, 'clinic.db', () => undefined);
}
