import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../shared/outcome';
import { WRONG_KEY } from './engine/cipher';

/**
 * Custody of a data file's key (issue 31, point 2; docs/encryption.md), tested with Electron's API
 * faked (tests/unit/key-custody.test.ts). Here, not in electron/, because the command line and
 * the harness unwrap a passphrase and read a recovery key too; only the keychain needs Electron:
 *
 * - each file gets a random 256-bit data key;
 * - the app keeps it wrapped by the operating system's keychain through Electron's `safeStorage`,
 *   and where that has no real keyring (Linux answering `basic_text`, which only obfuscates with a
 *   fixed password, or nothing available at all) asks for a passphrase instead of pretending;
 * - a recovery key, shown once and printed, opens the file when the keychain or passphrase is lost.
 */

/** What the app uses of Electron's `safeStorage` (electron's own type is not importable outside Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which keyring Chromium chose. `basic_text` is a hard-coded password, not a keyring. */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export type Custody = 'keychain' | 'passphrase';

/** Keyrings that do not protect anything: Chromium's `basic_text` fallback, or none chosen. */
const NO_REAL_KEYRING = new Set(['basic_text', 'unknown']);

/** Where a new key is kept on this machine: the keychain when there is a real one, else a passphrase. */
export function custodyOn(safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): Custody {
  if (!safe.isEncryptionAvailable()) return 'passphrase';
  if (platform === 'linux' && NO_REAL_KEYRING.has(safe.getSelectedStorageBackend?.() ?? 'unknown')) return 'passphrase';
  return 'keychain';
}

export const newDataKey = (): Buffer => randomBytes(32);

/** A key as stored beside the data file: never the key itself. */
export type WrappedKey = { custody: 'keychain'; blob: string } | { custody: 'passphrase'; salt: string; iv: string; tag: string; blob: string; n: number };

/** A data key made by the main process with its keychain-wrapped form, for the database process to use when it needs a new key (db/host.ts). */
export interface KeychainKey {
  key: Buffer;
  wrapped: WrappedKey;
}

/** scrypt's cost for a passphrase: 2^15 × 8 × 128 bytes = 32 MiB, about 0.1 s, once per open. */
const SCRYPT_N = 2 ** 15;
const scrypt = (passphrase: string, salt: Buffer, n: number) =>
  scryptSync(passphrase.normalize('NFC'), salt, 32, { N: n, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });

export const MIN_PASSPHRASE = 12;

export function wrapKey(key: Buffer, custody: Custody, options: { safe: SafeStorageLike; passphrase?: string }): WrappedKey {
  if (custody === 'keychain') return { custody, blob: options.safe.encryptString(key.toString('hex')).toString('base64') };
  const passphrase = options.passphrase ?? '';
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new DomainError(
      'invalid_input',
      `This computer has no keychain that protects the key, so it is kept with a passphrase of at least ${MIN_PASSPHRASE} characters.`,
      {
        passphrase: `Passphrase must be at least ${MIN_PASSPHRASE} characters`,
      },
    );
  }
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', scrypt(passphrase, salt, SCRYPT_N), iv);
  const blob = Buffer.concat([cipher.update(key), cipher.final()]);
  return {
    custody,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    blob: blob.toString('base64'),
    n: SCRYPT_N,
  };
}

/** The data key back; a wrong passphrase, another keychain or a changed blob is refused, never guessed around. */
export function unwrapKey(wrapped: WrappedKey, options: { safe: SafeStorageLike; passphrase?: string }): Buffer {
  if (wrapped.custody === 'keychain') {
    let hex: string;
    try {
      hex = options.safe.decryptString(Buffer.from(wrapped.blob, 'base64'));
    } catch {
      throw new DomainError('conflict', `${WRONG_KEY} This computer's keychain does not hold it: open it with the recovery key.`);
    }
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new DomainError('conflict', `${WRONG_KEY} Open it with the recovery key.`);
    return Buffer.from(hex, 'hex');
  }
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      scrypt(options.passphrase ?? '', Buffer.from(wrapped.salt, 'base64'), wrapped.n),
      Buffer.from(wrapped.iv, 'base64'),
    );
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(wrapped.blob, 'base64')), decipher.final()]);
  } catch {
    throw new DomainError('conflict', `${WRONG_KEY} The passphrase does not open it; try again, or use the recovery key.`, {
      passphrase: 'Passphrase does not open this data file',
    });
  }
}

/**
 * A key sealed under another key (AES-256-GCM): during a key rotation the new data key is kept
 * sealed under the old one, so whoever opens the file with the old key — its passphrase or its
 * recovery key, who can read everything anyway — can also finish or open a rotation cut short.
 */
export interface SealedKey {
  iv: string;
  tag: string;
  blob: string;
}

export function sealKeyUnder(key: Buffer, under: Buffer): SealedKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', under, iv);
  const blob = Buffer.concat([cipher.update(key), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), blob: blob.toString('base64') };
}

/** The sealed key, or null when `under` is not the key it was sealed under. */
export function openKeyUnder(sealed: SealedKey, under: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', under, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.blob, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * The recovery key as printed: the 32 key bytes and a 2-byte check, in Crockford base32 (no I, L,
 * O or U to misread), as 13 groups of four and one of three. The check catches a mistyped group before a wrong key
 * is tried on the file.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function recoveryKeyOf(key: Buffer): string {
  if (key.length !== 32) throw new Error('a data key is 32 bytes');
  const bytes = Buffer.concat([key, createHash('sha256').update(key).digest().subarray(0, 2)]);
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let text = '';
  for (let i = 0; i < bits.length; i += 5) text += ALPHABET[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return text.match(/.{1,4}/g)!.join('-');
}

/** The key from a recovery key as typed: case, spaces and dashes do not matter; O, I and L read as 0, 1 and 1. */
export function keyFromRecovery(typed: string): Buffer {
  const clean = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const refuse = (why: string): never => {
    throw new DomainError('invalid_input', why, { recoveryKey: why });
  };
  if (clean.length !== 55 || [...clean].some((c) => !ALPHABET.includes(c))) refuse('Recovery key must be the 14 groups printed on the recovery sheet');
  let bits = '';
  for (const c of clean) bits += ALPHABET.indexOf(c).toString(2).padStart(5, '0');
  const bytes = Buffer.alloc(34);
  for (let i = 0; i < 34; i++) bytes[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const key = bytes.subarray(0, 32);
  if (!timingSafeEqual(createHash('sha256').update(key).digest().subarray(0, 2), bytes.subarray(32)))
    refuse('Recovery key has a mistyped group: check it against the sheet');
  return Buffer.from(key);
}

/** Which groups the practitioner types back at setup to show the sheet was kept: two, chosen at random. */
export function confirmationGroups(count = 14): [number, number] {
  const a = randomBytes(1)[0]! % count;
  const b = (a + 1 + (randomBytes(1)[0]! % (count - 1))) % count;
  return a < b ? [a, b] : [b, a];
}

export function confirmsRecovery(recoveryKey: string, groups: readonly number[], typed: readonly string[]): boolean {
  const parts = recoveryKey.split('-');
  return groups.every((g, i) => (typed[i] ?? '').trim().toUpperCase() === parts[g]);
}
