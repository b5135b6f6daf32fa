import { describe, expect, it } from 'vitest';
import { openHost, type Host } from '../../db/host';
import type { IntegrityReport } from '../../shared/integrity';
import type { RecoveryStatus } from '../../shared/backup';
import { signedVisitOnFile } from '../support/charting';
import { DAMAGE } from '../support/damage';

/**
 * A large data file opens without SQLite's quick_check, which runs on the worker thread (db/host.ts,
 * issue 38): the window reads at once, every write waits for the check, and damage found there
 * turns the app read-only with the banner and the recovery screen, as an open that found it does.
 * The size threshold is set to 0 here, so the small test file takes the large file's way.
 */
const call = async (host: Host, channel: string, input: unknown = {}) => host.handle(channel, input);

describe('quick_check off the calls path', () => {
  it('a whole file: the check passes on the worker and a save goes through', async () => {
    const t = await signedVisitOnFile();
    const host = await openHost(t.place.target, { actor: 'test', session: true, quickCheckInlineBelow: 0, log: () => {} });
    try {
      expect((await call(host, 'signIn', { providerId: t.provider })).ok).toBe(true);
      const saved = await call(host, 'savePatient', { firstName: 'Lena', lastName: 'Berg', dateOfBirth: '1991-05-06', sex: 'female' });
      expect(saved.ok).toBe(true);
      await expect.poll(async () => ((await call(host, 'recovery')) as { value: RecoveryStatus }).value.checking, { timeout: 30_000 }).toBe(false);
      expect(host.damaged).toBeNull();
    } finally {
      await host.close();
    }
  });

  it('a damaged file: opened for reading, a save waits for the check and is refused, then read-only with the banner and the recovery screen', async () => {
    const t = await signedVisitOnFile();
    // Enough rows that the damage lands on pages of records, not only free space.
    DAMAGE['random pages'](t.place.target);
    const host = await openHost(t.place.target, { actor: 'test', session: true, quickCheckInlineBelow: 0, log: () => {} });
    try {
      // Opened without the check. Whether the worker has found the damage by now depends on the
      // machine (on a quiet one it has, before the first call): either way the save below is refused.
      // Which pages the damage lands on follows the file's layout: the sign-in's own reads and row
      // may meet it first, and then it too is refused as damage, with nothing written.
      const signedIn = await call(host, 'signIn', { providerId: t.provider });
      if (!signedIn.ok) expect(signedIn.error).toMatchObject({ code: 'storage', message: expect.stringMatching(/^The data file is damaged/) });
      const saved = await call(host, 'savePatient', { firstName: 'Lena', lastName: 'Berg', dateOfBirth: '1991-05-06', sex: 'female' });
      expect(saved).toMatchObject({ ok: false, error: { code: 'storage' } });
      expect(saved.ok ? '' : saved.error.message).toMatch(
        signedIn.ok ? /^The data file is damaged, so Needlebook opened it read-only\. Nothing was saved\./ : /^The data file is damaged/,
      );
      await expect
        .poll(() => host.damaged, { timeout: 30_000 })
        .toMatch(/^The data file is damaged \(SQLite quick_check: .+\)\. Needlebook opened it read-only/);
      const report = ((await call(host, 'integrity')) as { value: IntegrityReport }).value;
      expect(report.damaged).toMatch(/^The data file is damaged/);
      const recovery = ((await call(host, 'recovery')) as { value: RecoveryStatus }).value;
      expect(recovery.problem).toMatch(/^The data file is damaged \(SQLite quick_check: /);
    } finally {
      await host.close();
    }
  });
});
