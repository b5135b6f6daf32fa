import { describe, expect, it } from 'vitest';
import { demoClinicInChromium, gotoApp, screenshot, watchPage } from '../support/browser';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

/**
 * A signed visit changed through SQLite itself behind the app's back: opening the file shows the
 * banner, and Settings → Verify records names the visit. (Not the stock sqlite3 shell: one older
 * than 3.42 cannot write the note search index since migration 26 turned on FTS5 secure-delete.)
 */
describe('a data file changed outside Needlebook', () => {
  let visitId: number;
  const clinic = demoClinicInChromium('integrity', (file) => {
    const raw = new BetterSqlite3(file);
    visitId = (raw.prepare('SELECT id FROM visit WHERE signed_at IS NOT NULL ORDER BY id DESC LIMIT 1').get() as { id: number }).id;
    raw.exec(`DROP TRIGGER visit_signed_no_update; UPDATE visit SET pain_after = 0 WHERE id = ${visitId};`);
    raw.close();
  });

  it('shows the banner on open and names the altered visit under Verify records', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const watch = watchPage(page);
    await gotoApp(page, clinic.preview.url);
    const banner = page.getByTestId('integrity-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('1 signed record does not match its signature');
    expect(await banner.textContent()).toContain('1 record guard was missing or altered and has been put back');
    await screenshot(page, 'integrity-banner', { fullPage: false });

    await banner.getByRole('link').click();
    await page.getByRole('button', { name: 'Verify records' }).click();
    const result = page.locator('#verify [role="status"]');
    await result.waitFor();
    expect(await result.textContent()).toContain(`visit ${visitId} was altered after it was signed`);
    expect(await result.textContent()).toContain('guard visit_signed_no_update was missing or altered when the file opened');
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, 'integrity-verify-records', { fullPage: false });
    expect(watch.problems).toEqual([]);
  });
});
