import { describe, expect, it } from 'vitest';
import { gotoApp, newClinicInChromium, screenshot, watchPage } from '../support/browser';

const ROWS = 'table.grid tbody tr';

/** The front desk types on an American keyboard: every spelling without accents finds the patient. */
describe('patients found by any spelling, in Chromium', () => {
  const clinic = newClinicInChromium('names');

  it('finds Łukasz O’Brien-Żółć and Nguyễn Thị Ánh by accent-free words, and shows their names as written', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, `${clinic.preview.url}#/patients`);
    await page.evaluate(async () => {
      const base = { dateOfBirth: '1988-02-14', sex: 'female' as const, volumeUnit: 'km' as const, races: [] };
      const names: [string, string][] = [
        ['Łukasz', "O'Brien-Żółć"],
        ['Nguyễn', 'Thị Ánh'],
        ['Ana', 'Reyes'],
      ];
      for (const [firstName, lastName] of names) {
        const saved = await window.needlebook.savePatient({ ...base, firstName, lastName });
        if (!saved.ok) throw new Error(saved.error.message);
      }
    });
    await page.reload();
    await page.waitForSelector(ROWS);
    const rows = async () => (await page.locator(`${ROWS} td:first-child`).allTextContents()).map((t) => t.trim()).join(' | ');
    const finds = async (words: string, expected: RegExp) => {
      await page.fill('input[name="search"]', words);
      await expect.poll(rows, { timeout: 5000 }).toMatch(expected);
    };
    for (const words of ['lukasz', 'zolc', 'obrien', 'brien lukasz']) await finds(words, /^O'Brien-Żółć, Łukasz$/);
    await screenshot(page, 'patient-search-accent-free');
    for (const words of ['nguyen', 'anh', 'thi anh']) await finds(words, /^Thị Ánh, Nguyễn$/);
    expect(watch.problems).toEqual([]);
  });
});
