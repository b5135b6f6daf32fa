import { z } from 'zod';
import { plainText, recordId } from './fields';

/** A provider's passcode: a PIN or a phrase. Hashed with scrypt; never stored or logged as typed. */
export const passcode = plainText('Passcode', 128).refine((v) => v.length >= 4, 'Passcode must be at least 4 characters');

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
}
