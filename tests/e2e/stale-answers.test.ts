import { describe, expect, it } from 'vitest';
import { contractIn, gotoApp, newClinicInChromium, watchPage } from '../support/browser';

/**
 * An answer to older typing that arrives after the answer to newer typing never replaces it
 * (renderer/src/query.ts): forced here by holding the older answer back in the browser.
 */
describe('answers that arrive out of order', () => {
  const clinic = newClinicInChromium('stale-answers');

  it('keeps the patient list of the newest search when the older one answers last', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, `${clinic.preview.url}#/patients`);
    const call = contractIn(page);
    for (const [firstName, lastName] of [
      ['Mara', 'Quinn'],
      ['Marcus', 'Lee'],
      ['Amanda', 'Ng'],
    ] as const) {
      await call('savePatient', { firstName, lastName, dateOfBirth: '1990-01-01', sex: 'unknown', volumeUnit: 'km', races: [] });
    }
    await page.reload();
    await page.waitForSelector('tbody tr');

    // The answer for "ma" is held until the answer for "mara" has been drawn.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldOne = false;
    await page.route('**/api/listPatients', async (route) => {
      const body = route.request().postDataJSON() as { search?: string };
      if (body.search === 'ma' && !heldOne) {
        heldOne = true;
        await held;
      }
      await route.continue();
    });
    // The patients listed (not the line that says none match).
    const rows = () => page.locator('tbody tr:not(:has(td.empty))').allTextContents();
    const noMatch = page.locator('td.empty');
    await page.fill('input[name="search"]', 'ma');
    await expect.poll(() => heldOne).toBe(true);
    // While "ma" is unanswered the list it had stays, and nothing claims that nobody matches.
    expect(await rows()).toHaveLength(3);
    expect(await noMatch.count()).toBe(0);
    await page.fill('input[name="search"]', 'mara');
    await expect.poll(async () => (await rows()).length).toBe(1);
    expect((await rows())[0]).toContain('Quinn');

    // Now the older answer arrives: two patients, for typing no longer in the box.
    const late = page.waitForResponse((r) => r.url().endsWith('/api/listPatients') && (r.request().postDataJSON() as { search?: string }).search === 'ma');
    release();
    await late;
    await page.waitForTimeout(300);
    expect(await rows()).toHaveLength(1);
    expect((await rows())[0]).toContain('Quinn');
    expect(await noMatch.count()).toBe(0);
    expect(await page.inputValue('input[name="search"]')).toBe('mara');
    expect(watch.problems).toEqual([]);
  });
});
