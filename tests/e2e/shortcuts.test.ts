import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoClinicInChromium, gotoApp, screenshot, watchPage } from '../support/browser';

const active = (page: Page) =>
  page.evaluate(() => `${document.activeElement?.tagName.toLowerCase()} ${document.activeElement?.textContent?.trim().slice(0, 40) ?? ''}`);

/** Ctrl+K and ? from anywhere, on the demo clinic, with the keyboard alone. */
describe('app-wide shortcuts', () => {
  const clinic = demoClinicInChromium('shortcuts');

  it('goes to a patient, charts a new visit on the case on screen, searches notes, and lists every shortcut', async () => {
    const db = new BetterSqlite3(clinic.dbFile, { readonly: true });
    const patient = db.prepare(`SELECT p.id, p.first_name AS first, p.last_name AS last FROM patient p ORDER BY p.id LIMIT 1`).get() as {
      id: number;
      first: string;
      last: string;
    };
    const caseId = (db.prepare('SELECT id FROM care_case WHERE patient_id = ? ORDER BY id LIMIT 1').get(patient.id) as { id: number }).id;
    db.close();
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await gotoApp(page, `${clinic.preview.url}#/review`);
    await page.waitForSelector('main h1');

    // The first Tab reaches "Skip to content", which moves focus past the sidebar.
    await page.keyboard.press('Tab');
    expect(await active(page)).toBe('button Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');

    // Go to a patient by part of the name.
    await page.keyboard.press('Control+k');
    await page.waitForSelector('dialog.palette[open]');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await page.keyboard.type(patient.last.slice(0, 5));
    await expect.poll(() => page.locator('.palette-list li').first().textContent()).toContain(`${patient.last}, ${patient.first}`);
    await screenshot(page, 'palette-patient', { fullPage: false });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(new RegExp(`#/patients/${patient.id}$`));
    expect(await page.locator('dialog[open]').count()).toBe(0);

    // On a case: a new visit for it.
    await gotoApp(page, `${clinic.preview.url}#/cases/${caseId}`);
    await page.waitForSelector('#case-title');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('new v');
    await expect.poll(() => page.locator('.palette-list li[aria-selected="true"]').textContent()).toBe('New visit for this case');
    await page.keyboard.press('Enter');
    await page.waitForSelector('form[aria-label="Visit chart"]');
    expect(await page.locator('.pill:has-text("Draft")').count()).toBeGreaterThan(0);

    // In the draft: an acupoint and a muscle charted from the palette, on the side chosen.
    await page.keyboard.press('Control+k');
    await page.waitForSelector('dialog.palette[open]');
    await page.keyboard.type('ST36');
    await expect.poll(() => page.locator('.palette-list li[aria-selected="true"]').textContent()).toBe('Chart ST36 Zusanli L');
    expect(await page.locator('.palette-list li').allTextContents()).toEqual(expect.arrayContaining(['Chart ST36 Zusanli R', 'Search notes for “ST36”']));
    await page.keyboard.press('ArrowDown');
    await screenshot(page, 'palette-chart-point', { fullPage: false });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr[data-row="acupoint-ST36-R"]').count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('acupoint-entry');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('gastroc');
    await expect.poll(() => page.locator('.palette-list li[aria-selected="true"]').textContent()).toBe('Chart Gastrocnemius (medial head) L');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr[data-row="muscle-gastrocnemius-medial-L"]').count()).toBe(1);

    // Every Settings page by its name.
    for (const [typed, label, path] of [
      ['people', 'Settings: People', '#/settings/people'],
      ['mcid', 'Settings: MCIDs', '#/settings/mcids'],
      ['referen', 'Settings: References', '#/settings/references'],
    ] as const) {
      await page.keyboard.press('Control+k');
      await page.waitForSelector('dialog.palette[open]');
      await page.keyboard.type(typed);
      await expect.poll(() => page.locator('.palette-list li[aria-selected="true"]').textContent()).toBe(label);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.url()).toMatch(new RegExp(`${path}$`));
      // A solo file's People page lists who charts in it, not one sentence on an empty page.
      if (typed === 'people') await expect.poll(() => page.locator('table.people-solo tbody tr').count()).toBeGreaterThan(0);
    }

    // Away from a draft, a point is looked for in the notes.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('ST36');
    await expect.poll(() => page.locator('.palette-list li[aria-selected="true"]').textContent()).toBe('Search notes for “ST36”');
    expect(await page.locator('.palette-list li', { hasText: 'Chart ' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    // Words that name no patient: search the notes for them.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('taut band');
    await expect.poll(() => page.locator('.palette-list li[aria-selected="true"]').textContent()).toBe('Search notes for “taut band”');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.search-results li');
    expect(await page.inputValue('input[name="note-search"]')).toBe('taut band');

    // Escape closes the palette and focus goes back to where it was.
    await page.focus('input[name="note-search"]');
    await page.keyboard.press('Control+k');
    await page.waitForSelector('dialog.palette[open]');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('note-search');

    // ? types a question mark in a field, and opens the list of shortcuts anywhere else.
    await page.keyboard.type('?');
    expect(await page.inputValue('input[name="note-search"]')).toBe('taut band?');
    expect(await page.locator('dialog[open]').count()).toBe(0);
    await page.locator('main h1').click();
    await page.keyboard.press('?');
    await page.waitForSelector('dialog.shortcut-help[open]');
    const sheet = await page.locator('dialog.shortcut-help').textContent();
    for (const key of ['Ctrl+K', 'Ctrl+Enter', 'Esc']) expect(sheet).toContain(key);
    // Keys print as typed: mA, not MA.
    expect(await page.locator('dialog.shortcut-help th', { hasText: 'GB31' }).innerText()).toBe('GB31 R - GB34 R 2/100 Hz dd 2 mA 20 min');
    await screenshot(page, 'shortcut-help', { fullPage: false });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    expect(watch.problems).toEqual([]);
  });
});
