import { describe, expect, it } from 'vitest';
import { demoClinicInChromium, gotoApp, screenshot, watchPage } from '../support/browser';

/**
 * The audit log at 1280×720 on the demo clinic, after the practitioner opened Review five times:
 * her looks are one line with a count and a span, opened from the keyboard to show each; every
 * row is one line, and the page does not scroll sideways.
 */
describe('the audit log at 1280×720', () => {
  const clinic = demoClinicInChromium('audit-log');

  it('groups consecutive identical looks by one person into one line with a count and span, expandable, one line a row', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    // The start-up backup and its restore drill run off the calls' path (issue 38) and write their
    // own rows when they end; the looks are made after them, so no system row lands inside the run.
    await gotoApp(page, `${clinic.preview.url}#/audit`);
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.waitForSelector('table.audit tbody tr');
          return page.locator('table.audit tbody').textContent();
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toContain('restore drill');
    await gotoApp(page, `${clinic.preview.url}#/review`);
    await page.waitForSelector('table.review tbody tr');
    for (let i = 0; i < 4; i++) {
      await page.reload();
      await page.waitForSelector('table.review tbody tr');
    }
    await gotoApp(page, `${clinic.preview.url}#/audit`);
    await page.waitForSelector('table.audit tbody tr');

    // The newest line is Review's run (the audit log's own look sits above it once it is read).
    const run = page.locator('table.audit tbody tr', { has: page.locator('button.audit-count') }).first();
    const count = run.locator('button.audit-count');
    await expect.poll(() => count.textContent()).toMatch(/^view × [5-9] ▾$/);
    expect(await run.locator('td').nth(4).textContent()).toBe('review');
    // Its span, the day written once ("Dec 6, 2026, 10:02 AM – 10:03 AM"), or one time within a minute.
    expect(await run.locator('td').first().textContent()).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M( – \d{1,2}:\d{2} [AP]M)?$/);

    // Every row is one line: no row is taller than the table's shortest by more than a few pixels.
    const heights = await page.locator('table.audit tbody tr').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    expect(Math.max(...heights) - Math.min(...heights)).toBeLessThan(4);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBe(0);
    const visible = await page
      .locator('table.audit tbody tr')
      .evaluateAll((rows) => rows.filter((r) => r.getBoundingClientRect().bottom <= window.innerHeight).length);
    expect(visible).toBeGreaterThanOrEqual(10);
    await screenshot(page, 'audit-log-1280x720', { fullPage: false });

    // Opened from the keyboard: each look of the run under it; closed again.
    const n = Number((await count.textContent())!.match(/× (\d+)/)![1]);
    await count.focus();
    await page.keyboard.press('Enter');
    expect(await count.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => page.locator('tr.audit-run-entry').count()).toBe(n);
    await screenshot(page, 'audit-log-run-opened', { fullPage: false });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr.audit-run-entry').count()).toBe(0);

    // Changes stand alone: filtered to updates, no line is a run.
    await page.selectOption('select[name="action"]', 'update');
    await expect.poll(() => page.locator('table.audit tbody tr td:nth-child(4)').allTextContents()).not.toContain('view');
    expect(await page.locator('button.audit-count').count()).toBe(0);
    expect(watch.problems).toEqual([]);
  });
});
