import { describe, expect, it } from 'vitest';
import { createService } from '../../db/service';
import { hashPasscode } from '../../db/session';
import { dispatch } from '../../shared/dispatch';
import type { Session } from '../../shared/session';
import { chartVisit, itbsClinic } from '../support/charting';
import { errorOf, TEST_ENGINE, testDb, valueOf, type TestDb } from '../support/db';

/**
 * Who is at the keyboard, on the real service as the app runs it (sign-in required): the first
 * provider set up is signed in, records open only to a signed-in provider, passcodes are scrypt
 * hashes, a lock hides everything until the passcode, and a signature is the signed-in provider's.
 */
describe(`signing in, passcodes and the lock (${TEST_ENGINE})`, () => {
  /** A second seat on the same database: the app as it opens, nobody signed in yet. */
  function appOn(t: Pick<TestDb, 'ctx' | 'db'>) {
    const service = createService(t.ctx, { appVersion: 'test', databaseFile: '', schemaVersion: () => t.db.schemaVersion(), requireSignIn: true });
    return (channel: string, input: unknown = {}) =>
      dispatch(service, channel, input, (e) => {
        throw e;
      });
  }

  it('opens a new clinic to set up, and signs in whoever creates the first provider', async () => {
    const t = await testDb();
    const app = appOn(t);
    expect(valueOf(await app('session'))).toMatchObject({ provider: null, signInRequired: false, idleLockMinutes: 10 });
    valueOf(await app('saveClinic', { name: 'Stride Acupuncture', idleLockMinutes: 15 }));
    valueOf(await app('saveProvider', { name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' }));
    expect(valueOf(await app('session'))).toMatchObject({ provider: { name: 'Mara Quinn' }, locked: false, signInRequired: true, idleLockMinutes: 15 });
  });

  it('answers nothing clinical until a provider signs in, then audits as them', async () => {
    const t = await itbsClinic();
    const app = appOn(t);
    expect(errorOf(await app('getPatient', { id: t.ana.id }))).toMatchObject({ code: 'forbidden', message: 'Sign in to Needlebook first.' });
    expect(errorOf(await app('searchNotes', { query: 'knee' })).code).toBe('forbidden');
    expect((valueOf(await app('listProviders', { includeInactive: false })) as unknown[]).length).toBe(2);
    valueOf(await app('signIn', { providerId: t.theo.id }));
    valueOf(await app('getPatient', { id: t.ana.id }));
    expect(await t.db.all("SELECT action, provider_id AS \"providerId\" FROM audit_log WHERE action IN ('sign-in', 'view') ORDER BY id")).toEqual([
      { action: 'sign-in', providerId: t.theo.id },
      { action: 'view', providerId: t.theo.id },
    ]);
  });

  it('keeps passcodes as scrypt hashes, refuses a wrong one (audited) and takes the right one', async () => {
    const t = await itbsClinic();
    const app = appOn(t);
    expect(errorOf(await app('setPasscode', { providerId: t.mara.id, passcode: '246813' })).code).toBe('forbidden');
    valueOf(await app('signIn', { providerId: t.mara.id }));
    for (const weak of ['12', '2468', '24681', 'needle7']) {
      expect(errorOf(await app('setPasscode', { providerId: t.mara.id, passcode: weak })).fields.passcode).toBe(
        'Passcode must be at least 6 digits, or a passphrase of at least 8 characters',
      );
    }
    valueOf(await app('setPasscode', { providerId: t.mara.id, passcode: 'needle-2468' }));
    const { hash } = (await t.db.get<{ hash: string }>('SELECT passcode_hash AS hash FROM provider WHERE id = ?', [t.mara.id]))!;
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(hash).not.toContain('2468');
    expect(JSON.stringify(valueOf(await app('listProviders', { includeInactive: true })))).not.toContain('scrypt');

    const other = appOn(t);
    expect(errorOf(await other('signIn', { providerId: t.mara.id }))).toMatchObject({ code: 'forbidden', fields: { passcode: 'That passcode is not right' } });
    expect(errorOf(await other('signIn', { providerId: t.mara.id, passcode: 'needle-2469' })).code).toBe('forbidden');
    expect(valueOf(await other('signIn', { providerId: t.mara.id, passcode: 'needle-2468' }))).toMatchObject({ provider: { id: t.mara.id } });
    expect(await t.db.all("SELECT detail FROM audit_log WHERE action = 'sign-in' AND detail IS NOT NULL ORDER BY id")).toEqual([
      { detail: 'wrong passcode 1' },
      { detail: 'wrong passcode 2' },
    ]);
    // Changing it needs the one in use.
    expect(errorOf(await other('setPasscode', { providerId: t.mara.id, current: 'nope', passcode: 'other-1234' })).fields.current).toBe(
      'The current passcode is not right',
    );
  });

  it('locks: every record is refused until the signed-in provider unlocks with their passcode', async () => {
    const t = await itbsClinic();
    const app = appOn(t);
    valueOf(await app('signIn', { providerId: t.mara.id }));
    valueOf(await app('setPasscode', { providerId: t.mara.id, passcode: '864213' }));
    expect(valueOf(await app('lock'))).toMatchObject({ locked: true, provider: { id: t.mara.id } });
    expect(errorOf(await app('getCase', { id: t.careCase.id }))).toMatchObject({ code: 'forbidden', message: 'Needlebook is locked: unlock it to go on.' });
    expect(errorOf(await app('unlock', { passcode: '0000' })).fields.passcode).toBe('That passcode is not right');
    expect((valueOf(await app('unlock', { passcode: '864213' })) as Session).locked).toBe(false);
    valueOf(await app('getCase', { id: t.careCase.id }));
    expect(
      (await t.db.all("SELECT action FROM audit_log WHERE action IN ('lock', 'unlock') ORDER BY id")).map((r) => (r as { action: string }).action),
    ).toEqual(['lock', 'unlock']);
  });

  it('holds a provider’s passcode after five wrong tries, for a growing wait, audited', async () => {
    const t = await itbsClinic();
    const app = appOn(t);
    valueOf(await app('signIn', { providerId: t.mara.id }));
    valueOf(await app('setPasscode', { providerId: t.mara.id, passcode: '864213' }));
    valueOf(await app('lock'));
    for (let i = 1; i <= 5; i++) expect(errorOf(await app('unlock', { passcode: `00000${i}` })).fields.passcode).toBe('That passcode is not right');
    // The right passcode now waits too: guessing on is what the wait is for.
    expect(errorOf(await app('unlock', { passcode: '864213' })).fields.passcode).toMatch(/^Too many wrong tries: wait until /);
    const rows = await t.db.all<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'sign-in' AND detail LIKE 'wrong passcode%' ORDER BY id");
    expect(rows.map((r) => r.detail.replace(/until .*/, 'until …'))).toEqual([
      'wrong passcode 1',
      'wrong passcode 2',
      'wrong passcode 3',
      'wrong passcode 4',
      'wrong passcode 5, locked until …',
    ]);
    // On a file the app's clock decides; the clinic's server keeps its own (and its own count, out of any login's reach).
    if (TEST_ENGINE === 'sqlite') {
      t.clock.advance(31_000);
      expect(errorOf(await app('unlock', { passcode: '000006' })).fields.passcode).toBe('That passcode is not right');
      expect(errorOf(await app('unlock', { passcode: '864213' })).fields.passcode).toMatch(/^Too many wrong tries/);
      t.clock.advance(61_000);
      expect((valueOf(await app('unlock', { passcode: '864213' })) as Session).locked).toBe(false);
    }
  });

  it('asks a provider whose passcode was set under the old four-digit rule to change it', async () => {
    const t = await itbsClinic();
    const app = appOn(t);
    valueOf(await app('signIn', { providerId: t.mara.id }));
    valueOf(await app('setPasscode', { providerId: t.mara.id, passcode: '864213' }));
    // A hash of '2468' made as the older Needlebook made it, stored as it stored it.
    await t.db.run('UPDATE provider SET passcode_hash = ? WHERE id = ?', [await hashPasscode('2468'), t.mara.id]);
    const other = appOn(t);
    expect(valueOf(await other('signIn', { providerId: t.mara.id, passcode: '2468' }))).toMatchObject({ passcodeChangeDue: true });
    expect(valueOf(await other('setPasscode', { providerId: t.mara.id, current: '2468', passcode: '24681357' }))).not.toHaveProperty('passcodeChangeDue');
  });

  it('signs only as the provider signed in, and never an inactive one in', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00');
    const app = appOn(t);
    valueOf(await app('signIn', { providerId: t.theo.id }));
    expect(errorOf(await app('signVisit', { id: visit.id, providerId: t.mara.id }))).toMatchObject({
      code: 'forbidden',
      fields: { providerId: 'Sign in as Mara Quinn to sign' },
    });
    valueOf(await app('signOut'));
    valueOf(await app('signIn', { providerId: t.mara.id }));
    expect(valueOf(await app('signVisit', { id: visit.id, providerId: t.mara.id }))).toMatchObject({ signature: { providerName: 'Mara Quinn' } });
    valueOf(await app('saveProvider', { id: t.theo.id, name: 'Theo Lindqvist', credentials: 'DPT', npi: '1245319599', active: false }));
    expect(errorOf(await appOn(t)('signIn', { providerId: t.theo.id })).fields.providerId).toBe('Theo Lindqvist is inactive');
  });
});
