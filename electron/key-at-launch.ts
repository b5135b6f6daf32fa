import { existsSync } from 'node:fs';
import { isPostgresUrl } from '../db/engine/types';
import { isPlainFile } from '../db/engine/cipher';
import { custodyOn, newDataKey, unwrapKey, wrapKey, type KeychainKey, type SafeStorageLike } from '../db/key-custody';
import { readKeyFile, writeKeyFile } from '../db/key-file';

/**
 * The data key the main process hands the database process at launch (docs/encryption.md), from
 * Electron's `safeStorage` — which only the main process can use:
 *
 * - a key kept by this computer's keychain is unwrapped;
 * - a new data file on a computer with a real keychain gets a new key, wrapped by it and kept
 *   beside the file before the file is made (so a crash between the two leaves nothing unopenable);
 * - otherwise none: a key kept by a passphrase, a keychain that does not open it (another
 *   computer, a reset keychain) or a new file where the keychain protects nothing (Linux answering
 *   `basic_text`) is asked for in the window (db/host.ts, `openDataFile`), never guessed around.
 */
export function keyAtLaunch(dataFile: string, safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): Buffer | null {
  if (isPostgresUrl(dataFile)) return null;
  const kept = readKeyFile(dataFile);
  // A key rotation cut short (db/key-rotation.ts) may have moved the file to its new key, kept by a
  // passphrase: the window asks for it, and the old key's holder finishes the rotation.
  if (kept?.rotation) return null;
  if (kept?.wrapped.custody === 'keychain') {
    try {
      return unwrapKey(kept.wrapped, { safe });
    } catch {
      return null;
    }
  }
  if (kept || existsSync(dataFile) || custodyOn(safe, platform) !== 'keychain') return null;
  const key = newDataKey();
  writeKeyFile(dataFile, { format: 'needlebook-key/1', wrapped: wrapKey(key, 'keychain', { safe }), recoveryConfirmed: false });
  return key;
}

/**
 * A spare data key, wrapped by this computer's keychain, for a plain data file from before: the
 * database process cannot reach `safeStorage`, so when the practitioner encrypts the file from
 * Settings it uses this key and keeps it by the keychain, asking for no passphrase. None where the
 * keychain protects nothing (a passphrase is asked for then) or the file is not a plain one.
 */
export function spareKeyAtLaunch(dataFile: string, safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): KeychainKey | null {
  if (isPostgresUrl(dataFile) || !existsSync(dataFile) || !isPlainFile(dataFile) || custodyOn(safe, platform) !== 'keychain') return null;
  const key = newDataKey();
  return { key, wrapped: wrapKey(key, 'keychain', { safe }) };
}
