import { describe, expect, it } from 'vitest';
import { gotoApp, newClinicInChromium, screenshot, watchPage } from '../support/browser';

/**
 * A pregnant runner with a pacemaker: the screen is recorded on the patient, SP6 raises the
 * pregnancy warning as it is entered, a lead pair raises the device warning, and signing needs a
 * written reason — which the signed note and the audit log then show.
 */
describe('the safety screen in Chromium', () => {
  const clinic = newClinicInChromium('safety');

  it('warns as points and leads are entered, and signs over the device warning only with a reason', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    await gotoApp(page, clinic.preview.url);
    const { patientId, visitId } = await page.evaluate(async () => {
      const nb = window.needlebook;
      await nb.saveClinic({ name: 'Stride Acupuncture', taxId: '93-4417820' });
      await nb.saveProvider({ name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' });
      const p = await nb.savePatient({ firstName: 'Lena', lastName: 'Hoffmann', dateOfBirth: '1991-02-11', sex: 'female' });
      const patientId = p.ok ? p.value.id : 0;
      const c = await nb.saveCase({
        patientId,
        conditionText: 'Plantar fasciitis',
        conditionId: 'plantar-fasciitis',
        side: 'left',
        onsetDate: '2026-09-01',
        startDate: '2026-10-01',
      });
      const v = await nb.createVisit({ caseId: c.ok ? c.value.id : 0, providerId: 1, startedAt: '2026-10-01T09:00' });
      return { patientId, visitId: v.ok ? v.value.id : 0 };
    });

    // The screen and a consent, on the patient page.
    await gotoApp(page, `${clinic.preview.url}#/patients/${patientId}`);
    const panel = page.locator('#safety');
    await expect.poll(() => panel.getByTestId('safety-reviewed').textContent()).toBe('Not on file: ask before needling');
    await panel.getByLabel('Pregnant', { exact: true }).check();
    await panel.getByLabel('Due date').fill('2027-03-15');
    await panel.getByLabel('Pacemaker or other implanted electrical device').check();
    await panel.getByRole('button', { name: 'Save safety screen' }).click();
    await expect.poll(() => panel.getByTestId('safety-reviewed').textContent()).toMatch(/^Reviewed /);
    await panel.getByLabel('Consent', { exact: true }).selectOption('acupuncture');
    await panel.getByLabel('Signed on', { exact: true }).fill('2026-09-30');
    await panel.getByLabel('Form version').fill('ACU-2026.1');
    await panel.getByRole('button', { name: 'Add consent' }).click();
    await expect.poll(() => panel.locator('.consent-list').textContent()).toContain('Acupuncture signed Sep 30, 2026 · form ACU-2026.1');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'safety-screen-panel', { fullPage: false });

    // On the chart: ST36 is fine; SP6 is a point avoided in pregnancy, warned as it is entered.
    await page.goto(`${clinic.preview.url}#/visits/${visitId}`);
    const entry = page.locator('input[name="acupoint-entry"]');
    await entry.fill('ST36 B');
    await entry.press('Enter');
    await expect.poll(() => page.locator('.safety-warning').count()).toBe(0);
    await entry.fill('SP6 B');
    await entry.press('Enter');
    const pregnancy = page.locator('[data-warning="pregnancy_points"]');
    await expect
      .poll(() => pregnancy.textContent())
      .toMatch(/^SP6 charted for a pregnant patient: 16 weeks \(due Mar 15, 2027\)LI4, SP6, BL60, BL67, GB21 and CV3–CV7 are traditionally avoided/);

    // A lead pair: e-stim with a pacemaker, and no electroacupuncture consent on file.
    await page.click('button:has-text("Add lead pair")');
    await expect.poll(() => page.locator('[data-warning="estim_implanted_device"]').count()).toBe(1);
    expect(await page.locator('[data-warning="consent_missing"]').textContent()).toMatch(/^No signed consent on file for electroacupuncture/);
    await page.fill('#visit-minutes', '30');
    await page.fill('#visit-subjective', 'Heel pain first steps, 5/10. 24 weeks pregnant.');
    await page.locator('.chart-warnings').scrollIntoViewIfNeeded();
    await screenshot(page, 'safety-warnings-on-chart', { fullPage: false });

    // Signing asks for the reason, and will not sign without it.
    await page.click('.sticky-actions button:has-text("Sign visit")');
    const dialog = page.locator('dialog.sign-dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: /^Sign as / }).click();
    expect(await dialog.locator('[data-field-error="overrideReason"]').textContent()).toBe('Override reason is required to sign over this warning');
    const reason = 'Cardiologist cleared distal low-intensity e-stim below the knee (letter on file).';
    await dialog.getByLabel('Reason to sign anyway (kept on the signed note)').fill(reason);
    await screenshot(page, 'safety-sign-override', { fullPage: false });
    await dialog.getByRole('button', { name: /^Sign as / }).click();
    const note = page.locator('article[aria-label="Signed visit"]');
    await note.waitFor();
    expect(await note.textContent()).toContain(`Signed over a warning${reason}`);
    expect(await note.textContent()).toContain('E-stim charted for a patient with a pacemaker or other implanted electrical device');
    await note.scrollIntoViewIfNeeded();
    await screenshot(page, 'safety-signed-note');

    // And the audit log has the override, by rule.
    await page.goto(`${clinic.preview.url}#/audit?patient=${patientId}`);
    await expect.poll(() => page.locator('table tbody').textContent()).toContain('safety: estim_implanted_device');
    expect(watch.problems).toEqual([]);
  });
});
