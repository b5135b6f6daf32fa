import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract';
import { REFERENCE_LINKS } from '../../shared/reference-links';
import { gotoApp, launchChromium, screenshot, startPreview, type Preview } from '../support/browser';

describe('the renderer in Chromium', () => {
  let browser: Browser;
  let preview: Preview;
  beforeAll(async () => {
    [browser, preview] = await Promise.all([launchChromium(), startPreview(join(mkdtempSync(join(tmpdir(), 'needlebook-sec-')), 's.db'))]);
  });
  afterAll(async () => {
    await preview?.stop();
    await browser?.close();
  });

  it('sees exactly the contract on window.needlebook and no Node', async () => {
    const page = await browser.newPage();
    await gotoApp(page, preview.url);
    await page.waitForSelector('h1');
    const seen = await page.evaluate(() => ({
      keys: Object.keys(window.needlebook).sort(),
      frozen: Object.isFrozen(window.needlebook),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(seen).toEqual({ keys: [...CHANNELS].sort(), frozen: true, require: 'undefined', process: 'undefined' });
    await page.close();
  });

  it('refuses inline and data: scripts under the CSP, and the policy allows no eval', async () => {
    const page = await browser.newPage();
    const console: string[] = [];
    page.on('console', (m) => console.push(m.text()));
    const response = await page.goto(preview.url);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self';/);
    expect(response!.headers()['content-security-policy']).not.toMatch(/unsafe-(inline|eval)/);
    await page.waitForSelector('h1');
    await page.evaluate(async () => {
      const inline = document.createElement('script');
      inline.textContent = 'window.injectedInline = true';
      document.body.appendChild(inline);
      const data = document.createElement('script');
      data.src = 'data:text/javascript,window.injectedData=true';
      document.body.appendChild(data);
      await new Promise((r) => setTimeout(r, 200));
    });
    const ran = await page.evaluate(() => {
      const w = window as unknown as { injectedInline?: boolean; injectedData?: boolean };
      return { inline: w.injectedInline === true, data: w.injectedData === true };
    });
    expect(ran).toEqual({ inline: false, data: false });
    expect(console.filter((c) => c.includes('Content Security Policy')).length).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it('shows a calm loading state while the database is still opening, then the app', async () => {
    const page = await browser.newPage();
    // Hold the first answer back, as a database process that is still starting would.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/getClinic', async (route) => {
      await held;
      await route.continue();
    });
    await gotoApp(page, `${preview.url}#/patients`);
    const status = page.getByRole('status');
    await status.waitFor();
    expect(await status.textContent()).toBe('Opening your records…');
    await screenshot(page, 'startup-loading', { fullPage: false });
    release();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    expect(await page.getByText('Opening your records…').count()).toBe(0);
    await page.close();
  });

  it('opens the reference pages in a new window only (Electron then asks before the system browser does)', async () => {
    const page = await browser.newPage();
    await gotoApp(page, `${preview.url}#/settings/references`);
    const links = page.getByRole('region', { name: 'References' }).getByRole('link');
    await links.first().waitFor();
    expect(await links.count()).toBe(5);
    for (const link of await links.all()) {
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toBe('noreferrer');
      // Exactly an allowlisted address: nothing the page could add to it.
      expect(REFERENCE_LINKS.map((l) => l.url)).toContain(await link.getAttribute('href'));
    }
    await page.close();
  });
});
