import { z } from 'zod';

/**
 * The data file's key as the window sees it (docs/encryption.md): never the key itself, only
 * what unlocks it and, until it is confirmed, the recovery key to write down.
 */

/** A passphrase or recovery key as typed: anything printable, trimmed of nothing (spaces may be part of a passphrase). */
const secret = z
  .string({ error: 'Passphrase or recovery key is required' })
  .min(1, 'Passphrase or recovery key is required')
  .max(200, 'Passphrase or recovery key is at most 200 characters');

export const openDataFileInput = z.strictObject({
  secret,
  /** For a new file's passphrase: the same typed again. */
  again: z.string().max(200, 'Passphrase is at most 200 characters').optional(),
});

/**
 * Settings → Records and backups: a new passphrase for the data file's key, or (`rotate`) a new
 * data key altogether (docs/encryption.md). The current passphrase or recovery key is asked again:
 * an unlocked window left open is not enough to lock the practitioner out of their own file.
 */
export const changeDataKeyInput = z.strictObject({
  current: secret,
  secret: z.string({ error: 'New passphrase is required' }).min(1, 'New passphrase is required').max(200, 'New passphrase is at most 200 characters'),
  again: z.string().max(200, 'Passphrase is at most 200 characters'),
  rotate: z.boolean(),
});

/** Why the file is not open yet: it is encrypted and needs its key, or it is new and needs a passphrase to keep its key. */
export type DataFileLock = 'key' | 'new';

export interface RecoveryKeyState {
  /** How the key is kept on this computer: the keychain, a passphrase, or no encryption at all. */
  custody: 'keychain' | 'passphrase' | 'unencrypted' | 'server';
  /** The recovery key, only until the practitioner has confirmed writing it down; null after. */
  recoveryKey: string | null;
  /** Which two groups (0-based) to type back to confirm it. */
  groups: [number, number] | null;
  /** Whether this computer's keychain can keep a new key for this file (encrypting it then asks for no passphrase). */
  keychainReady: boolean;
}

/** Encrypting a plain file from Settings: a passphrase to keep its key, or none where the keychain keeps it. */
export const encryptDataFileInput = z.strictObject({
  secret: z.string().max(200, 'Passphrase is at most 200 characters').optional(),
  again: z.string().max(200, 'Passphrase is at most 200 characters').optional(),
});

export const confirmRecoveryInput = z.strictObject({
  typed: z.array(z.string().max(10, 'A group is four characters')).length(2, 'Type both groups'),
});
