import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractIn, demoClinicInChromium, gotoApp, screenshot, watchPage } from '../support/browser';

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
  /** A draft for a pregnant runner with a pacemaker, SP6 and a lead pair charted: three warnings on show. */
  warnedVisit: number;
}

/** A screen state reached from the screen by the keyboard: a dialog, a menu, a section opened. */
type Act = (page: Page) => Promise<void>;

const openSignDialog: Act = async (page) => {
  await page.waitForSelector('.chart-warnings li');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('dialog.sign-dialog[open] [data-warning]');
};
const openStartFrom: Act = async (page) => {
  await page.getByRole('button', { name: 'Start from…' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.start-from [role="menu"]');
};
const openTcm: Act = async (page) => {
  // Open or closed is remembered for the practitioner: it may be open from the last time.
  await page.focus('details.tcm-section > summary');
  if ((await page.locator('details.tcm-section[open]').count()) === 0) await page.keyboard.press('Enter');
  await page.waitForSelector('details.tcm-section[open]');
};
const openPalette: Act = async (page) => {
  await page.keyboard.press('Control+k');
  await page.waitForSelector('dialog.palette[open]');
  await page.keyboard.type('ST36');
  await page.waitForSelector('.palette-list li:has-text("Chart ST36")');
};
const openAuditRun: Act = async (page) => {
  await page.waitForSelector('button.audit-count');
  await page.focus('button.audit-count >> nth=0');
  await page.keyboard.press('Enter');
  await page.waitForSelector('tr.audit-run-entry');
};

/** Every screen of the app, by name, and where it is on the demo clinic; some in a state the keyboard puts them in. */
const SCREENS: [string, (ids: Ids) => string, Act?][] = [
  ['review', () => '#/review'],
  ['patients', () => '#/patients'],
  ['patient', (i) => `#/patients/${i.patientId}`],
  ['patient-new', () => '#/patients/new'],
  ['case', (i) => `#/cases/${i.caseId}`],
  ['case-edit', (i) => `#/cases/${i.caseId}/edit`],
  ['case-new', (i) => `#/patients/${i.patientId}/cases/new`],
  ['visit-signed', (i) => `#/visits/${i.signedVisit}`],
  ['visit-draft', (i) => `#/visits/${i.draftVisit}`],
  ['visit-draft-warnings', (i) => `#/visits/${i.warnedVisit}`, (page) => page.waitForSelector('.chart-warnings li').then(() => undefined)],
  ['visit-draft-tcm-open', (i) => `#/visits/${i.warnedVisit}`, openTcm],
  ['visit-draft-start-from', (i) => `#/visits/${i.warnedVisit}`, openStartFrom],
  ['visit-sign-dialog-warnings', (i) => `#/visits/${i.warnedVisit}`, openSignDialog],
  ['palette-in-draft', (i) => `#/visits/${i.warnedVisit}`, openPalette],
  ['assessment', (i) => `#/assessments/${i.assessment}`],
  ['search', () => '#/search?q=taut%20band'],
  ['superbills', () => '#/superbills'],
  ['audit', () => '#/audit'],
  ['audit-run-opened', () => '#/audit', openAuditRun],
  ['settings', () => '#/settings'],
  ['settings-people', () => '#/settings/people'],
  ['settings-fees', () => '#/settings/fees'],
  ['settings-mcids', () => '#/settings/mcids'],
  ['settings-phrases', () => '#/settings/phrases'],
  ['settings-records', () => '#/settings/records'],
  ['settings-import', () => '#/settings/import'],
  ['settings-references', () => '#/settings/references'],
];
const CASES = (['light', 'dark'] as const).flatMap((scheme) => SCREENS.map(([name, where, act]) => ({ scheme, name, where, act })));

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
      warnedVisit: 0,
    };
    db.close();
    page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    watch = watchPage(page);
    // A draft whose warnings show: a pregnant runner with a pacemaker, SP6 and a lead pair charted.
    await gotoApp(page, `${clinic.preview.url}#/patients`);
    const call = contractIn(page);
    const [provider] = await call('listProviders', {});
    const lena = await call('savePatient', { firstName: 'Lena', lastName: 'Hoffmann', dateOfBirth: '1991-02-11', sex: 'female', volumeUnit: 'km', races: [] });
    await call('saveSafetyScreen', {
      patientId: lena.id,
      pregnant: true,
      dueDate: null,
      implantedDevice: true,
      bleedingRisk: false,
      needleFainting: false,
      metalLatexAllergy: false,
      diabetesNeuropathy: false,
      precautions: '',
      reviewedOn: '2026-09-01',
    });
    const kase = await call('saveCase', {
      patientId: lena.id,
      conditionText: 'Plantar fasciitis',
      side: 'left',
      onsetDate: '2026-08-01',
      startDate: '2026-09-01',
      diagnoses: [],
    });
    const visit = await call('createVisit', { caseId: kase.id, providerId: provider!.id, startedAt: '2026-09-02T09:00' });
    const drafted = await call('getVisit', { id: visit.id });
    await call('saveVisit', {
      id: visit.id,
      providerId: provider!.id,
      startedAt: '2026-09-02T09:00',
      acupoints: [
        { code: 'SP6', side: 'L' },
        { code: 'KI3', side: 'L' },
        { code: 'BL57', side: 'L' },
      ],
      leadPairs: [
        {
          from: { kind: 'acupoint', ref: 'BL57', side: 'L' },
          to: { kind: 'acupoint', ref: 'KI3', side: 'L' },
          frequency: '2/100',
          waveform: 'dense-disperse',
          intensityMa: '2',
          minutes: '20',
        },
      ],
      version: drafted.version,
    });
    ids.warnedVisit = visit.id;
  });
  afterAll(async () => {
    await page?.close();
  });

  it.each(CASES)('finds nothing serious or critical and no skipped heading level on $name ($scheme, 1280×720)', async ({ scheme, name, where, act }) => {
    await page.emulateMedia({ colorScheme: scheme });
    // A state is reached on a fresh load of its screen: nothing left open from the screen before.
    if (act) await page.goto('about:blank');
    await gotoApp(page, `${clinic.preview.url}${where(ids)}`);
    await page.waitForSelector('main h1');
    // Let lazy parts (charts) and the screen's own fetches land before judging it.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(150);
    await act?.(page);
    const serious = (await axeFindings(page))
      .filter((f) => f.impact === 'serious' || f.impact === 'critical' || f.id === 'heading-order')
      .map((f) => `${f.id} (${f.impact}) ${f.help} — ${f.targets.join(', ')}`);
    await screenshot(page, `screen-${name}-${scheme}`, { fullPage: false });
    expect(serious).toEqual([]);
    expect(watch.problems).toEqual([]);
  });
});
