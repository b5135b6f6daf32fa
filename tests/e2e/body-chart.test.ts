import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { place } from '../../shared/body-chart';
import { acupointPosition } from '../../shared/catalogs/acupoint-positions';
import { contractIn, gotoApp, newClinicInChromium, screenshot, strideClinicIn, watchPage } from '../support/browser';
import { inspectPdf } from '../support/pdf';

/** The marks a figure draws, by key (`acupoint:ST36:L`), and its lead lines. */
async function drawn(page: Page, figure: string) {
  const marks = await page.locator(`${figure} [data-mark]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-mark') ?? ''));
  const lines = await page.locator(`${figure} [data-lead]`).count();
  return { marks: marks.sort(), lines };
}

/** Where on the screen a point of the chart (in cun) is drawn in the figure. */
async function screenSpot(page: Page, figure: string, x: number, y: number) {
  return page.locator(`${figure} svg`).evaluate(
    (svg, [cx, cy]) => {
      const m = (svg as SVGSVGElement).getScreenCTM();
      if (!m) throw new Error('the figure is not laid out');
      const p = new DOMPoint(cx, cy).matrixTransform(m);
      return { x: p.x, y: p.y };
    },
    [x, y] as const,
  );
}

const VISIT_MARKS = ['acupoint:GB34:R', 'acupoint:SP6:L', 'acupoint:ST36:L', 'acupoint:ST36:R', 'muscle:gastrocnemius-medial:L'];

/**
 * The visit, charted as a practitioner would: ST36 both sides, GB34 right, SP6 left, a
 * gastrocnemius trigger point left, and a lead pair ST36 L–SP6 L; the figure draws exactly those
 * five marks and one line, names a mark on focus, says it all as text, adds a point by a click, and
 * draws the signed visit the same way.
 */
describe('the body chart in Chromium', () => {
  const clinic = newClinicInChromium('body-chart');

  it('draws a visit’s points, trigger point and lead pair, signed and in the progress report; adds a clicked point; steps through the case', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const watch = watchPage(page);
    await gotoApp(page, clinic.preview.url);
    const call = contractIn(page);
    const provider = await strideClinicIn(page);
    const patient = await call('savePatient', { firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female' });
    const careCase = await call('saveCase', {
      patientId: patient.id,
      conditionText: 'Medial tibial stress syndrome',
      side: 'left',
      onsetDate: '2026-09-01',
      startDate: '2026-10-01',
    });
    const visit = await call('createVisit', { caseId: careCase.id, providerId: provider.id, startedAt: '2026-10-01T09:00' });
    await page.goto(`${clinic.preview.url}#/visits/${visit.id}`);
    await page.waitForSelector('form[aria-label="Visit chart"]');

    const points = page.locator('input[name="acupoint-entry"]');
    await points.fill('ST36 B, GB34 R, SP6 L');
    await points.press('Enter');
    await points.fill('ST36 L - SP6 L');
    await points.press('Enter');
    const muscles = page.locator('input[name="trigger-point-entry"]');
    await muscles.fill('gastroc med L');
    await muscles.press('Enter');

    const figure = 'form[aria-label="Visit chart"] figure.body-chart';
    await expect.poll(() => drawn(page, figure)).toEqual({ marks: VISIT_MARKS, lines: 1 });

    // Focus names a mark; the text equivalent lists every mark and the lead pair.
    await page.focus(`${figure} [data-mark="acupoint:SP6:L"]`);
    await expect.poll(() => page.textContent(`${figure} .body-chart-named`)).toBe('SP6 Sanyinjiao, left');
    const asText = await page.locator(`${figure} details.body-chart-text li`).allTextContents();
    expect(asText).toHaveLength(6);
    expect(asText).toContain('Gastrocnemius (medial head) trigger point, left (back view)');
    expect(asText).toContain('Lead pair ST36 Zusanli, left to SP6 Sanyinjiao, left');

    await page.locator(figure).scrollIntoViewIfNeeded();
    await screenshot(page, 'body-chart-draft', { fullPage: false });

    // Over a mark the pointer names it, and a click there adds nothing: a spot inside the
    // gastrocnemius area, a few millimetres from BL56, does not turn into BL56.
    const insideArea = place({ view: 'back', x: 3.9, y: 58.3 }, 'L');
    const bl56 = place(acupointPosition('BL56') ?? { view: 'front', x: 0, y: 0 }, 'L');
    expect(Math.hypot(insideArea.x - bl56.x, insideArea.y - bl56.y)).toBeLessThan(0.5);
    const onArea = await screenSpot(page, figure, insideArea.x, insideArea.y);
    await page.mouse.move(onArea.x, onArea.y);
    await expect.poll(() => page.textContent(`${figure} .body-chart-named`)).toBe('Gastrocnemius (medial head) trigger point, left');
    await page.mouse.click(onArea.x, onArea.y);
    expect(await page.locator('tr[data-row^="acupoint-"]').count()).toBe(3);
    await page.mouse.move(0, 0);

    // What signing needs besides the treatment.
    await page.fill('#visit-minutes', '30');
    await page.fill('#visit-pain-before', '5');
    await page.fill('#visit-pain-after', '2');
    await page.fill('input[name="leadPairs.0.intensityMa"]', '2');
    await page.fill('#visit-subjective', 'Medial shin pain from the second mile.');

    // Signed, the visit is drawn from the record, with the same marks and line.
    await page.click('.sticky-actions button:has-text("Sign visit")');
    await page.click('dialog.sign-dialog button:has-text("Sign as")');
    await page.waitForSelector('.pill-signed');
    const signedFigure = '.signed-note figure.body-chart';
    await expect.poll(() => drawn(page, signedFigure)).toEqual({ marks: VISIT_MARKS, lines: 1 });
    await page.locator(signedFigure).scrollIntoViewIfNeeded();
    await screenshot(page, 'body-chart-signed', { fullPage: false });

    // The progress report draws the case (this one visit) beside its treatment summary, as vector paths.
    const report = await call('progressReport', { caseId: careCase.id });
    mkdirSync(join('tests', '.artifacts'), { recursive: true });
    const pdf = inspectPdf(Buffer.from(report.pdfBase64, 'base64'), join('tests', '.artifacts', 'body-chart-progress-report.pdf'));
    expect(pdf.pages[0]).toMatch(/Front\s+Back\s+Right side\s+Left side/);
    expect(pdf.pages[0]).toContain('ST36 B ×1, GB34 R ×1, SP6 L ×1');
    expect(execFileSync('pdfimages', ['-list', pdf.file], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2);
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf.file, join('tests', '.artifacts', 'body-chart-progress-report')]);

    // A second visit, a draft that needles ST36 R again: a click on LR3 on the right foot (the
    // viewer's left on the front view) adds it.
    const second = await call('createVisit', { caseId: careCase.id, providerId: provider.id, startedAt: '2026-10-08T09:00' });
    await call('saveVisit', { id: second.id, providerId: provider.id, startedAt: '2026-10-08T09:00', acupoints: [{ code: 'ST36', side: 'R' }] });
    await page.goto(`${clinic.preview.url}#/visits/${second.id}`);
    await page.waitForSelector('tr[data-row="acupoint-ST36-R"]');
    await page.locator(figure).scrollIntoViewIfNeeded();
    const lr3 = place(acupointPosition('LR3') ?? { view: 'front', x: 0, y: 0 }, 'R');
    const at = await screenSpot(page, figure, lr3.x, lr3.y);
    await page.mouse.move(at.x, at.y);
    await expect.poll(() => page.textContent(`${figure} .body-chart-named`)).toBe('Click to add LR3 Taichong, right');
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('tr[data-row="acupoint-LR3-R"]');
    await expect.poll(() => drawn(page, figure)).toEqual({ marks: ['acupoint:LR3:R', 'acupoint:ST36:R'], lines: 0 });
    await page.waitForSelector('.form-status-ok');

    // The case over time: the case's figure counts ST36 R twice, and the slider steps to each visit
    // alone and back to all of them.
    await page.goto(`${clinic.preview.url}#/cases/${careCase.id}`);
    const caseFigure = '.case-body-chart figure.body-chart';
    await expect.poll(async () => (await drawn(page, caseFigure)).marks).toEqual([...VISIT_MARKS, 'acupoint:LR3:R'].sort());
    expect(await page.getAttribute(`${caseFigure} [data-mark="acupoint:ST36:R"]`, 'aria-label')).toBe('ST36 Zusanli, right: 2 visits');
    expect(await page.getAttribute(`${caseFigure} [data-mark="acupoint:SP6:L"]`, 'aria-label')).toBe('SP6 Sanyinjiao, left: 1 visit');
    const slider = page.getByLabel('Step through the visits');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.textContent('[data-testid="case-chart-step"]')).toBe('Visit 1, Oct 1, 2026');
    await expect.poll(() => drawn(page, caseFigure)).toEqual({ marks: VISIT_MARKS, lines: 1 });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.textContent('[data-testid="case-chart-step"]')).toBe('Visit 2, Oct 8, 2026 (draft)');
    await expect.poll(() => drawn(page, caseFigure)).toEqual({ marks: ['acupoint:LR3:R', 'acupoint:ST36:R'], lines: 0 });
    await page.keyboard.press('Home');
    await expect.poll(() => page.textContent('[data-testid="case-chart-step"]')).toBe('All 2 visits');
    await page.locator('.case-body-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'body-chart-case', { fullPage: false });
    expect(watch.problems).toEqual([]);
  });
});
