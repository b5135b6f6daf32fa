import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoClinicInChromium, gotoApp, screenshot, watchPage } from '../support/browser';
import { readPdf } from '../support/pdf';

/** A patient's account as the front desk reads it: every charge, the balance per visit, a superbill of the last billed month. */
describe('the patient account on the demo clinic', () => {
  const clinic = demoClinicInChromium('account');

  it('lists every signed visit with its balance, money right-aligned, and offers the latest billed month for the superbill', async () => {
    const db = new BetterSqlite3(clinic.dbFile, { readonly: true });
    const busiest = db
      .prepare(
        `SELECT c.patient_id AS id, count(*) AS visits, max(substr(v.started_at, 1, 7)) AS month FROM visit v JOIN care_case c ON c.id = v.case_id
          WHERE v.signed_at IS NOT NULL AND EXISTS (SELECT 1 FROM billing_line b WHERE b.visit_id = v.id) GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      )
      .get() as { id: number; visits: number; month: string };
    const signed = (
      db
        .prepare('SELECT count(*) AS n FROM visit v JOIN care_case c ON c.id = v.case_id WHERE c.patient_id = ? AND v.signed_at IS NOT NULL')
        .get(busiest.id) as { n: number }
    ).n;
    db.close();
    expect(signed).toBeGreaterThan(12);

    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, `${clinic.preview.url}#/patients/${busiest.id}`);
    const rows = page.locator('.account-visits tbody tr');
    await expect.poll(() => rows.count()).toBe(signed);
    for (const header of ['Charged', 'Paid', 'Balance']) {
      const th = page.locator(`.account-visits th:has-text("${header}")`);
      expect(await th.evaluate((el) => getComputedStyle(el).textAlign)).toBe('right');
    }
    expect(await page.inputValue('input[name="superbill-from"]')).toBe(`${busiest.month}-01`);
    await page.locator('.account').scrollIntoViewIfNeeded();
    await screenshot(page, 'patient-account', { fullPage: false });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Superbill for these dates (PDF)")')]);
    const file = join(mkdtempSync(join(tmpdir(), 'needlebook-account-')), download.suggestedFilename());
    await download.saveAs(file);
    expect(readPdf(file).text).toMatch(/Total charged/);
    expect(watch.problems).toEqual([]);
  });

  it('opens a patient on cases first, one overview line under the name, and jumps to each section from a bar that stays in view', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, `${clinic.preview.url}#/patients/1`);
    // Every section has read its data (each reads its own) before the bar is used.
    for (const id of ['cases-title', 'account-title', 'safety-title', 'details-title']) await page.waitForSelector(`#${id}`);
    expect(await page.locator('.overview').textContent()).toMatch(/^Born \w{3} \d{1,2}, \d{4}/);
    // Cases are on the first screen, not below the demographics.
    const casesTop = await page.locator('#cases-title').evaluate((el) => el.getBoundingClientRect().top);
    expect(casesTop).toBeLessThan(720);
    const inView = (id: string) =>
      page.locator(`#${id}`).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
    for (const [label, id] of [
      ['Account', 'account-title'],
      ['Safety & consents', 'safety-title'],
      ['Records out', 'records-out-title'],
      ['Details', 'details-title'],
      ['Cases', 'cases-title'],
    ] as const) {
      await page.click(`nav[aria-label="Patient sections"] button:has-text("${label}")`);
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(id);
      expect(await inView(id), `${label} heading in view`).toBe(true);
      // The bar and the sidebar are still on screen, wherever the page is.
      expect(await page.locator('nav[aria-label="Patient sections"]').evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
      expect(await page.locator('nav[aria-label="Main"] a:has-text("Review")').evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
      if (label === 'Account') await screenshot(page, 'patient-sections-account', { fullPage: false });
    }
    await screenshot(page, 'patient-sections', { fullPage: false });
    expect(watch.problems).toEqual([]);
  });
});
