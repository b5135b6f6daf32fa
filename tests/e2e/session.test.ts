import { describe, expect, it } from 'vitest';
import { demoClinicInChromium, screenshot, watchPage } from '../support/browser';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { hashPasscode } from '../../db/session';

/**
 * The practitioner at the keyboard: chooses who they are when the app opens, keeps a passcode,
 * and walks away mid-note; after the clinic's idle minutes the app hides every record, and
 * unlocking with the passcode brings back the note with what was typed.
 */
describe('signing in, and the idle lock', () => {
  let draftId: number;
  let providerName: string;
  const clinic = demoClinicInChromium('session', (file) => {
    const raw = new BetterSqlite3(file, { readonly: true });
    const draft = raw
      .prepare('SELECT v.id, p.name FROM visit v JOIN provider p ON p.id = v.provider_id WHERE v.signed_at IS NULL ORDER BY v.id LIMIT 1')
      .get() as { id: number; name: string };
    raw.close();
    draftId = draft.id;
    providerName = draft.name;
  });

  it('asks for the sign-in form’s providers with the window’s first calls, once, not after the session says a sign-in is needed', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 860 } });
    const calls: { channel: string; at: number }[] = [];
    const answered = new Map<string, number>();
    page.on('request', (r) => {
      if (r.url().includes('/api/')) calls.push({ channel: r.url().split('/api/')[1]!, at: performance.now() });
    });
    page.on('requestfinished', (r) => {
      const channel = r.url().split('/api/')[1];
      if (channel && !answered.has(channel)) answered.set(channel, performance.now());
    });
    await page.goto(clinic.preview.url);
    await page
      .locator('form[aria-label="Sign in"]')
      .getByLabel(new RegExp(`^${providerName}`))
      .waitFor();
    const asked = calls.filter((c) => c.channel === 'listProviders');
    expect(asked).toHaveLength(1);
    // Sent before the session's answer came back: the form did not wait for it to ask.
    expect(asked[0]!.at).toBeLessThan(answered.get('session')!);
    await page.close();
  });

  it('asks who is charting, locks after 10 idle minutes hiding the note, and unlocks to the text as typed', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 860 } });
    const watch = watchPage(page);
    await page.clock.install();
    await page.goto(clinic.preview.url);
    const signIn = page.locator('form[aria-label="Sign in"]');
    await signIn.waitFor();
    expect(await page.locator('h1').textContent()).toBe('Who is charting?');
    expect(await page.locator('.app').count()).toBe(0);
    await page.getByLabel(new RegExp(`^${providerName}`)).check();
    await screenshot(page, 'session-sign-in', { fullPage: false });
    await signIn.getByRole('button', { name: `Sign in as ${providerName}` }).click();
    await page.locator('.session-bar').getByText(`Signed in as ${providerName}`).waitFor();

    await page.locator('.session-bar').getByRole('button', { name: 'Passcode' }).click();
    await page.fill('#new-passcode', 'needle-2468');
    await page.locator('form[aria-label="Passcode"]').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Passcode saved').waitFor();

    await page.goto(`${clinic.preview.url}#/visits/${draftId}`);
    await page.waitForSelector('#visit-subjective');
    const typed = 'Ran 14 km Sunday, lateral knee quiet until km 11';
    await page.fill('#visit-subjective', typed);

    await page.clock.fastForward('10:01');
    const lock = page.locator('form[aria-label="Unlock"]');
    await lock.waitFor();
    expect(await page.locator('h1:has-text("Needlebook is locked")').count()).toBe(1);
    expect(await page.locator('#visit-subjective').isVisible()).toBe(false);
    await screenshot(page, 'session-locked', { fullPage: false });

    await page.fill('#passcode', 'wrong-0000');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That passcode is not right').waitFor();
    await page.fill('#passcode', 'needle-2468');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.waitFor({ state: 'detached' });
    expect(await page.locator('#visit-subjective').inputValue()).toBe(typed);
    // A save the lock refused goes through once unlocked.
    await page.locator('.form-status-ok').waitFor();
    const raw = new BetterSqlite3(clinic.dbFile, { readonly: true });
    expect(raw.prepare('SELECT subjective FROM visit WHERE id = ?').get(draftId)).toEqual({ subjective: typed });
    raw.close();
    await screenshot(page, 'session-unlocked', { fullPage: false });
    expect(watch.problems).toEqual([]);
  });

  it('holds the passcode after five wrong tries, and asks a provider whose passcode is four digits to change it', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 860 } });
    const watch = watchPage(page);
    await page.goto(clinic.preview.url);
    await page.locator('.session-bar').getByText(`Signed in as ${providerName}`).waitFor();
    // A four-digit passcode, stored as a Needlebook before the six-digit rule stored it.
    const write = new BetterSqlite3(clinic.dbFile);
    write.prepare('UPDATE provider SET passcode_hash = ? WHERE name = ?').run(await hashPasscode('2468'), providerName);
    write.close();
    const wrongTries = () => {
      const raw = new BetterSqlite3(clinic.dbFile, { readonly: true });
      const n = (raw.prepare("SELECT count(*) AS n FROM audit_log WHERE detail LIKE 'wrong passcode%'").get() as { n: number }).n;
      raw.close();
      return n;
    };
    const before = wrongTries();
    await page.locator('.session-bar').getByRole('button', { name: 'Lock' }).click();
    const lock = page.locator('form[aria-label="Unlock"]');
    await lock.waitFor();
    for (let i = 1; i <= 5; i++) {
      await page.fill('#passcode', `99999${i}`);
      await lock.getByRole('button', { name: 'Unlock' }).click();
      await expect.poll(wrongTries).toBe(before + i);
    }
    await page.fill('#passcode', '2468');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText(/^Too many wrong tries: wait until /).waitFor();
    await screenshot(page, 'session-passcode-wait', { fullPage: false });
    // The wait over (its count is the app's on a file, kept in it).
    const clear = new BetterSqlite3(clinic.dbFile);
    clear.prepare('DELETE FROM passcode_attempt').run();
    clear.close();
    await page.fill('#passcode', '2468');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.waitFor({ state: 'detached' });
    const notice = page.getByText('Your passcode is shorter than Needlebook now allows', { exact: false });
    await notice.waitFor();
    await screenshot(page, 'session-passcode-change-due', { fullPage: false });
    await page.fill('#current-passcode', '2468');
    await page.fill('#new-passcode', '1357');
    await page.locator('form[aria-label="Passcode"]').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Passcode must be at least 6 digits, or a passphrase of at least 8 characters').waitFor();
    await page.fill('#new-passcode', 'needle-8642');
    await page.locator('form[aria-label="Passcode"]').getByRole('button', { name: 'Save' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(watch.problems).toEqual([]);
  });

  it('shows the patient’s audit trail: who opened, changed, locked and signed in, by provider', async () => {
    const page = await clinic.browser.newPage({ viewport: { width: 1280, height: 860 } });
    const watch = watchPage(page);
    const raw = new BetterSqlite3(clinic.dbFile, { readonly: true });
    const { patientId } = raw.prepare('SELECT c.patient_id AS "patientId" FROM visit v JOIN care_case c ON c.id = v.case_id WHERE v.id = ?').get(draftId) as {
      patientId: number;
    };
    raw.close();
    await page.goto(`${clinic.preview.url}#/patients/${patientId}`);
    await page.getByRole('link', { name: 'Audit trail' }).click();
    const rows = page.locator('table.audit tbody tr');
    await rows.first().waitFor();
    const text = (await rows.allTextContents()).join('\n');
    expect(text).toContain(`visit ${draftId}`);
    expect(text).toMatch(new RegExp(`${providerName}.*view.*patient ${patientId}`));
    expect(await page.locator('.notice').textContent()).toMatch(/^Showing .+ only/);
    await page.getByLabel('Action').selectOption('update');
    await expect.poll(async () => (await rows.locator('td:nth-child(4)').allTextContents()).every((a) => a === 'update')).toBe(true);
    await page.getByLabel('Action').selectOption('');
    await screenshot(page, 'audit-patient-trail', { fullPage: false });
    expect(watch.problems).toEqual([]);
  });
});
