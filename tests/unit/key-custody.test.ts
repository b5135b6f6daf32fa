import { describe, expect, it } from 'vitest';
import {
  confirmationGroups,
  confirmsRecovery,
  custodyOn,
  keyFromRecovery,
  newDataKey,
  openKeyUnder,
  recoveryKeyOf,
  sealKeyUnder,
  unwrapKey,
  wrapKey,
} from '../../db/key-custody';
import { fakeSafeStorage } from '../support/fake-safe-storage';

describe('key custody', () => {
  it('uses the keychain where there is a real one, and a passphrase where Linux answers basic_text or nothing is available', () => {
    expect(custodyOn(fakeSafeStorage('gnome_libsecret'), 'linux')).toBe('keychain');
    expect(custodyOn(fakeSafeStorage('kwallet5'), 'linux')).toBe('keychain');
    expect(custodyOn(fakeSafeStorage('basic_text'), 'linux')).toBe('passphrase');
    expect(custodyOn(fakeSafeStorage('unknown'), 'linux')).toBe('passphrase');
    expect(custodyOn(fakeSafeStorage('gnome_libsecret', false), 'linux')).toBe('passphrase');
    // macOS and Windows have no backend to ask: the Keychain and DPAPI are what safeStorage uses.
    expect(custodyOn({ ...fakeSafeStorage(''), getSelectedStorageBackend: undefined }, 'darwin')).toBe('keychain');
    expect(custodyOn({ ...fakeSafeStorage(''), getSelectedStorageBackend: undefined }, 'win32')).toBe('keychain');
  });

  it('wraps a random 256-bit key by the keychain, and another machine’s keychain is told it is locked with a different key', () => {
    const key = newDataKey();
    expect(key).toHaveLength(32);
    expect(newDataKey().equals(key)).toBe(false);
    const here = fakeSafeStorage('gnome_libsecret');
    const wrapped = wrapKey(key, 'keychain', { safe: here });
    expect(JSON.stringify(wrapped)).not.toContain(key.toString('hex'));
    expect(unwrapKey(wrapped, { safe: here }).equals(key)).toBe(true);
    expect(() => unwrapKey(wrapped, { safe: fakeSafeStorage('gnome_libsecret', true, 0x33) })).toThrow(/This data file is locked with a different key/);
  });

  it('on basic_text asks for a passphrase instead of pretending: refuses none, refuses a wrong one, opens with the right one', () => {
    const safe = fakeSafeStorage('basic_text');
    const key = newDataKey();
    expect(() => wrapKey(key, custodyOn(safe, 'linux'), { safe })).toThrow(/no keychain that protects the key.*passphrase of at least 12/);
    const wrapped = wrapKey(key, custodyOn(safe, 'linux'), { safe, passphrase: 'long run on the river path' });
    expect(wrapped.custody).toBe('passphrase');
    expect(JSON.stringify(wrapped)).not.toContain(key.toString('hex'));
    expect(unwrapKey(wrapped, { safe, passphrase: 'long run on the river path' }).equals(key)).toBe(true);
    expect(() => unwrapKey(wrapped, { safe, passphrase: 'long run on the river pat' })).toThrow('This data file is locked with a different key.');
    // A changed byte of what is stored is found by the authentication tag, not decrypted into another key.
    const blob = Buffer.from(wrapped.blob, 'base64');
    blob[0] = blob[0]! ^ 1;
    expect(() => unwrapKey({ ...wrapped, blob: blob.toString('base64') }, { safe, passphrase: 'long run on the river path' })).toThrow(/different key/);
  });

  it('prints a recovery key that gives the key back as typed, and catches a mistyped group', () => {
    const key = newDataKey();
    const recovery = recoveryKeyOf(key);
    expect(recovery).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){13}[0-9A-HJKMNP-TV-Z]{3}$/);
    expect(keyFromRecovery(recovery).equals(key)).toBe(true);
    expect(keyFromRecovery(` ${recovery.toLowerCase().replace(/-/g, ' ')} `).equals(key)).toBe(true);
    const groups = recovery.split('-');
    const typo = [...groups];
    typo[5] = typo[5]![0] === 'A' ? `B${typo[5]!.slice(1)}` : `A${typo[5]!.slice(1)}`;
    expect(() => keyFromRecovery(typo.join('-'))).toThrow(/mistyped group/);
    expect(() => keyFromRecovery(groups.slice(1).join('-'))).toThrow(/14 groups printed on the recovery sheet/);
  });

  it('confirms the sheet was kept by two groups typed back', () => {
    const recovery = recoveryKeyOf(newDataKey());
    const [a, b] = confirmationGroups();
    expect(a).toBeLessThan(b);
    const parts = recovery.split('-');
    expect(confirmsRecovery(recovery, [a, b], [parts[a]!.toLowerCase(), parts[b]!])).toBe(true);
    expect(confirmsRecovery(recovery, [a, b], [parts[a]!, '----'])).toBe(false);
    expect(confirmsRecovery(recovery, [a, b], [parts[a]!])).toBe(false);
  });

  it('seals a rotation’s new key under the old one: the old key opens it, any other key or a changed byte does not', () => {
    const [old, next] = [newDataKey(), newDataKey()];
    const sealed = sealKeyUnder(next, old);
    expect(openKeyUnder(sealed, old)).toEqual(next);
    expect(JSON.stringify(sealed)).not.toContain(next.toString('hex'));
    expect(openKeyUnder(sealed, newDataKey())).toBeNull();
    const blob = Buffer.from(sealed.blob, 'base64');
    blob[0] = blob[0]! ^ 1;
    expect(openKeyUnder({ ...sealed, blob: blob.toString('base64') }, old)).toBeNull();
  });
});
