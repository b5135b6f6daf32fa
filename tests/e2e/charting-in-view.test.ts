import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contractIn, gotoApp, newClinicInChromium, screenshot, watchPage } from '../support/browser';

/** Whether the whole of an element is on screen as it is now (no scrolling done for it), above the sticky footer. */
const inView = (locator: Locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const footer = document.querySelector('.sticky-actions')?.getBoundingClientRect().top ?? window.innerHeight;
    return r.height > 0 && r.top >= 0 && r.bottom <= Math.min(footer, window.innerHeight) && r.left >= 0 && r.right <= window.innerWidth;
  });

const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent?.trim() ?? '');

/**
 * The chart at the table, at 1280×720 with TCM findings on: treatment entry on the first screen,
 * the warnings beside the point box, every warning in the sign dialog, and the same date format
 * everywhere.
 */
describe('charting with everything in view (1280×720, TCM on)', () => {
  const clinic = newClinicInChromium('in-view');

  async function setUp(page: Page) {
    await gotoApp(page, clinic.preview.url);
    const call = contractIn(page);
    await call('saveClinic', { name: 'Stride Acupuncture', taxId: '93-4417820', tcmFindings: true });
    const providers = await call('listProviders', {});
    const mara = providers[0] ?? (await call('saveProvider', { name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' }));
    const lena = await call('savePatient', { firstName: 'Lena', lastName: 'Hoffmann', dateOfBirth: '1991-02-11', sex: 'female' });
    // 20 weeks on the visit's day: the due date is 140 days after it.
    await call('saveSafetyScreen', {
      patientId: lena.id,
      pregnant: true,
      dueDate: '2027-04-25',
      implantedDevice: true,
      bleedingRisk: false,
      needleFainting: false,
      metalLatexAllergy: false,
      diabetesNeuropathy: false,
      precautions: '',
      reviewedOn: '2026-11-20',
    });
    await call('addConsent', { patientId: lena.id, kind: 'acupuncture', signedOn: '2026-11-20', formVersion: 'ACU-2026.1' });
    const c = await call('saveCase', {
      patientId: lena.id,
      conditionText: 'Plantar fasciitis',
      conditionId: 'plantar-fasciitis',
      side: 'left',
      onsetDate: '2026-10-01',
      startDate: '2026-11-20',
    });
    const v = await call('createVisit', { caseId: c.id, providerId: mara.id, startedAt: '2026-12-06T09:00' });
    return { visitId: v.id, patientId: lena.id };
  }

  it('a pregnant runner with a pacemaker: every warning beside the point box, all three in the sign dialog, signed with Ctrl+Enter from the reason', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    const { visitId } = await setUp(page);
    await gotoApp(page, `${clinic.preview.url}#/visits/${visitId}`);
    await page.waitForSelector('form[aria-label="Visit chart"]');
    await expect.poll(() => focusedName(page)).toBe('acupoint-entry');

    // Treatment entry is on the first screen, under the TCM findings.
    expect(await inView(page.locator('input[name="acupoint-entry"]'))).toBe(true);

    // SP6 (avoided in pregnancy) and a lead pair at 2/100 Hz dense-disperse (a pacemaker; no e-stim consent).
    await page.keyboard.type('SP6 L, KI3 L');
    await page.keyboard.press('Enter');
    await page.keyboard.type('BL57 L - KI3 L 2/100 Hz dd 2 mA 20 min');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.chart-warnings [data-warning]').count()).toBe(3);
    await expect.poll(() => focusedName(page)).toBe('acupoint-entry');
    const warnings = page.locator('.chart-warnings');
    for (const kind of ['pregnancy_points', 'estim_implanted_device', 'consent_missing']) {
      const w = warnings.locator(`[data-warning="${kind}"]`);
      expect(await inView(w), kind).toBe(true);
    }
    expect(await inView(page.locator('input[name="acupoint-entry"]'))).toBe(true);
    expect(await warnings.locator('[data-warning="pregnancy_points"]').textContent()).toContain(
      'SP6 charted for a pregnant patient: 20 weeks (due Apr 25, 2027)',
    );
    await screenshot(page, 'in-view-warnings-cursor-in-point-box', { fullPage: false });

    // The row carries the settings as typed.
    expect(await page.inputValue('input[name="leadPairs.0.frequency"]')).toBe('2/100');
    expect(await page.locator('select[name="leadPairs.0.waveform"]').inputValue()).toBe('dense-disperse');
    expect(await page.inputValue('input[name="leadPairs.0.intensityMa"]')).toBe('2');
    expect(await page.inputValue('input[name="leadPairs.0.minutes"]')).toBe('20');

    // Tab from the emptied box goes to the new pair's settings; Escape comes back.
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedName(page)).toBe('leadPairs.0.frequency');
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedName(page)).toBe('leadPairs.0.waveform');
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedName(page)).toBe('leadPairs.0.intensityMa');
    await page.keyboard.type('2.5');
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedName(page)).toBe('acupoint-entry');
    expect(await page.inputValue('input[name="leadPairs.0.intensityMa"]')).toBe('2.5');

    // Muscles by their short forms: Enter adds what the list highlights, with the side typed; a
    // name that matches nothing, or a muscle already charted, is said.
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedName(page)).toBe('trigger-point-entry');
    await page.keyboard.type('gastroc L');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('.suggestions [aria-selected="true"]').textContent()).toBe('Gastrocnemius (lateral head)');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr[data-row="muscle-gastrocnemius-lateral-L"]').count()).toBe(1);
    for (const typed of ['med gastroc L', 'AH L']) {
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => page.locator('tr[data-row="muscle-gastrocnemius-medial-L"], tr[data-row="muscle-abductor-hallucis-L"]').count()).toBe(2);
    await page.keyboard.type('gastroc L');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.entry .field-error').textContent()).toBe('Gastrocnemius (medial head) L is already charted');
    await page.keyboard.press('Escape');
    await page.keyboard.type('squiggle L');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.entry .field-error').textContent()).toBe('squiggle is not a muscle in the catalog');
    await page.keyboard.press('Escape');

    await page.focus('#visit-minutes');
    await page.keyboard.type('30');

    // The sign dialog lists all three; Ctrl+Enter in the reason box signs.
    await page.keyboard.press('Control+Enter');
    const dialog = page.locator('dialog.sign-dialog[open]');
    await dialog.waitFor();
    expect(await dialog.locator('[data-warning]').count()).toBe(3);
    for (const kind of ['pregnancy_points', 'estim_implanted_device', 'consent_missing'])
      expect(await dialog.locator(`[data-warning="${kind}"]`).count()).toBe(1);
    const intro = await dialog.locator('p').first().textContent();
    expect(intro).toContain('You are signing as Mara Quinn, L.Ac. A signed visit');
    expect(intro).not.toContain('..');
    await expect.poll(() => focusedName(page)).toBe('overrideReason');
    await page.keyboard.type('Cardiologist cleared distal low-intensity e-stim below the knee.');
    await screenshot(page, 'in-view-sign-dialog', { fullPage: false });
    await page.keyboard.press('Control+Enter');
    const note = page.locator('article[aria-label="Signed visit"]');
    await note.waitFor();
    expect(await note.textContent()).toContain('BL57 L ↔ KI3 L · 2/100 Hz · dense-disperse · 2.5 mA · 20 min');
    for (const muscle of ['Gastrocnemius (lateral head)', 'Gastrocnemius (medial head)', 'Abductor hallucis'])
      expect(await note.textContent()).toContain(muscle);
    expect(watch.problems).toEqual([]);
    await page.close();
  });
});
