import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoClinicInChromium, gotoApp, screenshot } from '../support/browser';

/**
 * A data file damaged on disk (pages overwritten near its end, after a backup was made): past the
 * recovery screen's "Open read-only", the app shows it read-only with a banner, refuses a save by name while the form keeps what was typed,
 * and the banner's button restores the latest good backup.
 */
describe('a damaged data file in Chromium', () => {
  const clinic = demoClinicInChromium('damaged', (file) => {
    execFileSync(process.execPath, ['electron/needlebook.mjs', 'backup', '--db', file]);
    const pages = Math.floor(statSync(file).size / 4096);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0xa5), 0, 4096 * 3, (pages - 5) * 4096);
    closeSync(fd);
  });

  it('opens read-only with a banner, keeps a refused edit in the form, and restores the latest good backup', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The recovery screen comes first (tests/e2e/recovery.test.ts); what is intact is one click away.
    await page.goto(`${clinic.preview.url}#/patients/1`);
    await page.getByTestId('recovery').getByRole('button', { name: 'Open read-only' }).click();
    await gotoApp(page, `${clinic.preview.url}#/patients/1`);
    const banner = page.getByTestId('integrity-banner');
    await expect.poll(() => banner.textContent()).toMatch(/^The data file is damaged \(SQLite quick_check: .+\)\. Needlebook opened it read-only/);
    await screenshot(page, 'damaged-file-banner', { fullPage: false });

    const firstName = page.getByLabel('First name');
    await expect.poll(() => firstName.inputValue()).not.toBe('');
    const original = await firstName.inputValue();
    await firstName.fill('Typedwhiledamaged');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => page.locator('.form-status-error').textContent())
      .toMatch(/^Not saved: The data file is damaged, so Needlebook opened it read-only\. Nothing was saved\./);
    expect(await firstName.inputValue()).toBe('Typedwhiledamaged');
    await screenshot(page, 'damaged-file-save-refused', { fullPage: false });

    await banner.getByRole('button', { name: 'Restore the latest good backup' }).click();
    await page.waitForSelector('form[aria-label="Sign in"]');
    await gotoApp(page, `${clinic.preview.url}#/patients/1`);
    await expect.poll(() => page.getByLabel('First name').inputValue()).toBe(original);
    expect(await page.getByTestId('integrity-banner').count()).toBe(0);
    expect(readdirSync(join(dirname(clinic.dbFile), 'backups')).filter((n) => /^damaged-.*\.db$/.test(n))).toHaveLength(1);
  });
});
