import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClinicInChromium, gotoApp, screenshot, watchPage } from '../support/browser';

// axe-core, run inside the page by Playwright (which CSP does not block), on every screen.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

async function axeFindings(page: Page): Promise<Finding[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(ctx: Document, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

interface Ids {
  caseId: number;
  patientId: number;
  signedVisit: number;
  draftVisit: number;
  assessment: number;
}

/** Every screen of the app, by name, and where it is on the demo clinic. */
const SCREENS: [string, (ids: Ids) => string][] = [
  ['review', () => '#/review'],
  ['patients', () => '#/patients'],
  ['patient', (i) => `#/patients/${i.patientId}`],
  ['patient-new', () => '#/patients/new'],
  ['case', (i) => `#/cases/${i.caseId}`],
  ['case-edit', (i) => `#/cases/${i.caseId}/edit`],
  ['case-new', (i) => `#/patients/${i.patientId}/cases/new`],
  ['visit-signed', (i) => `#/visits/${i.signedVisit}`],
  ['visit-draft', (i) => `#/visits/${i.draftVisit}`],
  ['assessment', (i) => `#/assessments/${i.assessment}`],
  ['search', () => '#/search?q=taut%20band'],
  ['superbills', () => '#/superbills'],
  ['audit', () => '#/audit'],
  ['settings', () => '#/settings'],
  ['settings-fees', () => '#/settings/fees'],
  ['settings-mcids', () => '#/settings/mcids'],
  ['settings-phrases', () => '#/settings/phrases'],
  ['settings-records', () => '#/settings/records'],
  ['settings-import', () => '#/settings/import'],
  ['settings-references', () => '#/settings/references'],
];
const CASES = (['light', 'dark'] as const).flatMap((scheme) => SCREENS.map(([name, where]) => ({ scheme, name, where })));

/**
 * Every screen of the app, on the demo clinic, in light and dark, checked by axe: no serious or
 * critical finding, and headings in order. One test per screen and scheme, so none needs more than
 * its share of a loaded machine.
 */
describe('accessibility of every screen (axe-core)', () => {
  const clinic = demoClinicInChromium('accessibility');
  let ids: Ids;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;

  beforeAll(async () => {
    const db = new BetterSqlite3(clinic.dbFile, { readonly: true });
    const one = (sql: string) => (db.prepare(sql).get() as { id: number }).id;
    const caseId = one(`SELECT case_id AS id FROM visit GROUP BY case_id ORDER BY count(*) DESC LIMIT 1`);
    ids = {
      caseId,
      patientId: one(`SELECT patient_id AS id FROM care_case WHERE id = ${caseId}`),
      signedVisit: one(`SELECT id FROM visit WHERE signed_at IS NOT NULL AND case_id = ${caseId} ORDER BY started_at DESC LIMIT 1`),
      draftVisit: one(`SELECT id FROM visit WHERE signed_at IS NULL ORDER BY started_at DESC LIMIT 1`),
      assessment: one(`SELECT id FROM assessment ORDER BY id DESC LIMIT 1`),
    };
    db.close();
    page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    watch = watchPage(page);
  });
  afterAll(async () => {
    await page?.close();
  });

  it.each(CASES)('finds nothing serious or critical and no skipped heading level on $name ($scheme, 1280×720)', async ({ scheme, name, where }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await gotoApp(page, `${clinic.preview.url}${where(ids)}`);
    await page.waitForSelector('main h1');
    // Let lazy parts (charts) and the screen's own fetches land before judging it.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(150);
    const serious = (await axeFindings(page))
      .filter((f) => f.impact === 'serious' || f.impact === 'critical' || f.id === 'heading-order')
      .map((f) => `${f.id} (${f.impact}) ${f.help} — ${f.targets.join(', ')}`);
    await screenshot(page, `screen-${name}-${scheme}`, { fullPage: false });
    expect(serious).toEqual([]);
    expect(watch.problems).toEqual([]);
  });
});
