import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoClinic } from '../../db/demo/demo';
import { openHost } from '../../db/host';
import { gotoApp, launchChromium, saveDownload, screenshot, startPreview, watchPage } from '../support/browser';
import { fhirSchemaErrors, fhirValidate } from '../support/fhir';
import { readPdf } from '../support/pdf';

/**
 * Records out as a practitioner makes them (issue 36): the patient page's chart copy and FHIR
 * Bundle, and Settings → Records' whole-clinic FHIR export, each saved as a download and read back.
 */
describe('records out in Chromium', () => {
  let browser: Browser;
  let dbFile: string;
  let patient: { id: number; name: string };
  beforeAll(async () => {
    browser = await launchChromium();
    dbFile = join(mkdtempSync(join(tmpdir(), 'needlebook-records-')), 'clinic.db');
    const host = await openHost(dbFile, { actor: 'test', log: () => {} });
    await createDemoClinic(host.engine, { today: new Date() });
    patient = (await host.engine.get<{ id: number; name: string }>(
      `SELECT p.id, p.first_name || ' ' || p.last_name AS name FROM visit v JOIN care_case c ON c.id = v.case_id JOIN patient p ON p.id = c.patient_id
        WHERE v.signed_at IS NOT NULL GROUP BY c.id, p.id ORDER BY count(*) DESC, c.id LIMIT 1`,
    ))!;
    await host.close();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('saves the longest case’s chart copy and its FHIR Bundle from the patient page', async () => {
    const preview = await startPreview(dbFile);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const watch = watchPage(page);
      await gotoApp(page, `${preview.url}#/patients/${patient.id}`);
      const panel = page.locator('section.records-out');
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'records-out-patient');
      const pdf = await saveDownload(page, () => panel.locator('button:has-text("Chart copy, whole record (PDF)")').click());
      expect(pdf).toMatch(new RegExp(`Chart copy ${patient.name} \\d{4}-\\d{2}-\\d{2}\\.pdf$`));
      const { text, pages } = readPdf(pdf);
      expect(pages).toBeGreaterThan(3);
      expect(text).toContain(patient.name);
      expect(text).toContain(`Page ${pages} of ${pages}`);
      expect(text).toMatch(/Electronically signed by/);
      await expect.poll(() => panel.locator('[role="status"]').textContent()).toMatch(/^Saved Chart copy/);

      // A half-given range is named at the button, and nothing is saved.
      await panel.locator('input[name="chart-from"]').fill('2026-01-01');
      await panel.locator('button:has-text("Chart copy for these dates (PDF)")').click();
      await expect.poll(() => panel.locator('[role="alert"]').textContent()).toBe('Give both dates of the range, or neither for the whole record');
      await panel.locator('input[name="chart-from"]').fill('');

      const json = await saveDownload(page, () => panel.locator('button:has-text("FHIR R4 export (JSON)")').click());
      const bundle = JSON.parse(readFileSync(json, 'utf8')) as { resourceType: string; entry: { resource: { resourceType: string } }[] };
      expect(bundle.resourceType).toBe('Bundle');
      expect(fhirValidate(bundle)).toEqual([]);
      expect(bundle.entry.filter((e) => e.resource.resourceType === 'Patient')).toHaveLength(1);
      expect(watch.problems).toEqual([]);
    } finally {
      await preview.stop();
    }
  });

  it('exports the whole clinic as FHIR NDJSON from Settings → Records', async () => {
    const preview = await startPreview(dbFile);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const watch = watchPage(page);
      await gotoApp(page, `${preview.url}#/settings/records`);
      const zip = await saveDownload(page, () => page.click('button:has-text("Export the clinic (ZIP)")'));
      await expect.poll(() => page.locator('#clinic-export [role="status"]').textContent()).toMatch(/^Saved FHIR export/);
      await screenshot(page, 'records-out-clinic');
      const files = unzipSync(new Uint8Array(readFileSync(zip)));
      expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'Patient.ndjson', 'Encounter.ndjson', 'ChargeItem.ndjson']));
      const patients = new TextDecoder().decode(files['Patient.ndjson']).trimEnd().split('\n');
      const onFile = Number(execFileSync('sqlite3', [dbFile, 'SELECT count(*) FROM patient'], { encoding: 'utf8' }).trim());
      expect(patients).toHaveLength(onFile);
      expect(patients.flatMap((line) => fhirSchemaErrors(JSON.parse(line) as { resourceType: string }))).toEqual([]);
      expect(watch.problems).toEqual([]);
    } finally {
      await preview.stop();
    }
  });
});
