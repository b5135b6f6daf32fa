import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { SealedKey, WrappedKey } from './key-custody';

/**
 * The data key as kept beside the data file, `needlebook.db.key`: always wrapped (by the
 * keychain or a passphrase), never the key itself, so the file and this beside it open nothing
 * without the keychain, the passphrase or the recovery key. Backups do not need it: they are
 * encrypted with the same data key, which the recovery key is.
 */
export interface KeyFile {
  format: 'needlebook-key/1';
  wrapped: WrappedKey;
  /** Whether the practitioner has confirmed the recovery key (typed part of it back): until then the app asks again. */
  recoveryConfirmed: boolean;
  /**
   * A key rotation under way (db/key-rotation.ts): the new data key, wrapped as it will be kept,
   * and sealed under the current one. Present from before the file is re-encrypted until every
   * backup is; at any moment the file opens with one of the two.
   */
  rotation?: { wrapped: WrappedKey; underCurrent: SealedKey };
}

export const keyFileOf = (dataFile: string) => `${dataFile}.key`;

export function readKeyFile(dataFile: string): KeyFile | null {
  const path = keyFileOf(dataFile);
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<KeyFile>;
    if (parsed.format !== 'needlebook-key/1' || typeof parsed.wrapped !== 'object' || parsed.wrapped === null) return null;
    const rotation = typeof parsed.rotation === 'object' && parsed.rotation !== null ? parsed.rotation : undefined;
    return { format: parsed.format, wrapped: parsed.wrapped, recoveryConfirmed: parsed.recoveryConfirmed === true, ...(rotation ? { rotation } : {}) };
  } catch {
    return null;
  }
}

/** Written whole or not at all: a temporary name, flushed, then renamed over the old one. */
export function writeKeyFile(dataFile: string, keyFile: KeyFile): void {
  const path = keyFileOf(dataFile);
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(keyFile, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
}

export const removeKeyFile = (dataFile: string) => rmSync(keyFileOf(dataFile), { force: true });
