import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoApp, launchChromium, screenshot, startPreview, watchPage } from '../support/browser';
import { DAMAGE, type DamageKind } from '../support/damage';
import { defaultBackupFolder } from '../../db/backup';
import { idFileOf } from '../../db/file-identity';

/**
 * Issue 32's table in Chromium: a demo clinic with a verified backup, then its data file damaged
 * each way a disk or sync accident leaves one. Whatever happened, the window shows the recovery
 * screen — never "Opening your records…" for ever, never a harness that exits — and one click on
 * Restore brings the records back.
 */
const KINDS: DamageKind[] = ['random pages', 'zeroed pages', 'cut short', 'header destroyed', 'empty', 'not a database'];

describe('the recovery screen, for every kind of damage', () => {
  const made = mkdtempSync(join(tmpdir(), 'needlebook-recovery-'));
  const original = join(made, 'demo.db');
  let browser: Browser;
  let firstName = '';

  beforeAll(async () => {
    execFileSync(process.execPath, ['electron/needlebook.mjs', 'demo', '--db', original, '--unencrypted']);
    execFileSync(process.execPath, ['electron/needlebook.mjs', 'backup', '--db', original]);
    const raw = new BetterSqlite3(original, { readonly: true });
    firstName = (raw.prepare('SELECT first_name AS n FROM patient WHERE id = 1').get() as { n: string }).n;
    raw.close();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(KINDS)('%s: says what is wrong, lists the backup with what it holds, and restores it in one click', async (kind) => {
    // A copy of the clinic and its backups folder, damaged: each kind on a file of its own.
    const dir = mkdtempSync(join(tmpdir(), 'needlebook-recovery-'));
    const file = join(dir, 'demo.db');
    cpSync(original, file);
    cpSync(defaultBackupFolder(original), defaultBackupFolder(file), { recursive: true });
    // The file's id beside it goes with it on every other kind (db/file-identity.ts); without it, a
    // destroyed header loses the id too, and every backup in the folder is offered.
    if (kind !== 'header destroyed') cpSync(idFileOf(original), idFileOf(file));
    DAMAGE[kind](file);

    const preview = await startPreview(file);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const watch = watchPage(page);
      await page.goto(preview.url);
      const screen = page.getByTestId('recovery');
      await expect.poll(() => page.getByTestId('recovery-problem').textContent()).toMatch(/^The data file (is|does|cannot)/);
      const table = screen.getByRole('table', { name: 'Latest good backups of this file' });
      await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
      expect(await table.locator('tbody tr').first().textContent()).toMatch(/36 patients, \d+ signed visits/);
      // "Open read-only" only where what is left still reads: the random pages here hit none the sign-in needs.
      if (kind === 'random pages') expect(await screen.getByRole('button', { name: 'Open read-only' }).count()).toBe(1);
      if (['header destroyed', 'empty', 'not a database'].includes(kind)) expect(await screen.getByRole('button', { name: 'Open read-only' }).count()).toBe(0);
      await screenshot(page, `recovery-${kind.replace(/ /g, '-')}`, { fullPage: false });

      await table.getByRole('button', { name: /^Restore the backup made / }).click();
      await page.waitForSelector('form[aria-label="Sign in"]');
      await gotoApp(page, `${preview.url}#/patients/1`);
      await expect.poll(() => page.getByLabel('First name').inputValue()).toBe(firstName);
      expect(await page.getByTestId('integrity-banner').count()).toBe(0);
      // The damaged file is kept, as it was, under a name with the time.
      expect(readdirSync(defaultBackupFolder(file)).filter((n) => /^damaged-\d{4}-\d{2}-\d{2}T[\d-]+Z\.db$/.test(n))).toHaveLength(1);
      expect(watch.problems).toEqual([]);
      await page.close();
    } finally {
      await preview.stop();
    }
    expect(existsSync(file)).toBe(true);
  });

  it('the database process died: the recovery screen instead of a dead window, and Restore brings the records back', async () => {
    // What the app's database process is started again with after the first one died
    // (electron/db-client.ts): it serves the recovery screen without opening the file.
    const dir = mkdtempSync(join(tmpdir(), 'needlebook-recovery-'));
    const file = join(dir, 'demo.db');
    cpSync(original, file);
    cpSync(defaultBackupFolder(original), defaultBackupFolder(file), { recursive: true });
    const preview = await startPreview(file, ['--recover-only']);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const watch = watchPage(page);
      await page.goto(preview.url);
      await expect
        .poll(() => page.getByTestId('recovery-problem').textContent())
        .toBe('The database process stopped unexpectedly while your data file was open.');
      await screenshot(page, 'recovery-process-died', { fullPage: false });
      await page.getByRole('button', { name: /^Restore the backup made / }).click();
      await page.waitForSelector('form[aria-label="Sign in"]');
      await gotoApp(page, `${preview.url}#/patients/1`);
      await expect.poll(() => page.getByLabel('First name').inputValue()).toBe(firstName);
      // The file opened whole, so it is kept as a backup the list offers, to undo the restore.
      expect(readdirSync(defaultBackupFolder(file)).filter((n) => n.startsWith('pre-restore-'))).toHaveLength(1);
      expect(watch.problems).toEqual([]);
    } finally {
      await preview.stop();
    }
  });
});
