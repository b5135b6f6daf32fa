import { z } from 'zod';
import { plainText, recordId } from './fields';

/**
 * A provider's passcode: a PIN of at least 6 digits or a passphrase of at least 8 characters.
 * Hashed with scrypt; never stored or logged as typed. Four digits fell to a search of all 10,000
 * PINs; passcodes set under that older rule still open, and their owner is asked to change them.
 */
export const passcodeIsStrong = (v: string): boolean => (/^[0-9]+$/.test(v) ? v.length >= 6 : v.length >= 8);
export const passcode = plainText('Passcode', 128).refine(passcodeIsStrong, 'Passcode must be at least 6 digits, or a passphrase of at least 8 characters');

/** After this many wrong passcodes in a row, each further try waits: 30 s, doubled each time, up to an hour. */
export const PASSCODE_FREE_TRIES = 5;
export const PASSCODE_FIRST_WAIT_SECONDS = 30;
export const PASSCODE_LONGEST_WAIT_SECONDS = 3600;
/** The wait after `failures` wrong tries in a row, in seconds (0 while tries are free). */
export const passcodeWaitSeconds = (failures: number): number =>
  failures < PASSCODE_FREE_TRIES ? 0 : Math.min(PASSCODE_LONGEST_WAIT_SECONDS, PASSCODE_FIRST_WAIT_SECONDS * 2 ** (failures - PASSCODE_FREE_TRIES));

export const signInInput = z.strictObject({
  providerId: recordId,
  passcode: plainText('Passcode', 128).optional(),
});

export const unlockInput = z.strictObject({ passcode: plainText('Passcode', 128).optional() });

export const setPasscodeInput = z.strictObject({
  providerId: recordId,
  /** The passcode in use, when there is one. */
  current: plainText('Current passcode', 128).optional(),
  /** The new passcode; null removes it. */
  passcode: passcode.nullable(),
});

/** A clinic seat: the person whose PostgreSQL login this seat uses (docs/clinic-mode.md). */
export interface Seat {
  login: string;
  name: string;
  role: 'owner' | 'practitioner' | 'front_desk';
  /** The provider they chart and sign as; null for the front desk. */
  providerId: number | null;
}

/** Who is at the keyboard, as the app shows it. */
export interface Session {
  /** On a clinic's server: the person signed in to it; null for a solo database. */
  seat: Seat | null;
  provider: { id: number; name: string; credentials: string } | null;
  locked: boolean;
  /** There is an active provider, so records open only to a signed-in one. */
  signInRequired: boolean;
  idleLockMinutes: number;
  /** The passcode just typed is shorter than today's rule allows: the provider is asked to change it. */
  passcodeChangeDue?: boolean;
}
