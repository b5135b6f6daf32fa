import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoApp, launchChromium, saveDownload, screenshot, startPreview, watchPage } from '../support/browser';
import { readPdf } from '../support/pdf';
import Database from 'better-sqlite3-multiple-ciphers';
import { createDemoClinic } from '../../db/demo/demo';
import { openHost } from '../../db/host';

const usd = (dollars: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(dollars));

describe('superbills in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('charts a supine round with e-stim and a prone re-insertion, accepts 97813 + 97811, records a payment, and exports the superbill', async () => {
    const preview = await startPreview(join(mkdtempSync(join(tmpdir(), 'needlebook-bill-')), 'b.db'));
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const watch = watchPage(page);
      await gotoApp(page, preview.url);
      const caseId = await page.evaluate(async () => {
        const nb = window.needlebook;
        await nb.saveClinic({
          name: 'Stride Acupuncture',
          taxId: '93-4417820',
          addressLine1: '2134 SE Hawthorne Blvd',
          city: 'Portland',
          state: 'OR',
          postalCode: '97214',
        });
        await nb.saveProvider({ name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893', licenseNumber: 'AC-2291', licenseState: 'OR' });
        const p = await nb.savePatient({
          firstName: 'Ana',
          lastName: 'Reyes',
          dateOfBirth: '1990-04-02',
          sex: 'female',
          insurancePayer: 'Aetna',
          insuranceMemberId: 'W123456789',
        });
        const c = await nb.saveCase({
          patientId: p.ok ? p.value.id : 0,
          conditionId: 'it-band-syndrome',
          conditionText: 'IT band syndrome',
          side: 'right',
          onsetDate: '2026-02-16',
          startDate: '2026-03-02',
          diagnoses: [{ code: 'M76.31', description: 'Iliotibial band syndrome, right leg' }],
        });
        return c.ok ? c.value.id : 0;
      });

      await gotoApp(page, `${preview.url}#/cases/${caseId}`);
      await page.click('button:has-text("New visit")');
      await page.waitForSelector('form[aria-label="Visit chart"]');
      await page.fill('#visit-minutes', '35');
      // Supine with e-stim, then a re-insertion prone without: 97813 + 97811.
      await page.fill('input[name="rounds.0.minutes"]', '15');
      await page.fill('input[name="acupoint-entry"]', 'GB31 R, GB34 R');
      await page.press('input[name="acupoint-entry"]', 'Enter');
      await page.click('button:has-text("Add lead pair")');
      await page.fill('input[name="leadPairs.0.intensityMa"]', '3');
      await page.click('button:has-text("Add round (re-insertion)")');
      await page.fill('input[name="rounds.1.minutes"]', '15');
      await page.fill('input[name="acupoint-entry"]', 'BL40 R, BL57 R');
      await page.press('input[name="acupoint-entry"]', 'Enter');
      expect(await page.inputValue('select[name="acupoints.2.round"]')).toBe('1');
      expect(await page.inputValue('select[name="leadPairs.0.round"]')).toBe('0');
      await screenshot(page, 'visit-rounds');
      await page.keyboard.press('Control+Enter');
      await page.click('dialog.sign-dialog button:has-text("Sign as")');
      await page.waitForSelector('section.billing');

      expect(await page.locator('.suggestions-box li').allTextContents()).toEqual([
        expect.stringMatching(/^97813 × 1 · \$95\.00 — Supine round with e-stim: initial 15 minutes/),
        expect.stringMatching(/^97811 × 1 · \$45\.00 — 30 minutes of acupuncture in 2 rounds: 1 additional unit with re-insertion \(Prone\) without e-stim/),
      ]);
      await page.click('button:has-text("Use suggested lines")');
      // Unsaved lines say so, and the totals show what they will be once saved.
      expect(await page.textContent('section.billing .form-status')).toBe('Unsaved changes');
      expect(await page.textContent('[aria-label="Visit totals"]')).toBe('Charged $140.00 once saved (now $0.00)Paid $0.00Balance $140.00 once saved');
      await page.click('button:has-text("Save billing")');
      await expect.poll(() => page.textContent('section.billing .form-status')).toBe('Billing saved');
      expect(await page.textContent('[aria-label="Visit totals"]')).toBe('Charged $140.00Paid $0.00Balance $140.00');
      expect(await page.inputValue('form[aria-label="Record a payment"] input[name="amount"]')).toBe('140.00');
      await page.fill('form[aria-label="Record a payment"] input[name="amount"]', '100');
      await page.click('button:has-text("Record payment")');
      await expect.poll(() => page.textContent('[aria-label="Visit totals"]')).toBe('Charged $140.00Paid $100.00Balance $40.00');
      await screenshot(page, 'visit-billing');

      // The fee schedule goes up; retyping a billed line's code keeps the fee it was billed at, and
      // only a different code takes today's price.
      await page.evaluate(async () => {
        const nb = window.needlebook;
        const fees = await nb.getFeeSchedule({});
        if (!fees.ok) throw new Error(fees.error.message);
        const entries = fees.value.map((f) => ({
          code: f.code,
          description: f.description,
          fee: ((f.code === '97813' ? 10_000 : f.feeCents) / 100).toFixed(2),
        }));
        const saved = await nb.saveFeeSchedule({ entries });
        if (!saved.ok) throw new Error(saved.error.message);
      });
      const code = page.locator('input[name="lines.0.code"]');
      await code.fill('9781');
      await code.fill('97813');
      expect(await page.inputValue('input[aria-label="Line 1 fee"]')).toBe('95.00');
      await code.fill('97810');
      expect(await page.inputValue('input[aria-label="Line 1 fee"]')).toBe('85.00');
      expect(await page.textContent('section.billing .form-status')).toBe('Unsaved changes');
      await code.fill('97813');
      expect(await page.inputValue('input[aria-label="Line 1 fee"]')).toBe('95.00');
      await expect.poll(() => page.textContent('[aria-label="Visit totals"]')).toBe('Charged $140.00Paid $100.00Balance $40.00');

      const file = await saveDownload(page, () => page.click('button:has-text("Superbill for this visit (PDF)")'));
      const { text } = readPdf(file);
      for (const expected of ['Ana Reyes', 'Apr 2, 1990', 'W123456789', '1234567893', '93-4417820', '97813', '97811', 'M76.31', '$140.00', '$100.00', '$40.00'])
        expect(text).toContain(expected);
      expect(watch.problems).toEqual([]);
    } finally {
      await preview.stop();
    }
  });

  describe('a month batch on a clinic of 400 patients', () => {
    let dbFile: string;
    let month: string;
    beforeAll(async () => {
      dbFile = join(mkdtempSync(join(tmpdir(), 'needlebook-month-')), 'clinic.db');
      const host = await openHost(dbFile, { actor: 'test', log: () => {} });
      await createDemoClinic(host.engine, { today: new Date(), patients: 400 });
      ({ month } = (await host.engine.get<{ month: string }>(
        `SELECT substr(v.started_at, 1, 7) AS month FROM visit v WHERE v.signed_at IS NOT NULL AND EXISTS (SELECT 1 FROM billing_line b WHERE b.visit_id = v.id)
          GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
      ))!);
      await host.close();
    }, 120_000);
    const batchAudits = () => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return (
          db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'export' AND (detail LIKE '%(batch %' OR entity = 'superbills')").get() as {
            n: number;
          }
        ).n;
      } finally {
        db.close();
      }
    };

    it('cancels a running batch: it stops, saves nothing and audits nothing', async () => {
      const preview = await startPreview(dbFile);
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const watch = watchPage(page);
        let downloads = 0;
        page.on('download', () => downloads++);
        await gotoApp(page, `${preview.url}#/superbills`);
        await page.fill('input[name="month"]', month);
        await page.click('button:has-text("Create superbills")');
        await page.click('button:has-text("Cancel"):enabled');
        const status = page.locator('.batch-progress p');
        await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Cancelled after \d+ of \d+; nothing was saved\.$/);
        const [, done, total] = /after (\d+) of (\d+)/.exec((await status.textContent())!)!.map(Number);
        expect(done).toBeLessThan(total!);
        await screenshot(page, 'superbill-batch-cancelled');
        expect(downloads).toBe(0);
        expect(batchAudits()).toBe(0);
        expect(watch.problems).toEqual([]);
      } finally {
        await preview.stop();
      }
    });

    it('makes the month with a moving progress bar; the index matches the PDFs', async () => {
      const preview = await startPreview(dbFile);
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await gotoApp(page, `${preview.url}#/superbills`);
        await page.fill('input[name="month"]', month);
        // Record every value the progress bar shows while the batch runs.
        await page.evaluate(() => {
          const seen: number[] = [];
          (window as unknown as { progressSeen: number[] }).progressSeen = seen;
          const tick = () => {
            const bar = document.querySelector('progress');
            if (bar && seen[seen.length - 1] !== bar.value) seen.push(bar.value);
            if (bar) (window as unknown as { progressMax: number }).progressMax = bar.max;
            requestAnimationFrame(tick);
          };
          tick();
        });
        const zip = await saveDownload(page, () => page.click('button:has-text("Create superbills")'));
        const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
        // Moving: it never goes back, and it showed the batch part-done on its way to full. How many
        // steps it shows depends on the machine's speed (polls are timed, the PDFs are not), so the
        // count is not asked for: a batch of about a hundred is a few polls long, even on an idle machine.
        expect(seen).toEqual([...seen].sort((a, b) => a - b));
        const total = await page.evaluate(() => (window as unknown as { progressMax: number }).progressMax);
        const partDone = seen.filter((v) => v > 0 && v < total);
        expect(partDone.length, `progress seen: ${seen.join(', ')}`).toBeGreaterThan(0);
        await page.waitForSelector('.form-status-ok');
        await screenshot(page, 'superbill-batch');

        const files = unzipSync(readFileSync(zip));
        const csv = new TextDecoder().decode(files[`superbills-${month}-index.csv`]).trim().split('\r\n');
        expect(csv[0]).toBe('patient_id,patient,visits,charged,paid,balance,file');
        const rows = csv.slice(1).map((line) => line.split(','));
        expect(rows.length).toBeGreaterThan(100);
        expect(Object.keys(files)).toHaveLength(rows.length + 1);
        // Every file is listed; a sample of the PDFs is read back against its index row.
        for (const [i, [, patient, , charged, paid, balance, name]] of rows.entries()) {
          expect(files[name!], name).toBeDefined();
          if (i % 20 !== 0) continue;
          const pdf = readPdf(files[name!]!);
          expect(pdf.text).toContain(patient!);
          expect(pdf.text).toMatch(new RegExp(`Total charged\\s+\\${usd(charged!)}`));
          expect(pdf.text).toMatch(new RegExp(`Total paid\\s+\\${usd(paid!)}`));
          expect(pdf.text).toContain(usd(balance!));
        }
        // One audit row per superbill and one for the batch.
        expect(batchAudits()).toBe(rows.length + 1);
      } finally {
        await preview.stop();
      }
    });
  });
});
