import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyAtLaunch } from '../../electron/key-at-launch';
import { unwrapKey, wrapKey, newDataKey, sealKeyUnder } from '../../db/key-custody';
import { readKeyFile, writeKeyFile } from '../../db/key-file';
import { fakeSafeStorage } from '../support/fake-safe-storage';

/**
 * What the main process hands the database process at launch, with Electron's safeStorage faked
 * (electron/key-at-launch.ts): the keychain's key, a new one for a new file where the keychain is
 * real, and nothing — the window asks — wherever a passphrase or the recovery key is needed.
 */
const fresh = () => join(mkdtempSync(join(tmpdir(), 'needlebook-launch-')), 'needlebook.db');
const macKeychain = fakeSafeStorage('');
const otherMac = fakeSafeStorage('', true, 0x33);

describe('the data key at launch', () => {
  it('makes a new file’s key and keeps it wrapped by a real keychain before the file exists', () => {
    const file = fresh();
    const key = keyAtLaunch(file, macKeychain, 'darwin')!;
    expect(key).toHaveLength(32);
    const kept = readKeyFile(file)!;
    expect(kept).toMatchObject({ wrapped: { custody: 'keychain' }, recoveryConfirmed: false });
    expect(JSON.stringify(kept)).not.toContain(key.toString('hex'));
    expect(unwrapKey(kept.wrapped, { safe: macKeychain })).toEqual(key);
    // The next launch unwraps the same key.
    expect(keyAtLaunch(file, macKeychain, 'darwin')).toEqual(key);
    expect(keyAtLaunch(file, fakeSafeStorage('gnome_libsecret'), 'linux')).toEqual(key);
  });

  it.each([
    ['Linux answering basic_text', fakeSafeStorage('basic_text'), 'linux' as const],
    ['Linux with no keyring chosen', fakeSafeStorage('unknown'), 'linux' as const],
    ['no encryption available at all', fakeSafeStorage('', false), 'win32' as const],
  ])('hands over no key for a new file on %s: the window asks for a passphrase, and nothing is written', (_name, safe, platform) => {
    const file = fresh();
    expect(keyAtLaunch(file, safe, platform)).toBeNull();
    expect(readKeyFile(file)).toBeNull();
  });

  it('hands over no key when another computer’s keychain kept it, when a passphrase keeps it, or for a plain file', () => {
    const file = fresh();
    keyAtLaunch(file, macKeychain, 'darwin');
    expect(keyAtLaunch(file, otherMac, 'darwin')).toBeNull();

    const byPassphrase = fresh();
    writeKeyFile(byPassphrase, {
      format: 'needlebook-key/1',
      wrapped: wrapKey(newDataKey(), 'passphrase', { safe: macKeychain, passphrase: 'twelve chars or more' }),
      recoveryConfirmed: true,
    });
    expect(keyAtLaunch(byPassphrase, macKeychain, 'darwin')).toBeNull();

    const plain = fresh();
    writeFileSync(plain, 'SQLite format 3\u0000');
    expect(keyAtLaunch(plain, macKeychain, 'darwin')).toBeNull();
    expect(readKeyFile(plain)).toBeNull();
    expect(keyAtLaunch('postgres://clinic.example/needlebook', macKeychain, 'darwin')).toBeNull();
  });

  it('hands over no key while a key rotation cut short is pending: the file may be under the new key, which the window asks for', () => {
    const file = fresh();
    const key = keyAtLaunch(file, macKeychain, 'darwin')!;
    const kept = readKeyFile(file)!;
    const next = newDataKey();
    writeKeyFile(file, {
      ...kept,
      rotation: { wrapped: wrapKey(next, 'passphrase', { safe: macKeychain, passphrase: 'twelve chars or more' }), underCurrent: sealKeyUnder(next, key) },
    });
    expect(keyAtLaunch(file, macKeychain, 'darwin')).toBeNull();
  });
});
