import { describe, expect, it } from 'vitest';
import { demoClinicInChromium, gotoApp, screenshot, watchPage } from '../support/browser';

/** Review on a 1280×720 laptop: every column in view, nothing cut, no sideways scroll. */
describe('Review at 1280×720', () => {
  const clinic = demoClinicInChromium('review-fit');

  it('has no horizontal scroll and shows every column, flags and next race included', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, clinic.preview.url);
    await page.waitForSelector('table.review tbody tr');
    const fit = await page.evaluate(() => {
      const root = document.scrollingElement!;
      const table = document.querySelector('table.review')!;
      const cells = [...table.querySelectorAll('th, td')] as HTMLElement[];
      return {
        page: root.scrollWidth - root.clientWidth,
        tableRight: table.getBoundingClientRect().right,
        viewport: window.innerWidth,
        clipped: cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent),
        headers: [...table.querySelectorAll('th')].map((th) => th.textContent?.trim()),
      };
    });
    await screenshot(page, 'review-1280x720', { fullPage: false });
    expect(fit.page).toBe(0);
    expect(fit.tableRight).toBeLessThanOrEqual(fit.viewport);
    expect(fit.clipped).toEqual([]);
    expect(fit.headers.join(' | ')).toMatch(/Flags.*Next race|Next race.*Flags/);
    expect(watch.problems).toEqual([]);
  });

  it('opens Discharge in view with its date focused; Escape closes it and focus returns to the button', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, clinic.preview.url);
    await page.click('table.review tbody tr a.row-link >> nth=0');
    await page.waitForSelector('.case-flags, .timeline');
    await page.click('button:has-text("Discharge")');
    const form = page.locator('form[aria-label="Discharge"]');
    await form.waitFor();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('dischargedOn');
    const box = (await form.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + Math.min(box.height, 200)).toBeLessThanOrEqual(720);
    await screenshot(page, 'discharge-open', { fullPage: false });
    await page.keyboard.press('Escape');
    await expect.poll(() => form.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Discharge');
    expect(watch.problems).toEqual([]);
  });
});
