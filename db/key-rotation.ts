import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../shared/outcome';
import { isPlainFile, opensWith } from './engine/cipher';
import { encryptFile, type EncryptStep } from './encrypt-file';
import { newDataKey, openKeyUnder, sealKeyUnder, wrapKey } from './key-custody';
import { NO_KEYCHAIN } from './key-intake';
import { readKeyFile, writeKeyFile } from './key-file';

/**
 * A new data key for a file and every backup (issue 31, point 2; docs/encryption.md): after a
 * recovery sheet or passphrase was seen by someone it should not have been. The old recovery key
 * stops opening anything this rotation re-encrypts.
 *
 * Nothing is changed in place and no moment leaves a file no key opens:
 * 1. the new key is kept beside the file first, wrapped by the passphrase it will be kept by and
 *    sealed under the current key (`rotation` in the key file);
 * 2. the data file is re-encrypted as a plain one is encrypted (copy, rekey, compare, one rename);
 * 3. each backup the current key opens is re-encrypted the same way;
 * 4. the key file keeps the new key alone, its recovery key not confirmed yet.
 * Killed anywhere, the file opens with the old key or the new one (`keyFromSecret` tries both while
 * `rotation` is there), and running the rotation again with the old key finishes it.
 */
export type RotationStep = 'pending' | `file ${EncryptStep}` | 'backups' | 'kept';

export interface Rotation {
  key: Buffer;
  /** Backups re-encrypted with the new key now. */
  reencrypted: string[];
  /** Encrypted backups neither key opens (made with a key from before): left as they are, listed. */
  foreign: string[];
}

const encryptedBackupsIn = (folder: string): string[] =>
  existsSync(folder)
    ? readdirSync(folder)
        .filter((n) => n.endsWith('.db'))
        .map((n) => join(folder, n))
        .filter((p) => !isPlainFile(p))
    : [];

/**
 * Rotates `file`'s data key from `current` (which must open it, or have started the rotation now
 * cut short) to a new one kept by `passphrase`. The caller holds the file's lock.
 */
export function rotateDataKey(
  file: string,
  current: Buffer,
  passphrase: string,
  backupFolders: readonly string[],
  after: (step: RotationStep) => void = () => {},
): Rotation {
  const kept = readKeyFile(file);
  if (!kept) throw new DomainError('conflict', `No key is kept beside ${file}: a key rotation needs its key file (${file}.key).`);
  let next: Buffer;
  if (kept.rotation) {
    // A rotation cut short: its new key, from the old one.
    const resumed = openKeyUnder(kept.rotation.underCurrent, current);
    if (!resumed)
      throw new DomainError('conflict', 'A key rotation of this file was cut short: give the passphrase or recovery key from before it to finish it.', {
        key: 'Give the passphrase or recovery key from before the rotation',
      });
    next = resumed;
    // Kept by the passphrase given now, which the practitioner has just typed and will remember.
    writeKeyFile(file, { ...kept, rotation: { ...kept.rotation, wrapped: wrapKey(next, 'passphrase', { safe: NO_KEYCHAIN, passphrase }) } });
  } else {
    if (!opensWith(file, current)) throw new DomainError('conflict', 'This data file is locked with a different key. Nothing was changed.');
    next = newDataKey();
    writeKeyFile(file, {
      ...kept,
      rotation: { wrapped: wrapKey(next, 'passphrase', { safe: NO_KEYCHAIN, passphrase }), underCurrent: sealKeyUnder(next, current) },
    });
  }
  after('pending');
  if (!opensWith(file, next)) encryptFile(file, next, (step) => after(`file ${step}`), current);
  const reencrypted: string[] = [];
  const foreign: string[] = [];
  for (const backup of backupFolders.flatMap(encryptedBackupsIn)) {
    if (opensWith(backup, next)) continue;
    if (!opensWith(backup, current)) {
      foreign.push(backup);
      continue;
    }
    encryptFile(backup, next, () => {}, current);
    reencrypted.push(backup);
  }
  after('backups');
  const finishing = readKeyFile(file)!;
  writeKeyFile(file, { format: 'needlebook-key/1', wrapped: finishing.rotation!.wrapped, recoveryConfirmed: false });
  after('kept');
  return { key: next, reencrypted, foreign };
}

/** Whether a key rotation of `file` was cut short and waits to be finished. */
export const rotationPending = (file: string): boolean => readKeyFile(file)?.rotation !== undefined;
