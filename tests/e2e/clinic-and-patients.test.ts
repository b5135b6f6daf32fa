import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoApp, launchChromium, screenshot, startPreview, watchPage, type Preview } from '../support/browser';

describe('clinic setup and patients in Chromium', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  const dbFile = join(mkdtempSync(join(tmpdir(), 'needlebook-e2e-')), 'clinic.db');

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await preview?.stop();
    await browser?.close();
  });

  it('refuses a bad NPI with a field error, saves a good one, adds a patient, and keeps both across a restart', async () => {
    preview = await startPreview(dbFile);
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const watch = watchPage(page);
    await gotoApp(page, `${preview.url}#/settings`);

    // Clinic
    await page.fill('input[name="name"]', 'Stride Acupuncture & Sports Recovery');
    await page.fill('input[name="taxId"]', '123456789');
    await page.click('button:has-text("Save clinic")');
    await expect.poll(() => page.textContent('[data-field-error="taxId"]')).toBe('Tax ID (EIN) must look like 12-3456789');
    // What was typed is still there after the failed save.
    expect(await page.inputValue('input[name="name"]')).toBe('Stride Acupuncture & Sports Recovery');
    await page.fill('input[name="taxId"]', '93-1234567');
    await page.click('button:has-text("Save clinic")');
    await expect.poll(() => page.textContent('.brand-clinic')).toBe('Stride Acupuncture & Sports Recovery');

    // Provider with an invalid NPI
    await page.click('button:has-text("Add provider")');
    const form = page.locator('form[aria-label="New provider"]');
    await form.locator('input[name="name"]').fill('Mara Quinn');
    await form.locator('input[name="npi"]').fill('1234567890');
    await form.locator('input[name="licenseNumber"]').fill('AC-2291');
    await form.locator('input[name="licenseState"]').fill('OR');
    await form.locator('button:has-text("Save provider")').click();
    await expect.poll(() => form.locator('[data-field-error="npi"]').textContent()).toBe('NPI check digit does not match — re-check the number');
    await screenshot(page, 'provider-npi-error');
    expect(await form.locator('input[name="licenseNumber"]').inputValue()).toBe('AC-2291');
    await form.locator('input[name="npi"]').fill('1234567893');
    await form.locator('button:has-text("Save provider")').click();
    await expect.poll(() => page.locator('table.grid td.mono').first().textContent()).toBe('1234567893');
    await screenshot(page, 'settings');

    // The clinic's billing NPI: the same number as Mara's rendering NPI is a warning; an organisation NPI starting with 1 is taken.
    await page.fill('input[name="npi"] >> nth=0', '1234567893');
    await page.waitForSelector('[data-testid="same-npi"]');
    expect(await page.textContent('[data-testid="same-npi"]')).toContain('same number as Mara Quinn’s rendering NPI (box 24J)');
    await screenshot(page, 'settings-same-npi');
    await page.fill('input[name="npi"] >> nth=0', '1456789019');
    expect(await page.locator('[data-testid="same-npi"]').count()).toBe(0);
    await page.click('button:has-text("Save clinic")');
    await expect
      .poll(() => page.evaluate(async () => ((await window.needlebook.getClinic({})) as { ok: true; value: { npi: string | null } }).value.npi))
      .toBe('1456789019');

    // A new patient appears in the list
    await page.click('nav a:has-text("Patients")');
    await page.click('a:has-text("New patient")');
    await page.fill('input[name="firstName"]', 'Ana');
    // Leaving with unsaved typing asks first; declining keeps every character.
    const dialogs: string[] = [];
    page.once('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.click('nav[aria-label="Main"] a:has-text("Settings")');
    await expect.poll(() => dialogs).toEqual(['You have unsaved changes on this screen. Leave without saving them?']);
    expect(await page.textContent('h1')).toBe('New patient');
    expect(await page.inputValue('input[name="firstName"]')).toBe('Ana');
    await page.fill('input[name="lastName"]', 'Reyes');
    await page.fill('input[name="dateOfBirth"]', '1990-04-02');
    await page.selectOption('select[name="sex"]', 'female');
    await page.fill('input[name="weeklyVolume"]', '64');
    await page.selectOption('select[name="trainingPhase"]', 'peak');
    await page.click('button:has-text("Add race")');
    await page.fill('input[name="races.0.name"]', 'Portland Marathon');
    // Next year, so it is still upcoming whatever day the test runs.
    await page.fill('input[name="races.0.date"]', `${new Date().getFullYear() + 1}-10-04`);
    await page.fill('input[name="races.0.distance"]', 'Marathon');
    await page.fill('input[name="longRun"]', '80');
    await page.click('button:has-text("Create patient")');
    await expect.poll(() => page.textContent('[data-field-error="longRun"]')).toBe('Long run cannot be longer than the weekly volume');
    await page.fill('input[name="longRun"]', '24');
    await page.click('button:has-text("Create patient")');
    await expect.poll(() => page.textContent('h1')).toBe('Ana Reyes');
    await screenshot(page, 'patient-form');
    await page.click('a:has-text("← Patients")');
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain('Reyes, Ana');
    expect(watch.problems).toEqual([]);

    // A new harness process on the same file: everything is still there.
    await preview.stop();
    preview = await startPreview(dbFile);
    await gotoApp(page, `${preview.url}#/patients`);
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain('Reyes, Ana');
    expect(await page.locator('tbody tr').first().textContent()).toContain('Portland Marathon');
    await screenshot(page, 'patient-list');
    await page.click('nav[aria-label="Main"] a:has-text("Settings")');
    await expect.poll(() => page.locator('table.grid tbody tr').first().textContent()).toContain('Mara Quinn');
    expect(await page.inputValue('input[name="taxId"]')).toBe('93-1234567');
    await page.close();
  });
});
