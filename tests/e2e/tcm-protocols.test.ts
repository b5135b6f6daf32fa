import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gotoApp, newClinicInChromium, screenshot, watchPage } from '../support/browser';

/** Keys only: Tab to a control, type, Enter or Space. */
async function typeInto(page: Page, selector: string, text: string) {
  await page.focus(selector);
  await page.keyboard.type(text);
}

/**
 * An acupuncturist's visit from the keyboard: a phrase of her own, tongue, pulse and pattern, the
 * treatment saved as a protocol, signed with Ctrl+Enter; the next visit starts from the protocol
 * with the findings preloaded, and the timeline shows them.
 */
describe('TCM findings, protocols and phrases in Chromium', () => {
  const clinic = newClinicInChromium('tcm');

  it('charts tongue, pulse and pattern, expands a phrase, saves and applies a protocol, and signs — from the keyboard', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    await gotoApp(page, clinic.preview.url);
    const { caseId, visitId } = await page.evaluate(async () => {
      const nb = window.needlebook;
      await nb.saveClinic({ name: 'Stride Acupuncture', taxId: '93-4417820', tcmFindings: true });
      await nb.saveProvider({ name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' });
      const p = await nb.savePatient({ firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female' });
      const c = await nb.saveCase({
        patientId: p.ok ? p.value.id : 0,
        conditionText: 'IT band syndrome',
        conditionId: 'it-band-syndrome',
        side: 'right',
        onsetDate: '2026-09-01',
        startDate: '2026-10-01',
      });
      const caseId = c.ok ? c.value.id : 0;
      const v = await nb.createVisit({ caseId, providerId: 1, startedAt: '2026-10-01T09:00' });
      return { caseId, visitId: v.ok ? v.value.id : 0 };
    });
    await gotoApp(page, clinic.preview.url);

    // A phrase of her own, in Settings.
    await page.goto(`${clinic.preview.url}#/settings/phrases`);
    await typeInto(page, '#phrases input[name="trigger"]', ';itb');
    await typeInto(page, '#phrases textarea[name="text"]', 'Lateral knee pain at mile 6, easing after the last session.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#phrases .phrase-list').textContent()).toContain(';itbLateral knee pain at mile 6');

    // The visit: points, a phrase, tongue, pulse and pattern.
    await page.goto(`${clinic.preview.url}#/visits/${visitId}`);
    await page.waitForSelector('form[aria-label="Visit chart"]');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('acupoint-entry');
    await page.keyboard.type('GB31 R, GB34 R, ST36 B');
    await page.keyboard.press('Enter');
    await typeInto(page, '#visit-minutes', '30');
    await typeInto(page, '#visit-subjective', ';itb ');
    await expect.poll(() => page.inputValue('#visit-subjective')).toBe('Lateral knee pain at mile 6, easing after the last session. ');
    // The findings are folded to one line until she opens them (Enter on the summary); open stays open for her.
    expect(await page.locator('details.tcm-section').getAttribute('open')).toBeNull();
    await page.focus('details.tcm-section > summary');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('details.tcm-section').getAttribute('open')).toBe('');
    await page.focus('#visit-tcm-tongueBody');
    await page.keyboard.type('pale');
    await page.focus('#visit-tcm-tongueShape');
    await page.keyboard.type('tooth');
    await typeInto(page, '#visit-tcm-pulseRate', '64');
    await typeInto(page, '#visit-tcm-pulse-leftGuan', 'wiry slippery');
    await typeInto(page, '#visit-tcm-pulse-rightChi', 'weak');
    await page.getByRole('checkbox', { name: 'Qi and Blood stagnation' }).focus();
    await page.keyboard.press('Space');
    await page.locator('.tcm').scrollIntoViewIfNeeded();
    await screenshot(page, 'tcm-findings-on-chart', { fullPage: false });

    // Saved as a protocol, then signed with Ctrl+Enter and Enter.
    await page.getByRole('button', { name: 'Start from…' }).focus();
    await page.keyboard.press('ArrowUp'); // the menu's last choice
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Save this treatment as a protocol…');
    await page.keyboard.press('Enter');
    await page.keyboard.type('ITBS runner');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.protocol-menu [role="status"]').textContent()).toBe('Saved as protocol “ITBS runner”.');
    await page.keyboard.press('Control+Enter');
    await page.locator('dialog.sign-dialog').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('article[aria-label="Signed visit"]').waitFor();
    expect(await page.locator('article[aria-label="Signed visit"]').textContent()).toContain('Pulse64 bpm; L guan wiry, slippery; R chi weak');

    // The next visit: findings preloaded, treatment from the protocol.
    const next = await page.evaluate(
      async ({ caseId }) => {
        const v = await window.needlebook.createVisit({ caseId, providerId: 1, startedAt: '2026-10-08T09:00' });
        return v.ok ? v.value.id : 0;
      },
      { caseId },
    );
    await page.goto(`${clinic.preview.url}#/visits/${next}`);
    await page.waitForSelector('form[aria-label="Visit chart"]');
    expect(await page.inputValue('#visit-tcm-tongueBody')).toBe('pale');
    expect(await page.inputValue('#visit-tcm-pulse-leftGuan')).toBe('wiry, slippery');
    // Remembered for Mara: the next draft opens with the findings open, and the summary line names them.
    expect(await page.locator('details.tcm-section').getAttribute('open')).toBe('');
    expect(await page.locator('details.tcm-section > summary').textContent()).toBe(
      'TCM findings tongue pale · pulse 64 bpm, 2 positions · Qi and Blood stagnation',
    );
    await page.getByRole('button', { name: 'Start from…' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'ITBS runner (your protocol)' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('table.rows tr[data-row]').count()).toBe(3);
    await typeInto(page, '#visit-minutes', '30');
    await page.keyboard.press('Control+Enter');
    await page.locator('dialog.sign-dialog').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('article[aria-label="Signed visit"]').waitFor();

    // The timeline shows the findings on each visit.
    await page.goto(`${clinic.preview.url}#/cases/${caseId}`);
    const tcm = page.locator('.timeline-tcm').first();
    await expect.poll(() => tcm.textContent()).toBe('Tonguepale, tooth-markedPulse64 bpm; L guan wiry, slippery; R chi weakPatternQi and Blood stagnation');
    await page.locator('.timeline-tcm').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'tcm-on-timeline', { fullPage: false });

    // A re-assessment starts from the case's findings; the PSFS is asked as named activities.
    const assessmentId = await page.evaluate(
      async ({ caseId }) => {
        const a = await window.needlebook.saveAssessment({ caseId, providerId: 1, kind: 'reassessment', assessedOn: '2026-10-15' });
        return a.ok ? a.value.id : 0;
      },
      { caseId },
    );
    await page.goto(`${clinic.preview.url}#/assessments/${assessmentId}`);
    await page.waitForSelector('form[aria-label="Assessment"]');
    expect(await page.inputValue('#a-tcm-tongueBody')).toBe('pale');
    for (const [activity, score] of [
      ['Running downhill', '4'],
      ['Stairs', '7'],
    ]) {
      await page.getByRole('button', { name: 'Add PSFS activity' }).focus();
      await page.keyboard.press('Enter');
      const n = await page.locator('.psfs-row').count();
      await typeInto(page, `input[aria-label="PSFS activity ${n}"]`, activity!);
      await page.keyboard.press('Tab');
      await page.keyboard.type(score!);
    }
    await expect.poll(() => page.locator('.psfs .field-label').textContent()).toContain('average 5.5');
    await expect.poll(() => page.inputValue('#score-psfs')).toBe('5.5');
    expect(await page.locator('#score-psfs').isDisabled()).toBe(true);
    await page.locator('.psfs').scrollIntoViewIfNeeded();
    await screenshot(page, 'psfs-activities', { fullPage: false });

    // Ctrl+Enter signs an assessment as it signs a visit: the dialog, then Enter.
    await page.fill('#a-assessmentText', 'Downhill running still provokes pain; stairs improved.');
    await page.keyboard.press('Control+Enter');
    await page.locator('dialog.sign-dialog[open]').waitFor();
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        page.evaluate(async (id) => {
          const a = await window.needlebook.getAssessment({ id });
          return a.ok && a.value.signature !== null;
        }, assessmentId),
      )
      .toBe(true);
    expect(watch.problems).toEqual([]);
  });
});
