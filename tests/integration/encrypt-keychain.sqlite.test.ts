import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPlainFile, opensWith, useDataKey } from '../../db/engine/cipher';
import { openHost } from '../../db/host';
import { readKeyFile } from '../../db/key-file';
import { keyAtLaunch, spareKeyAtLaunch } from '../../electron/key-at-launch';
import { fakeSafeStorage } from '../support/fake-safe-storage';

/**
 * Issue 31, points 2 and 3: a plain data file from before, encrypted from Settings on a computer
 * whose keychain protects a key, keeps its new key by that keychain — as a new file's key is kept —
 * and asks for no passphrase. The database process cannot reach Electron's safeStorage, so the main
 * process hands it a spare key already wrapped by the keychain (safeStorage faked here).
 */
const plainDemo = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'needlebook-keychain-')), 'needlebook.db');
  const env = { ...process.env };
  delete env.NEEDLEBOOK_KEY;
  expect(spawnSync(process.execPath, ['electron/needlebook.mjs', 'demo', '--db', file, '--unencrypted'], { env }).status).toBe(0);
  return file;
};
afterAll(() => useDataKey(null));

describe('encrypting a plain file from Settings where the keychain protects a key', () => {
  it('keeps the new key by the keychain, asks for no passphrase, and the next launch unwraps it', async () => {
    const file = plainDemo();
    const keychain = fakeSafeStorage('gnome_libsecret');
    const spare = spareKeyAtLaunch(file, keychain, 'linux')!;
    expect(spare.key).toHaveLength(32);
    useDataKey(null);
    const host = await openHost(file, { actor: 'test', keychainKey: spare });
    try {
      const done = await host.handle('encryptDataFile', {});
      expect(done).toMatchObject({ ok: true, value: { custody: 'keychain', recoveryKey: expect.stringMatching(/^(?:[0-9A-Z]{4}-){13}[0-9A-Z]{3}$/) } });
    } finally {
      await host.close();
    }
    expect(isPlainFile(file)).toBe(false);
    expect(readKeyFile(file)).toMatchObject({ wrapped: { custody: 'keychain' }, recoveryConfirmed: false });
    expect(keyAtLaunch(file, keychain, 'linux')).toEqual(spare.key);
    expect(opensWith(file, spare.key)).toBe(true);
    // Encrypted now: no spare is made for it any more.
    expect(spareKeyAtLaunch(file, keychain, 'linux')).toBeNull();
  }, 120_000);

  it('has no spare where the keychain protects nothing, and then a passphrase is required, named on its field', async () => {
    const file = plainDemo();
    expect(spareKeyAtLaunch(file, fakeSafeStorage('basic_text'), 'linux')).toBeNull();
    expect(spareKeyAtLaunch(file, fakeSafeStorage('', false), 'win32')).toBeNull();
    useDataKey(null);
    const host = await openHost(file, { actor: 'test', keychainKey: null });
    try {
      expect(await host.handle('recoveryKey', {})).toMatchObject({ ok: true, value: { custody: 'unencrypted', keychainReady: false } });
      expect(await host.handle('encryptDataFile', {})).toMatchObject({ ok: false, error: { fields: { secret: 'Passphrase is required' } } });
    } finally {
      await host.close();
    }
    expect(isPlainFile(file)).toBe(true);
    expect(readKeyFile(file)).toBeNull();
  }, 120_000);
});
