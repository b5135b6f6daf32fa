import { describe, expect, it } from 'vitest';
import { contractIn, gotoApp, newClinicInChromium, screenshot, strideClinicIn, watchPage } from '../support/browser';

/** A failed save can't be missed: a summary at the top, the first field in error focused and in view. */
describe('failed saves', () => {
  const clinic = newClinicInChromium('form-errors');

  /** A new patient with a case and a draft visit, the visit open in the chart. */
  async function draftVisitOnScreen(patient: { firstName: string; lastName: string; sex: 'female' | 'male' }, conditionText: string) {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, `${clinic.preview.url}#/patients`);
    const call = contractIn(page);
    const provider = await strideClinicIn(page);
    const saved = await call('savePatient', { ...patient, dateOfBirth: '1991-05-02', volumeUnit: 'km', races: [] });
    const kase = await call('saveCase', { patientId: saved.id, conditionText, side: 'left', onsetDate: '2026-02-01', startDate: '2026-03-02', diagnoses: [] });
    const { id: visitId } = await call('createVisit', { caseId: kase.id, providerId: provider.id, startedAt: '2026-03-02T10:00' });
    await gotoApp(page, `${clinic.preview.url}#/visits/${visitId}`);
    await page.waitForSelector('form[aria-label="Visit chart"]');
    return { page, watch, call, visitId };
  }

  it('summarises every field in error at the top, focuses the first, and the app (not the browser) judges the e-mail', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, `${clinic.preview.url}#/patients/new`);
    // Required fields say so before any save: a * by the label, and aria-required for screen readers.
    for (const name of ['firstName', 'lastName', 'dateOfBirth']) expect(await page.getAttribute(`input[name="${name}"]`, 'aria-required')).toBe('true');
    expect(await page.getAttribute('select[name="sex"]', 'aria-required')).toBe('true');
    expect(await page.getAttribute('input[name="phone"]', 'aria-required')).toBeNull();
    expect(await page.locator('label', { hasText: 'Last name' }).textContent()).toBe('Last name * (required)');
    await page.fill('input[name="firstName"]', 'Ana');
    await page.fill('input[name="email"]', 'ana.example.com');
    await page.fill('input[name="weeklyVolume"]', 'lots');
    await page.click('button:has-text("Create patient")');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    const items = await summary.locator('li').allTextContents();
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(items.join(' | ')).toMatch(/Last name/);
    expect(items).toContain('Sex is required');
    expect(items.join(' | ')).toMatch(/[Ee]-mail/);
    expect(items.join(' | ')).toMatch(/[Ww]eekly volume/);
    // The first field in error (in page order) has focus and is on screen.
    const focused = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name);
    expect(focused).toBe('lastName');
    // Each line moves to its field.
    await summary.locator('li button', { hasText: /[Ww]eekly volume/ }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('weeklyVolume');
    const inView = await page.locator('input[name="weeklyVolume"]').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    // Nothing typed is lost.
    expect(await page.inputValue('input[name="email"]')).toBe('ana.example.com');
    await summary.scrollIntoViewIfNeeded();
    await screenshot(page, 'form-error-summary', { fullPage: false });

    // Fixed, it saves and the summary goes away.
    await page.fill('input[name="lastName"]', 'Reyes');
    await page.fill('input[name="dateOfBirth"]', '1990-04-02');
    await page.selectOption('select[name="sex"]', 'female');
    await page.fill('input[name="email"]', 'ana@example.com');
    await page.fill('input[name="weeklyVolume"]', '40');
    await page.click('button:has-text("Create patient")');
    await expect.poll(() => page.url()).toMatch(/#\/patients\/\d+$/);
    await expect.poll(() => summary.count()).toBe(0);
    expect(watch.problems).toEqual([]);
  });

  it('stops a sign attempt on a visit with an invalid field: summary on top, the field focused, no dialog', async () => {
    const { page, watch } = await draftVisitOnScreen({ firstName: 'Bea', lastName: 'Hollis', sex: 'female' }, 'Shin splints');
    await page.fill('#visit-minutes', 'half an hour');
    await page.keyboard.press('Control+Enter');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/minutes/i);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('visit-minutes');
    expect(await page.locator('dialog.sign-dialog[open]').count()).toBe(0);
    await screenshot(page, 'sign-blocked-summary', { fullPage: false });
    // Fixed, the summary goes and signing opens its dialog.
    await page.fill('#visit-minutes', '30');
    await expect.poll(() => summary.count()).toBe(0);
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('dialog.sign-dialog[open]');
    // Escape backs out of signing, and focus is back in the field where Ctrl+Enter was pressed.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog.sign-dialog[open]').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('visit-minutes');
    expect(watch.problems).toEqual([]);
  });

  it('saves the rest of a visit when a field is refused, keeps the refused typing marked, and saves it once put right', async () => {
    const { page, watch, call, visitId } = await draftVisitOnScreen({ firstName: 'Cy', lastName: 'Ortega', sex: 'male' }, 'Achilles tendinopathy');
    await page.fill('#visit-subjective', 'Morning stiffness down to 10 minutes; ran 6 mi easy without pain.');
    await page.fill('#visit-minutes', '30');
    await page.fill('#visit-pain-after', '14');
    // The autosave: the pain score is refused, the note and the minutes are saved.
    const status = page.locator('.form-status');
    await expect.poll(() => status.textContent(), { timeout: 5000 }).toMatch(/^Saved, except the fields marked/);
    const saved = await call('getVisit', { id: visitId });
    expect(saved.subjective).toBe('Morning stiffness down to 10 minutes; ran 6 mi easy without pain.');
    expect(saved.faceMinutes).toBe(30);
    expect(saved.painAfter).toBeNull();
    // The refused typing is still there, marked with its reason.
    expect(await page.inputValue('#visit-pain-after')).toBe('14');
    expect(await page.getAttribute('#visit-pain-after', 'aria-invalid')).toBe('true');
    await screenshot(page, 'visit-saved-except', { fullPage: false });
    // Put right, everything is saved.
    await page.fill('#visit-pain-after', '1');
    await expect.poll(() => status.textContent(), { timeout: 5000 }).toBe('Saved');
    expect((await call('getVisit', { id: visitId })).painAfter).toBe(1);
    expect(await page.getAttribute('#visit-pain-after', 'aria-invalid')).not.toBe('true');
    expect(watch.problems).toEqual([]);
  });

  it('shows every error of a lead-pair row at once, and saves every other field — the pair’s valid neighbour row included — naming the one refused', async () => {
    const { page, watch, call, visitId } = await draftVisitOnScreen({ firstName: 'Ines', lastName: 'Duarte', sex: 'female' }, 'Plantar fasciitis');
    const entry = page.locator('input[name="acupoint-entry"]');
    await entry.fill('BL57 L - KI3 L 2 mA');
    await entry.press('Enter');
    const status = page.locator('.form-status');
    await expect.poll(() => status.textContent(), { timeout: 5000 }).toBe('Saved');
    // A second pair, then its Hz and mA both wrong.
    await entry.fill('SP6 L - LR3 L 2 Hz 3 mA');
    await entry.press('Enter');
    await page.fill('input[name="leadPairs.1.intensityMa"]', '999');
    await page.fill('input[name="leadPairs.1.frequency"]', 'abc');
    // The first pair's intensity changes too, validly, and a note is typed.
    await page.fill('input[name="leadPairs.0.intensityMa"]', '2.5');
    await page.fill('#visit-subjective', 'Heel pain on first steps, 4/10.');
    await expect.poll(() => status.textContent(), { timeout: 5000 }).toMatch(/^Saved, except the fields marked: /);
    // Both of the row's errors at once, each beside its field.
    const row = page.locator('input[name="leadPairs.1.frequency"]').locator('xpath=ancestor::tr');
    await expect
      .poll(() => row.locator('.field-error').allTextContents())
      .toEqual(['Frequency must be in Hz, e.g. 2, or a dense-disperse pair such as 2/100', expect.stringMatching(/^Intensity must be/)]);
    // The status names the row refused.
    expect(await status.textContent()).toMatch(/Lead pair 2: /);
    await screenshot(page, 'lead-pair-errors-at-once', { fullPage: false });
    // Saved: the note, the new points, the first pair at its new intensity; the refused pair waits in the form.
    const saved = await call('getVisit', { id: visitId });
    expect(saved.subjective).toBe('Heel pain on first steps, 4/10.');
    expect(saved.acupoints.map((p) => `${p.code} ${p.side}`)).toEqual(['BL57 L', 'KI3 L', 'SP6 L', 'LR3 L']);
    expect(saved.leadPairs.map((l) => [l.from.ref, l.to.ref, l.intensityMa])).toEqual([['BL57', 'KI3', 2.5]]);
    // Put right, the pair is saved too.
    await page.fill('input[name="leadPairs.1.frequency"]', '2');
    await page.fill('input[name="leadPairs.1.intensityMa"]', '3');
    await expect.poll(() => status.textContent(), { timeout: 5000 }).toBe('Saved');
    expect((await call('getVisit', { id: visitId })).leadPairs.map((l) => [l.from.ref, l.to.ref, l.frequency, l.intensityMa])).toEqual([
      ['BL57', 'KI3', '2', 2.5],
      ['SP6', 'LR3', '2', 3],
    ]);
    expect(watch.problems).toEqual([]);
  });
});
