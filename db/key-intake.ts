import { existsSync, statSync } from 'node:fs';
import { DomainError } from '../shared/outcome';
import { isPostgresUrl } from './engine/types';
import { isPlainFile, opensWith, WRONG_KEY } from './engine/cipher';
import { keyFromRecovery, MIN_PASSPHRASE, newDataKey, openKeyUnder, recoveryKeyOf, unwrapKey, wrapKey, type SafeStorageLike } from './key-custody';
import { readKeyFile, writeKeyFile } from './key-file';

/**
 * Where the command line and the harness get a data file's key: `NEEDLEBOOK_KEY` or a prompt —
 * never an argument, which `ps` shows to every account on the machine. What is given is the
 * file's passphrase (unwrapping the key kept beside it) or its recovery key (which is the key).
 */

/** Outside Electron there is no keychain: keys are kept with a passphrase. */
export const NO_KEYCHAIN: SafeStorageLike = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('no keychain outside the app');
  },
  decryptString: () => {
    throw new Error('no keychain outside the app');
  },
};

/**
 * `key` kept beside `dataFile` by a passphrase from now on: a new file's key (its recovery key not
 * confirmed yet), or a key whose passphrase changes (what was confirmed stays confirmed).
 */
export function keepKeyByPassphrase(dataFile: string, key: Buffer, passphrase: string, recoveryConfirmed: boolean): void {
  writeKeyFile(dataFile, { format: 'needlebook-key/1', wrapped: wrapKey(key, 'passphrase', { safe: NO_KEYCHAIN, passphrase }), recoveryConfirmed });
}

/** A recovery key as typed: 55 characters of Crockford base32, with or without dashes and spaces. */
export const looksLikeRecoveryKey = (text: string) => /^[0-9A-Za-z]{55}$/.test(text.replace(/[\s-]/g, ''));

/** The data key of an existing encrypted file from what was given for it. */
export const keyFromSecret = (dataFile: string, secret: string): Buffer => keyOpening(dataFile, keyGiven(dataFile, secret));

/**
 * The key that opens `dataFile` now, from a key given for it: the same key, or — while a key
 * rotation cut short is pending (db/key-rotation.ts) and the file is under the new key already —
 * the new key, which the old one unseals.
 */
export function keyOpening(dataFile: string, key: Buffer): Buffer {
  const rotation = readKeyFile(dataFile)?.rotation;
  const next = rotation ? openKeyUnder(rotation.underCurrent, key) : null;
  return next && existsSync(dataFile) && opensWith(dataFile, next) ? next : key;
}

/** The key a passphrase or recovery key gives, whether or not it opens the file now. */
export function keyGiven(dataFile: string, secret: string): Buffer {
  if (looksLikeRecoveryKey(secret)) return keyFromRecovery(secret);
  const kept = readKeyFile(dataFile);
  if (!kept)
    throw new DomainError('storage', `${WRONG_KEY} No key is kept beside it (${dataFile}.key): give its recovery key.`, {
      key: 'Give the recovery key printed on the recovery sheet',
    });
  // During a key rotation the new key is kept by the new passphrase as well (db/key-rotation.ts).
  const byPassphrase = [kept.wrapped, kept.rotation?.wrapped].filter((w) => w?.custody === 'passphrase');
  if (byPassphrase.length === 0)
    throw new DomainError('storage', 'This data file’s key is kept by the keychain of the computer where the app made it: give its recovery key here.', {
      key: 'Give the recovery key printed on the recovery sheet',
    });
  let refused: unknown;
  for (const wrapped of byPassphrase) {
    try {
      return unwrapKey(wrapped!, { safe: NO_KEYCHAIN, passphrase: secret });
    } catch (error) {
      refused = error;
    }
  }
  throw refused;
}

export interface KeyIntake {
  /** NEEDLEBOOK_KEY, if set. */
  secret: string | null;
  /** Asks on the terminal without echo; null when there is no terminal to ask on. */
  prompt: ((question: string) => Promise<string>) | null;
  /** Whether the run makes `target` if it is not there (`demo`, `clinic export`, the harness); others only read what is. */
  creates?: boolean;
  /** A new file is made without encryption (`--unencrypted`): only when asked for by name. */
  unencrypted?: boolean;
  /** Where the recovery key of a new file is said, once. */
  say: (line: string) => void;
  /** The data file whose kept key opens `target` (a backup restored in place of a missing data file); else `target` itself. */
  keptBeside?: string;
}

/**
 * The key `target` is opened with, or null for a clinic database, a plain file (an upgrade offers
 * to encrypt it) or a new file made unencrypted on request. A new file is encrypted: with the
 * passphrase given, a new data key is made and kept wrapped beside the file, and its recovery key
 * is said once; a recovery key given makes that the file's key.
 */
export async function keyForRun(target: string, intake: KeyIntake): Promise<Buffer | null> {
  if (isPostgresUrl(target) || target === ':memory:') return null;
  const exists = existsSync(target) && statSync(target).size > 0;
  if (exists && isPlainFile(target)) return null;
  if (!exists && (intake.unencrypted || !intake.creates)) return null;
  const ask = async (question: string) => {
    if (intake.secret !== null && intake.secret !== '') return intake.secret;
    if (!intake.prompt)
      throw new DomainError(
        'storage',
        `${exists ? 'This data file is encrypted' : 'A new data file is encrypted'}: set NEEDLEBOOK_KEY to its passphrase or recovery key, or run in a terminal to be asked.${exists ? '' : ' (--unencrypted makes a plain file, for tests only.)'}`,
      );
    return intake.prompt(question);
  };
  if (exists) {
    const keptBy = intake.keptBeside ?? target;
    // Not plain SQLite, no key kept beside it and none given: a damaged or foreign file as far as
    // anyone can tell, which the file checks name (and say it may be an encrypted one without its key).
    if (!intake.secret && readKeyFile(keptBy) === null) return null;
    return keyFromSecret(keptBy, await ask('Passphrase or recovery key: '));
  }
  const secret = await ask(`New passphrase for ${target} (at least ${MIN_PASSPHRASE} characters): `);
  if (looksLikeRecoveryKey(secret)) return keyFromRecovery(secret);
  if (intake.secret === null && intake.prompt) {
    const again = await intake.prompt('The same passphrase again: ');
    if (again !== secret) throw new DomainError('invalid_input', 'The two passphrases differ. Nothing was made.', { passphrase: 'Passphrases differ' });
  }
  const key = newDataKey();
  keepKeyByPassphrase(target, key, secret, false);
  intake.say(
    `The new data file is encrypted. Its recovery key opens it if the passphrase is lost — write it down and keep it away from this computer; it is not shown again:\n\n    ${recoveryKeyOf(key)}\n`,
  );
  return key;
}
