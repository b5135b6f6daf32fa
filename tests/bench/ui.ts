import type { Page } from 'playwright-core';
import { gotoApp, launchChromium, startPreview } from '../support/processes';

/**
 * The bench's screen figures (`npm run bench -- --ui`): the bench clinic served by the preview
 * harness (its own process, the real service, the same file) to Debian's Chromium.
 * - Navigation → dashboard rows: from a click on Review in the sidebar to the first case row
 *   drawn, timed inside the page; and opening the app cold on Review, timed from navigation start.
 * - The month batch through the Superbills screen: from the click on Create superbills to the ZIP
 *   saved whole by the browser, to set beside the same batch through the service alone. Run as many
 *   times as the service's (the first in each pays for starting the threads), so medians compare
 *   like with like.
 */
export interface ScreenFigures {
  navigation: number[];
  coldOpen: number[];
  batchSeconds: number[];
}

/**
 * Clicks `link`, then waits for `selector` to be drawn: milliseconds measured by the page's own
 * clock. Sent as text: the bench runs through tsx, whose helpers do not exist in the page.
 */
const clickToRows = (page: Page, link: string, selector: string) =>
  page.evaluate(`new Promise((resolve) => {
    const start = performance.now();
    document.querySelector(${JSON.stringify(link)}).click();
    (function check() {
      if (document.querySelector(${JSON.stringify(selector)})) resolve(performance.now() - start);
      else requestAnimationFrame(check);
    })();
  })`) as Promise<number>;

const ROW = 'table.review tbody tr td';

export async function measureScreens(dbFile: string, month: string, runs: number, batchRuns: number): Promise<ScreenFigures> {
  const [preview, browser] = await Promise.all([startPreview(dbFile), launchChromium()]);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await gotoApp(page, `${preview.url}#/patients`);
    const navigation: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.click('a[href="#/patients"]');
      await page.waitForSelector('table');
      navigation.push(await clickToRows(page, 'a[href="#/review"]', ROW));
    }
    const coldOpen: number[] = [];
    for (let i = 0; i < Math.min(runs, 10); i++) {
      // A new document each time: a change of hash alone would keep the page and its clock.
      await page.goto('about:blank');
      await page.goto(`${preview.url}#/review`);
      await page.waitForSelector(ROW);
      coldOpen.push(await page.evaluate(() => performance.now()));
    }
    const batchSeconds: number[] = [];
    for (let i = 0; i < batchRuns; i++) {
      await page.goto('about:blank');
      await page.goto(`${preview.url}#/superbills`);
      await page.fill('input[name="month"]', month);
      const started = Date.now();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.click('button:has-text("Create superbills")')]);
      // The download starts with the answer's first bytes; it is timed to its last, on disk.
      await download.path();
      batchSeconds.push((Date.now() - started) / 1000);
    }
    return { navigation, coldOpen, batchSeconds };
  } finally {
    await browser.close();
    await preview.stop();
  }
}
