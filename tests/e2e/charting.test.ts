import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoApp, launchChromium, screenshot, startPreview, watchPage, type Preview } from '../support/browser';

/** Signs the open record through the confirmation dialog. */
async function sign(page: Page, button: string) {
  await page.click(`.sticky-actions button:has-text("${button}")`);
  await page.click('dialog.sign-dialog button:has-text("Sign as")');
  await page.waitForSelector('.pill-signed');
}

async function chartItbsVisit(page: Page, at: string, pain: [string, string], subjective: string) {
  await page.click('button:has-text("New visit")');
  await page.waitForSelector('form[aria-label="Visit chart"]');
  await page.fill('#visit-start', at);
  await page.fill('#visit-minutes', '30');
  await page.fill('#visit-pain-before', pain[0]);
  await page.fill('#visit-pain-after', pain[1]);
  const points = page.locator('input[name="acupoint-entry"]');
  await points.fill('GB31 R, GB34 R, ST36 B');
  await points.press('Enter');
  const muscles = page.locator('input[name="trigger-point-entry"]');
  for (const m of ['TFL R', 'glute med R', 'vastus lateralis R']) {
    await muscles.fill(m);
    await muscles.press('Enter');
  }
  await page.click('button:has-text("Add lead pair")');
  await page.fill('input[name="leadPairs.0.intensityMa"]', '2.5');
  await page.fill('#visit-subjective', subjective);
  await expect.poll(() => page.locator('table.rows tr[data-row]').count()).toBe(6);
  await sign(page, 'Sign visit');
  await page.click('a.back');
  await page.waitForSelector('#case-title');
}

describe('charting an IT band case in Chromium', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  const dbFile = join(mkdtempSync(join(tmpdir(), 'needlebook-chart-')), 'clinic.db');

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await preview?.stop();
    await browser?.close();
  });

  it('assesses, charts three signed visits, refuses an edit, adds an addendum, charts a fourth from the keyboard, and keeps it all', async () => {
    preview = await startPreview(dbFile);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const watch = watchPage(page);
    await gotoApp(page, preview.url);
    const patientId = await page.evaluate(async () => {
      const nb = window.needlebook;
      await nb.saveClinic({ name: 'Stride Acupuncture', taxId: '93-4417820' });
      await nb.saveProvider({ name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' });
      const p = await nb.savePatient({ firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female', primarySport: 'Marathon' });
      return p.ok ? p.value.id : 0;
    });

    // Open the case: right IT band syndrome, codes suggested from condition and side.
    await gotoApp(page, `${preview.url}#/patients/${patientId}`);
    await page.click('a:has-text("Open a case")');
    await page.selectOption('select[name="conditionId"]', 'it-band-syndrome');
    await page.fill('input[name="onsetDate"]', '2026-02-16');
    await page.fill('input[name="startDate"]', '2026-03-02');
    expect(await page.inputValue('input[name="diagnoses.0.code"]')).toBe('M76.31');
    await page.click('button:has-text("Open case")');
    await page.waitForSelector('#case-title');
    expect(await page.textContent('#case-title')).toBe('IT band syndrome, right');

    // Initial assessment: NRS 6, LEFS 52. An out-of-range LEFS is named and not saved.
    await page.click('button:has-text("New assessment")');
    await page.waitForSelector('form[aria-label="Assessment"]');
    await page.fill('#a-assessedOn', '2026-03-02');
    await page.fill('#a-chiefComplaint', 'Lateral right knee pain from mile 6 of long runs');
    await page.fill('#a-painCurrent', '6');
    await page.fill('#score-lefs', '95');
    await expect.poll(() => page.textContent('[data-field-error="score-lefs"]')).toBe('LEFS must be between 0 and 80');
    await page.fill('#score-lefs', '52');
    await page.fill('#a-assessmentText', 'Right ITBS, acute. Tender TFL and distal ITB; Noble positive.');
    await sign(page, 'Sign assessment');
    expect(await page.textContent('.signed-note')).toContain('LEFS 52');
    await page.click('a.back');
    await page.waitForSelector('#case-title');

    // Three visits, each signed.
    await chartItbsVisit(page, '2026-03-02T10:00', ['6', '3'], 'Lateral knee pain at mile 6; taut band in TFL.');
    await chartItbsVisit(page, '2026-03-09T10:00', ['5', '2'], 'Ran 14 km with pain only at the end.');
    await chartItbsVisit(page, '2026-03-16T10:00', ['4', '2'], 'Long run 18 km, mild ache after.');
    await expect.poll(() => page.textContent('[data-testid="sessions"]')).toBe('sessions 3 of 2–6');

    // A signed visit offers no inputs, and the contract refuses a change to it.
    await page.click('a:has-text("Visit 1")');
    await page.waitForSelector('.signed-note');
    expect(await page.locator('form[aria-label="Visit chart"]').count()).toBe(0);
    const visitId = Number(page.url().split('/').pop());
    const refused = await page.evaluate((id) => window.needlebook.saveVisit({ id, providerId: 1, startedAt: '2026-03-02T10:00', faceMinutes: 45 }), visitId);
    expect(refused).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'This visit is signed and cannot change. Add an addendum to correct it.', fields: {} },
    });
    await page.fill('textarea[name="addendum"]', 'Correction: e-stim intensity was 3 mA, not 2.5 mA.');
    await page.click('button:has-text("Add addendum")');
    await page.waitForSelector('.addendum-list li');
    await screenshot(page, 'signed-visit-addendum');
    await page.click('a.back');
    await page.waitForSelector('#case-title');

    // Fourth visit with the keyboard alone: New visit → Start from… → Last visit → minutes, pain → Ctrl+Enter → Enter.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('New visit');
    await page.keyboard.press('Enter');
    await page.waitForSelector('form[aria-label="Visit chart"]');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Start from… ▾');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Last visit');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('visit-minutes');
    await page.keyboard.type('30');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await expect.poll(() => page.locator('table.rows tr[data-row]').count()).toBe(6);
    // The viewport, as the practitioner sees it: the sticky save bar sits at its bottom edge.
    await screenshot(page, 'chart-draft', { fullPage: false });
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('dialog.sign-dialog[open]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.pill-signed');
    expect(await page.textContent('.signed-note')).toContain('GB31 R ↔ GB34 R · 2 Hz · 2.5 mA · 20 min');

    // Search finds a note and links to its visit.
    await gotoApp(page, `${preview.url}#/search`);
    await page.fill('input[name="note-search"]', 'taut band');
    await page.waitForSelector('.search-results li');
    expect(await page.locator('.search-results mark').first().textContent()).toBe('taut');
    await screenshot(page, 'search');
    expect(watch.problems).toEqual([]);

    // A new harness process on the same file: the whole case is on the timeline.
    await preview.stop();
    preview = await startPreview(dbFile);
    await gotoApp(page, `${preview.url}#/patients/${patientId}`);
    await page.click('.case-list a');
    await page.waitForSelector('.timeline-item');
    // Newest first on the page; read here in the order they were charted.
    const onPage = await page.locator('.timeline-item').allTextContents();
    expect(onPage[0]).toContain('Visit 4 · session 4');
    const items = [...onPage].reverse();
    expect(items).toHaveLength(5);
    expect(items[0]).toMatch(/Initial assessment.*Signed.*Pain 6\/10 · LEFS 52/);
    for (const [i, item] of items.slice(1).entries()) {
      expect(item).toContain(`Visit ${i + 1} · session ${i + 1}`);
      expect(item).toContain('GB31 R · GB34 R · ST36 B');
      expect(item).toContain('Tensor fasciae latae R · Gluteus medius R · Vastus lateralis R');
      expect(item).toContain('GB31 R ↔ GB34 R · 2 Hz');
      expect(item).toContain('Signed');
    }
    expect(items[1]).toContain('Correction: e-stim intensity was 3 mA');
    expect(items[4]).toContain('3 → 1');
    expect(await page.textContent('[data-testid="sessions"]')).toBe('sessions 4 of 2–6');
    await screenshot(page, 'case-timeline');

    // A re-assessment starts from the last one: its scores beside the boxes, the measures for IT band
    // syndrome (LEFS, PSFS) and the GROC offered, the rest one click away.
    await page.click('button:has-text("New assessment")');
    await page.waitForSelector('form[aria-label="Assessment"]');
    await expect.poll(() => page.locator('#score-lefs').locator('xpath=..').textContent()).toContain('Last 52 on Mar 2, 2026');
    expect(await page.locator('#a-painCurrent').locator('xpath=..').textContent()).toContain('Last 6 on Mar 2, 2026');
    expect(await page.locator('#score-groc').count()).toBe(1);
    expect(await page.locator('#score-visa_a').count()).toBe(0);
    await screenshot(page, 'reassessment-form');
    await page.click('button:has-text("Show all measures")');
    expect(await page.locator('#score-visa_a').count()).toBe(1);
    await page.close();
  });
});
