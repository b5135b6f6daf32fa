import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contractIn, gotoApp, newClinicInChromium, screenshot, strideClinicIn, watchPage } from '../support/browser';

/** Every key the practitioner presses is counted: a character typed is one key, Ctrl+Enter is one. */
function keyboard(page: Page) {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async press(key: string, times = 1) {
      for (let i = 0; i < times; i++) await page.keyboard.press(key);
      count += times;
    },
    async type(text: string) {
      await page.keyboard.type(text);
      count += text.length;
    },
    async enter(text: string) {
      await this.type(text);
      await this.press('Enter');
    },
    /** Values typed into consecutive fields, Tab between them: minutes, pain before, pain after. */
    async fields(...values: string[]) {
      for (const [i, value] of values.entries()) {
        if (i > 0) await this.press('Tab');
        await this.type(value);
      }
    },
  };
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el
      ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''} ${el.textContent?.trim().slice(0, 30) ?? ''}`
      : '';
  });

describe('charting from the keyboard alone, keys counted', () => {
  const clinic = newClinicInChromium('keyboard');

  it('charts a first visit with 4 points, 3 muscles and a lead pair at 2/100 Hz dense-disperse, 2 mA, 20 min in at most 90 keys, and a repeat visit in at most 30, with no mouse event', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    // Every pointer event the page sees is counted: the journey must not need one.
    await page.addInitScript(() => {
      const w = window as unknown as { pointerEvents: number };
      w.pointerEvents = 0;
      for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'wheel'])
        window.addEventListener(type, () => (w.pointerEvents += 1), { capture: true });
    });
    const pointerEvents = () => page.evaluate(() => (window as unknown as { pointerEvents: number }).pointerEvents);
    await gotoApp(page, `${clinic.preview.url}#/patients`);
    const call = contractIn(page);
    await strideClinicIn(page);
    const ana = await call('savePatient', { firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female', volumeUnit: 'km', races: [] });
    const { id: caseId } = await call('saveCase', {
      patientId: ana.id,
      conditionText: 'IT band syndrome',
      side: 'right',
      onsetDate: '2026-02-16',
      startDate: '2026-03-02',
      diagnoses: [{ code: 'M76.31' }],
    });
    const openCase = async () => {
      await gotoApp(page, `${clinic.preview.url}#/cases/${caseId}`);
      await page.waitForSelector('#case-title');
      // The case page lands on "New visit".
      await expect.poll(() => focused(page)).toMatch(/^button New visit/);
    };

    // First visit: a lead pair typed as one line (its points come with it), the other points,
    // muscles, then minutes and pain, signed.
    await openCase();
    const first = keyboard(page);
    await first.press('Enter');
    await page.waitForSelector('form[aria-label="Visit chart"]');
    await expect.poll(() => focused(page)).toMatch(/name=acupoint-entry/);
    await first.enter('GB31 R - GB34 R 2/100 Hz dd 2 mA');
    await first.enter('ST36 B, SP6 R');
    // The point rows are off the Tab path: one Tab reaches the muscle box.
    await first.press('Tab');
    await expect.poll(() => focused(page)).toMatch(/name=trigger-point-entry/);
    await first.enter('TFL R');
    await first.enter('gmed R');
    await first.enter('VL R');
    // Back up to the visit's minutes and pain: the muscle box, the point box, the rounds, evaluation minutes, pain after, pain before, minutes.
    await first.press('Shift+Tab', 8);
    await expect.poll(() => focused(page)).toMatch(/#visit-minutes/);
    await first.fields('30', '6', '3');
    await expect.poll(() => page.locator('table.rows tr[data-row]').count()).toBe(7);
    await screenshot(page, 'keyboard-first-visit', { fullPage: false });

    // The details are one key away (not counted above): ArrowUp from the empty box to the last
    // row, ArrowRight along it, Escape back; removing a row puts focus back in the box.
    await page.focus('input[name="acupoint-entry"]');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focused(page)).toMatch(/^select/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focused(page)).toMatch(/name=acupoints\.3\.gaugeMm/);
    await page.keyboard.type('0.25');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focused(page)).toMatch(/name=acupoints\.2\.gaugeMm/);
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toMatch(/name=acupoint-entry/);
    expect(await page.inputValue('input[name="acupoints.3.gaugeMm"]')).toBe('0.25');
    await page.keyboard.type('LI4 L');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => focused(page)).toMatch(/^button ×/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr[data-row="acupoint-LI4-L"]').count()).toBe(0);
    await expect.poll(() => focused(page)).toMatch(/name=acupoint-entry/);

    await first.press('Control+Enter');
    await page.waitForSelector('dialog.sign-dialog[open]');
    await first.press('Enter');
    await page.waitForSelector('.pill-signed');
    const note = await page.textContent('.signed-note');
    for (const expected of [
      'GB31 R',
      'GB34 R',
      'ST36 B',
      'SP6 R',
      'Tensor fasciae latae',
      'Gluteus medius',
      'Vastus lateralis',
      'GB31 R ↔ GB34 R · 2/100 Hz · dense-disperse · 2 mA · 20 min',
    ]) {
      expect(note).toContain(expected);
    }
    console.log(`keyboard: first visit in ${first.count} keys`);
    expect(first.count).toBeLessThanOrEqual(90);
    expect(await pointerEvents()).toBe(0);

    // Repeat visit from the last one: New visit, Start from… → Last visit, minutes and pain, signed.
    await openCase();
    const repeat = keyboard(page);
    await repeat.press('Enter');
    await page.waitForSelector('form[aria-label="Visit chart"]');
    await expect.poll(() => focused(page)).toMatch(/^button Start from…/);
    await repeat.press('Enter');
    await expect.poll(() => focused(page)).toMatch(/^button Last visit/);
    await repeat.press('Enter');
    await expect.poll(() => focused(page)).toMatch(/#visit-minutes/);
    await repeat.fields('30', '5', '2');
    await expect.poll(() => page.locator('table.rows tr[data-row]').count()).toBe(7);
    await repeat.press('Control+Enter');
    await page.waitForSelector('dialog.sign-dialog[open]');
    await repeat.press('Enter');
    await page.waitForSelector('.pill-signed');
    expect(await page.textContent('.signed-note')).toContain('GB31 R ↔ GB34 R · 2/100 Hz · dense-disperse · 2 mA · 20 min');
    console.log(`keyboard: repeat visit in ${repeat.count} keys`);
    expect(repeat.count).toBeLessThanOrEqual(30);
    expect(await pointerEvents()).toBe(0);
    expect(watch.problems).toEqual([]);
  });
});
