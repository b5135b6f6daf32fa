import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contractIn, gotoApp, newClinicInChromium, screenshot, strideClinicIn, watchPage } from '../support/browser';
import { readPdf } from '../support/pdf';

const ROWS = 'table.grid tbody tr';

/** The front desk types on an American keyboard: every spelling without accents finds the patient. */
describe('patients found by any spelling, in Chromium', () => {
  const clinic = newClinicInChromium('names');

  it('finds Łukasz O’Brien-Żółć and Nguyễn Thị Ánh by accent-free words, and shows their names as written', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, `${clinic.preview.url}#/patients`);
    await page.evaluate(async () => {
      const base = { dateOfBirth: '1988-02-14', sex: 'female' as const, volumeUnit: 'km' as const, races: [] };
      const names: [string, string][] = [
        ['Łukasz', "O'Brien-Żółć"],
        ['Nguyễn', 'Thị Ánh'],
        ['Ana', 'Reyes'],
      ];
      for (const [firstName, lastName] of names) {
        const saved = await window.needlebook.savePatient({ ...base, firstName, lastName });
        if (!saved.ok) throw new Error(saved.error.message);
      }
    });
    await page.reload();
    await page.waitForSelector(ROWS);
    const rows = async () => (await page.locator(`${ROWS} td:first-child`).allTextContents()).map((t) => t.trim()).join(' | ');
    const finds = async (words: string, expected: RegExp) => {
      await page.fill('input[name="search"]', words);
      await expect.poll(rows, { timeout: 5000 }).toMatch(expected);
    };
    for (const words of ['lukasz', 'zolc', 'obrien', 'brien lukasz']) await finds(words, /^O'Brien-Żółć, Łukasz$/);
    await screenshot(page, 'patient-search-accent-free');
    for (const words of ['nguyen', 'anh', 'thi anh']) await finds(words, /^Thị Ánh, Nguyễn$/);
    expect(watch.problems).toEqual([]);
  });

  it('prints their names exactly on a superbill and a progress report, and in the file names', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, `${clinic.preview.url}#/patients`);
    // A signed, billed visit for each, charted through the contract as the screens would.
    const call = contractIn(page);
    const provider = await strideClinicIn(page);
    const patients = (await call('listPatients', { sort: 'name', limit: 25 })).rows;
    const charted: { patientId: number; caseId: number; name: string }[] = [];
    for (const p of patients.filter((r) => r.lastName !== 'Reyes')) {
      const kase = await call('saveCase', {
        patientId: p.id,
        conditionText: 'IT band syndrome',
        side: 'right',
        onsetDate: '2026-02-16',
        startDate: '2026-03-02',
        diagnoses: [{ code: 'M76.31', description: 'Iliotibial band syndrome, right leg' }],
      });
      const startedAt = '2026-03-02T10:00';
      const visit = await call('createVisit', { caseId: kase.id, providerId: provider.id, startedAt });
      await call('saveVisit', { id: visit.id, providerId: provider.id, startedAt, faceMinutes: 20, acupoints: [{ code: 'ST36', side: 'B' }] });
      await call('signVisit', { id: visit.id, providerId: provider.id });
      const billing = await call('getVisitBilling', { visitId: visit.id });
      const lines = billing.suggestions.map((s) => ({ code: s.code, units: s.units, modifiers: s.modifiers, pointers: s.pointers, fee: s.feeCents / 100 }));
      await call('saveVisitBilling', { visitId: visit.id, lines });
      charted.push({ patientId: p.id, caseId: kase.id, name: `${p.firstName} ${p.lastName}` });
    }
    expect(charted.map((c) => c.name).sort()).toEqual(['Nguyễn Thị Ánh', "Łukasz O'Brien-Żółć"].sort());

    const save = async (p: Page, button: string) => {
      const [download] = await Promise.all([p.waitForEvent('download'), p.click(`button:has-text("${button}")`)]);
      const file = join(mkdtempSync(join(tmpdir(), 'needlebook-names-')), download.suggestedFilename());
      await download.saveAs(file);
      return { name: download.suggestedFilename(), text: readPdf(file).text };
    };
    for (const { patientId, caseId, name } of charted) {
      await gotoApp(page, `${clinic.preview.url}#/patients/${patientId}`);
      const superbill = await save(page, 'Superbill for these dates (PDF)');
      expect(superbill.name).toBe(`Superbill ${name} 2026-03-02.pdf`);
      expect(superbill.text).toContain(name);
      await gotoApp(page, `${clinic.preview.url}#/cases/${caseId}`);
      const report = await save(page, 'Progress report (PDF)');
      expect(report.name).toMatch(new RegExp(`^${name} progress \\d{4}-\\d{2}-\\d{2}\\.pdf$`));
      expect(report.text).toContain(name);
    }
    expect(watch.problems).toEqual([]);
  });
});
