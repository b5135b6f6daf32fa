import { describe, expect, it } from 'vitest';
import { gotoApp, newClinicInChromium, screenshot } from '../support/browser';

describe('a draft visit in Chromium', () => {
  const clinic = newClinicInChromium('draft');

  it('saves itself as it is typed, and keeps typing that had not reached the file when the window closed', async () => {
    const context = await clinic.browser.newContext();
    const page = await context.newPage();
    await gotoApp(page, clinic.preview.url);
    const visitId = await page.evaluate(async () => {
      const nb = window.needlebook;
      await nb.saveProvider({ name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' });
      // A half marathon the morning two days after the visit: inside the 72-hour no-needling window.
      const p = await nb.savePatient({
        firstName: 'Ben',
        lastName: 'Okafor',
        dateOfBirth: '1985-06-01',
        sex: 'male',
        races: [{ name: 'Shamrock Half', date: '2026-03-04', distance: 'Half marathon' }],
      });
      const c = await nb.saveCase({
        patientId: p.ok ? p.value.id : 0,
        conditionText: 'Plantar fasciitis',
        conditionId: 'plantar-fasciitis',
        side: 'left',
        onsetDate: '2026-01-05',
        startDate: '2026-03-02',
      });
      const v = await nb.createVisit({ caseId: c.ok ? c.value.id : 0, providerId: 1, startedAt: '2026-03-02T09:00' });
      return v.ok ? v.value.id : 0;
    });
    const stored = () => page.evaluate((id) => window.needlebook.getVisit({ id }), visitId);

    // The clear that follows a landed save is held up, as on a busy database process: the safety
    // copy of the next typing must not wait behind it, or closing the window would lose it.
    let heldClears = 0;
    await page.route('**/api/clearUnsaved', () => void (heldClears += 1));

    // Typing settles, then lands in the data file without any Save button.
    await gotoApp(page, `${clinic.preview.url}#/visits/${visitId}`);
    await page.fill('#visit-subjective', 'Heel pain first steps in the morning');
    await expect
      .poll(async () => ((await stored()) as { ok: true; value: { subjective: string | null } }).value.subjective)
      .toBe('Heel pain first steps in the morning');
    expect(await page.textContent('.form-status')).toBe('Saved');

    // Typing and closing at once: the save never ran, but what was typed is not lost.
    await expect.poll(() => heldClears).toBe(1);
    await page.fill('#visit-objective', 'Tender at the medial calcaneal tubercle');
    await page.close();
    const again = await context.newPage();
    await gotoApp(again, `${clinic.preview.url}#/visits/${visitId}`);
    await again.waitForSelector('form[aria-label="Visit chart"]');
    expect(await again.inputValue('#visit-objective')).toBe('Tender at the medial calcaneal tubercle');
    expect(await again.textContent('.chart')).toContain('Restored what you typed last time');
    await again
      .locator('.chart')
      .first()
      .evaluate((chart) => chart.scrollIntoView());
    await screenshot(again, 'draft-restored', { fullPage: false });
    // It came back from the data file: nothing clinical is kept in the browser's storage.
    expect(await again.evaluate(() => Object.keys(localStorage))).toEqual([]);
    await expect
      .poll(
        async () =>
          ((await again.evaluate((id) => window.needlebook.getVisit({ id }), visitId)) as { ok: true; value: { objective: string | null } }).value.objective,
      )
      .toBe('Tender at the medial calcaneal tubercle');
    // Once the save has landed, the safety copy is gone from the data file too.
    await expect
      .poll(
        async () =>
          ((await again.evaluate((key) => window.needlebook.unsavedDraft({ key }), `visit.${visitId}`)) as { ok: true; value: { values: unknown } }).value
            .values,
      )
      .toBeNull();

    // An out-of-range value is named and not saved; the rest of the draft stays as it was in the file.
    await again.fill('#visit-pain-before', '14');
    await expect.poll(() => again.textContent('[data-field-error="painBefore"]')).toBe('Pain before must be between 0 and 10');
    const after = (await again.evaluate((id) => window.needlebook.getVisit({ id }), visitId)) as { ok: true; value: { painBefore: number | null } };
    expect(after.value.painBefore).toBeNull();
    expect(await again.inputValue('#visit-pain-before')).toBe('14');

    // Dry needling this close to the race is called out on the chart itself.
    expect(await again.locator('.race-warning').count()).toBe(0);
    await again.fill('input[name="trigger-point-entry"]', 'gastroc med L');
    await again.press('input[name="trigger-point-entry"]', 'Enter');
    await again.waitForSelector('.race-warning');
    expect(await again.textContent('.race-warning')).toContain('Shamrock Half (Half marathon) starts 46 hours after this visit');
    await again.screenshot({ path: 'tests/.artifacts/race-warning.png' });
    await context.close();
  });
});
