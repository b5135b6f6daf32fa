import BetterSqlite3 from 'better-sqlite3';
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
});
