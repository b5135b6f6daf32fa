import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoClinicInChromium, gotoApp, screenshot, watchPage } from '../support/browser';
import type { CaseDetail } from '../../shared/timeline';
import { readPdf } from '../support/pdf';

describe('the review dashboard on the demo clinic', () => {
  const clinic = demoClinicInChromium('review');

  it('filters "not improving", opens a case with its charts, records a re-assessment, and the flag clears', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const watch = watchPage(page);
    await gotoApp(page, clinic.preview.url);
    await page.waitForSelector('table.review tbody tr');
    expect(await page.textContent('h1')).toBe('Review');
    // The demo's drafts, the oldest two months old, are listed and marked overdue.
    const unsigned = page.getByTestId('unsigned-notes');
    expect(await unsigned.locator('h2').textContent()).toMatch(/^Unsigned notes \d+\d+ older than a day$/);
    expect(await unsigned.locator('li.unsigned-stale').count()).toBeGreaterThan(0);
    expect(await unsigned.locator('li').first().textContent()).toMatch(/^Visit of .+ · .+ · .+ · .+ · unsigned \d+ days$/);
    expect(await page.getByTestId('missing-consents').textContent()).toMatch(/^1 patient has care charted without its signed consent on file\./);
    await screenshot(page, 'review-dashboard');

    const notImproving = page.locator('button.filter:has-text("Not improving")');
    const before = Number(await notImproving.locator('.count').textContent());
    expect(before).toBeGreaterThan(0);
    await notImproving.click();
    await expect.poll(() => page.locator('table.review tbody tr').count()).toBe(before);
    const flagCells = await page.locator('table.review tbody td:nth-child(7)').allTextContents();
    for (const flags of flagCells) expect(flags).toMatch(/No meaningful change|Worsening: re-assess and consider referral/);
    // Worse comes first: above any number of other flags, with the change that made it so.
    expect(flagCells[0]).toMatch(/^Worsening: re-assess and consider referral \(Pain \d+ → \d+/);
    await screenshot(page, 'review-not-improving-or-worse', { fullPage: false });

    await page.click('table.review tbody tr:has(td:nth-child(7):has-text("No meaningful change")) a.row-link >> nth=0');
    await page.waitForSelector('.case-flags');
    expect(await page.textContent('.case-flags')).toContain('reconsider the approach');
    await page.waitForSelector('figure.chart-card svg .recharts-line');
    // Pain is drawn; a measure scored once so far is stated in words until its second score.
    expect(await page.locator('.chart-card').count()).toBeGreaterThanOrEqual(2);
    for (const single of await page.locator('p.chart-single').allTextContents()) expect(single).toMatch(/appears with the (second visit|next assessment)\.$/);
    // Charts are named by their figure and are not tab stops; the dashed line is the score a meaningful change reaches.
    expect(await page.locator('figure.chart-card [tabindex]:not([tabindex="-1"])').count()).toBe(0);
    expect(await page.locator('figure.chart-card').first().getAttribute('aria-label')).toBeTruthy();
    expect(await page.locator('figure.chart-card .recharts-reference-line').allTextContents()).not.toContainEqual(expect.stringMatching(/^MCID/));
    await screenshot(page, 'case-progress');

    // The progress report arrives as a download (Electron opens a save dialog for it).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Progress report (PDF)")')]);
    expect(download.suggestedFilename()).toMatch(/ progress \d{4}-\d{2}-\d{2}\.pdf$/);
    const saved = join(mkdtempSync(join(tmpdir(), 'needlebook-dl-')), download.suggestedFilename());
    await download.saveAs(saved);
    const report = readPdf(saved);
    expect(report.text).toContain(
      await page
        .locator('a.back')
        .textContent()
        .then((t) => t!.replace('← ', '')),
    );
    expect(report.text).toContain('No meaningful change after');

    // What would be a meaningful change on this case's main measure.
    const caseId = Number(page.url().split('/').pop());
    const detail = (await page.evaluate((id) => window.needlebook.getCase({ id }), caseId)) as { ok: true; value: CaseDetail };
    const main = detail.value.progress.change.measures.find((m) => m.measure !== 'groc')!;
    const improved = main.first.score + main.mcid + 1;

    await page.click('button:has-text("New assessment")');
    await page.waitForSelector('form[aria-label="Assessment"]');
    expect(await page.inputValue('#a-kind')).toBe('reassessment');
    await page.fill(`#score-${main.measure}`, String(improved));
    await page.fill('#a-assessmentText', 'Function clearly better after changing the approach.');
    await page.click('.sticky-actions button:has-text("Sign assessment")');
    await page.click('dialog.sign-dialog button:has-text("Sign as")');
    await page.waitForSelector('.pill-signed');
    await page.click('a.back');
    await page.waitForSelector('#case-title');
    await expect
      .poll(async () => (await page.locator('.case-flags').count()) === 0 || !(await page.textContent('.case-flags'))?.includes('reconsider'))
      .toBe(true);

    await page.click('nav a:has-text("Review")');
    await page.waitForSelector('table.review tbody tr');
    await expect.poll(async () => Number(await page.locator('button.filter:has-text("Not improving") .count').textContent())).toBe(before - 1);
    expect(watch.problems).toEqual([]);
    await page.close();
  });

  it('discharges a case, refuses a reopening without a reason, and reopens it with one', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    const raw = new BetterSqlite3(clinic.dbFile, { readonly: true });
    const { id } = raw.prepare("SELECT id FROM care_case WHERE status = 'active' ORDER BY id DESC LIMIT 1").get() as { id: number };
    raw.close();
    await gotoApp(page, `${clinic.preview.url}#/cases/${id}`);
    await page.getByRole('button', { name: 'Discharge' }).click();
    const discharge = page.locator('form[aria-label="Discharge"]');
    await discharge.getByLabel('Reason').fill('Goals met; back to full training');
    await discharge.getByRole('button', { name: 'Discharge' }).click();
    await page.getByRole('button', { name: 'Reopen case' }).click();
    expect(await page.getByRole('button', { name: 'New visit' }).count()).toBe(0);
    const reopen = page.locator('form[aria-label="Reopen"]');
    await reopen.getByRole('button', { name: 'Reopen' }).click();
    await reopen.getByText('Reason for reopening is required').waitFor();
    await reopen.getByLabel('Reason for reopening').fill('Flare-up after the half marathon');
    await screenshot(page, 'case-reopen', { fullPage: false });
    await reopen.getByRole('button', { name: 'Reopen' }).click();
    await page.getByRole('button', { name: 'New visit' }).waitFor();
    expect(watch.problems).toEqual([]);
  });
});
