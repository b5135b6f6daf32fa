import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoClinic } from '../../db/demo/demo';
import { openHost } from '../../db/host';
import { gotoApp, launchChromium, saveDownload, screenshot, startPreview, watchPage } from '../support/browser';
import { fhirSchemaErrors, fhirValidate } from '../support/fhir';
import { patientCsv } from '../support/patient-csv';
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

describe('patients in from a CSV in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('previews an Excel CSV with each problem and match named, takes a ticked match, and imports the rest', async () => {
    const dbFile = join(mkdtempSync(join(tmpdir(), 'needlebook-import-')), 'clinic.db');
    const preview = await startPreview(dbFile);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const watch = watchPage(page);
      await gotoApp(page, preview.url);
      await page.evaluate(async () => {
        await window.needlebook.saveProvider({ name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' });
        await window.needlebook.savePatient({ firstName: 'José', lastName: 'Núñez', dateOfBirth: '1984-03-07', sex: 'male' });
      });
      const csv = patientCsv(1_000, { bad: 10, duplicates: 4, onFile: [{ firstName: 'José', lastName: 'Núñez', dateOfBirth: '1984-03-07' }] });
      const file = join(mkdtempSync(join(tmpdir(), 'needlebook-csv-')), 'old-system-export.csv');
      writeFileSync(file, csv.text);
      await gotoApp(page, `${preview.url}#/settings/import`);
      await page.setInputFiles('input[name="import-csv"]', file);
      const counts = page.locator('.import-counts');
      await expect.poll(() => counts.textContent()).toBe('1000 rows: 986 ready, 10 with problems, 4 matching a patient.');
      expect(await page.inputValue('select[name="mapping.lastName"]')).toBe('1');
      expect(await page.locator('.import-problems tbody tr').count()).toBe(10);
      expect(await page.locator('.import-problems').textContent()).toContain('Date of birth "31.02.1980" is not a date');
      expect(await page.locator('.import-matches').textContent()).toContain('José Núñez, on file');
      await page.locator('.import-matches input[type="checkbox"]').first().check();
      await screenshot(page, 'import-preview');
      // A column chosen by hand is checked again at once: without the last name every row has a problem.
      await page.selectOption('select[name="mapping.lastName"]', '');
      await expect.poll(() => counts.textContent()).toMatch(/^1000 rows: 0 ready, 1000 with problems/);
      await page.selectOption('select[name="mapping.lastName"]', '1');
      await expect.poll(() => counts.textContent()).toBe('1000 rows: 986 ready, 10 with problems, 4 matching a patient.');
      await page.locator('.import-matches input[type="checkbox"]').first().check();
      await page.click('button:has-text("Import 987 patients")');
      await expect
        .poll(() => page.locator('.import-patients [role="status"]').textContent())
        .toBe('Imported 987 patients. Skipped 10 rows with problems and 3 matching a patient on file.');
      await screenshot(page, 'import-done');
      await gotoApp(page, `${preview.url}#/patients`);
      await page.fill('input[type="search"]', 'lukasz zolc-22');
      await expect.poll(() => page.locator('main').textContent()).toContain('Żółć-22');
      expect(watch.problems).toEqual([]);
    } finally {
      await preview.stop();
    }
  });
});
