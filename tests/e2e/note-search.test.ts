import { describe, expect, it } from 'vitest';
import { demoClinicInChromium, gotoApp, screenshot, watchPage } from '../support/browser';

/** "When did I last needle BL57 on her?": what was needled is found as the notes are. */
describe('note search finds what was needled, in Chromium', () => {
  const clinic = demoClinicInChromium('note-search');

  it('finds ST36 and gastrocnemius in the demo clinic’s treatments, newest first, each linking to its visit', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, `${clinic.preview.url}#/search`);
    const results = page.locator('ol.search-results li');
    for (const query of ['ST36', 'gastroc']) {
      await page.fill('input[name="note-search"]', query);
      await expect.poll(() => results.count(), { timeout: 5000 }).toBeGreaterThan(0);
      expect(await results.first().textContent()).toContain('in the treatment');
      if (query === 'ST36') await screenshot(page, 'note-search-st36', { fullPage: false });
    }
    await results.first().locator('a').first().click();
    // A change of the hash fires no load event, so the address is polled rather than awaited.
    await expect.poll(() => page.url()).toMatch(/#\/visits\/\d+/);
    // Focus lands on the opened visit's heading, not on the page body.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('visit-title');
    expect(watch.problems).toEqual([]);
  });
});
