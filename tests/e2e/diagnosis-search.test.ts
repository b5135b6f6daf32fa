import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoApp, launchChromium, screenshot, startPreview, watchPage, type Preview } from '../support/browser';

describe('choosing ICD-10-CM codes from the keyboard in Chromium', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  const dbFile = join(mkdtempSync(join(tmpdir(), 'needlebook-dx-')), 'clinic.db');

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await preview?.stop();
    await browser?.close();
  });

  it('finds codes by runner’s words, by code and by words, adds them with the keyboard, and saves the set’s descriptions', async () => {
    preview = await startPreview(dbFile);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const watch = watchPage(page);
    await gotoApp(page, preview.url);
    const patientId = await page.evaluate(async () => {
      const nb = window.needlebook;
      await nb.saveClinic({ name: 'Stride Acupuncture', taxId: '93-4417820' });
      await nb.saveProvider({ name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' });
      const p = await nb.savePatient({ firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female', primarySport: 'Marathon' });
      return p.ok ? p.value.id : 0;
    });

    await gotoApp(page, `${preview.url}#/patients/${patientId}`);
    await page.click('a:has-text("Open a case")');
    await page.fill('input[name="conditionText"]', 'Shin pain and calf cramps');
    await page.fill('input[name="onsetDate"]', '2026-02-16');
    await page.fill('input[name="startDate"]', '2026-03-02');

    const search = page.locator('input[name="diagnosisSearch"]');
    // The runner's words: the catalog's condition leads, labelled with its name.
    await search.fill('shin splints');
    await page.waitForSelector('[role="listbox"][aria-label="ICD-10-CM codes"] li');
    expect(await page.textContent('[role="listbox"][aria-label="ICD-10-CM codes"] li >> nth=0')).toContain('S86.891A');
    await screenshot(page, 'diagnosis-search-shin-splints');
    await search.press('Enter');
    await expect.poll(() => page.inputValue('input[name="diagnoses.0.code"]')).toBe('S86.891A');

    // A header typed as a code shows its billable codes: the arrow keys pick the calf.
    await search.fill('M62.83');
    await expect.poll(() => page.locator('[role="listbox"][aria-label="ICD-10-CM codes"] li').count()).toBe(3);
    await search.press('ArrowDown');
    await search.press('ArrowDown');
    await search.press('Enter');
    await expect.poll(() => page.inputValue('input[name="diagnoses.1.code"]')).toBe('M62.831');
    expect(await page.textContent('[data-testid="diagnoses.1.description"]')).toBe('Muscle spasm of calf');

    // Words in any order, accents and case ignored.
    await search.fill('TENDINITIS achilles left');
    await expect.poll(() => page.textContent('[role="listbox"][aria-label="ICD-10-CM codes"] li >> nth=0')).toContain('M76.62');
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    await screenshot(page, 'diagnosis-search-case-form');

    await page.click('button:has-text("Open case")');
    await page.waitForSelector('#case-title');
    const saved = await page.evaluate(async (id) => {
      const cases = await window.needlebook.listCases({ patientId: id });
      return cases.ok ? cases.value[0]!.diagnoses.map((d) => `${d.code} ${d.description}`) : [];
    }, patientId);
    expect(saved).toEqual([
      'S86.891A Other injury of other muscle(s) and tendon(s) at lower leg level, right leg, initial encounter',
      'M62.831 Muscle spasm of calf',
    ]);
    expect(watch.problems).toEqual([]);
  });
});
