import { z } from 'zod';
import { optionalText, recordId, requiredText, stateCode } from './fields';
import { npiProblem } from './validation/npi';

export const ACUPUNCTURIST_TAXONOMY = '171100000X';

export const providerInput = z.strictObject({
  id: recordId.optional(),
  name: requiredText('Name', 120),
  credentials: requiredText('Credentials', 40),
  npi: requiredText('NPI', 10).superRefine((v, ctx) => {
    const p = npiProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }),
  licenseNumber: optionalText('License number', 40),
  licenseState: stateCode('License state'),
  taxonomyCode: z
    .string({ error: 'Taxonomy code is required' })
    .trim()
    .toUpperCase()
    .regex(/^\d{3}[0-9A-Z]{6}X$/, 'Taxonomy code must be 10 characters ending in X, e.g. 171100000X')
    .default(ACUPUNCTURIST_TAXONOMY),
  signatureName: optionalText('Signature name', 120),
  active: z.boolean().default(true),
  /** Licenses beyond the primary one: another state, or another profession. */
  otherLicenses: z
    .array(
      z.strictObject({
        kind: requiredText('License kind', 40),
        number: requiredText('License number', 40),
        state: stateCode('License state').refine((v) => v !== null, 'License state is required'),
      }),
    )
    .max(6, 'At most 6 other licenses')
    .default([]),
});
export type ProviderInput = z.input<typeof providerInput>;

export interface License {
  kind: string;
  number: string;
  state: string;
}

/**
 * The license a claim in `state` shows: the primary one when it is for that state (or nothing
 * matches), else the other license held there.
 */
export function licenseFor(p: Pick<Provider, 'licenseNumber' | 'licenseState' | 'otherLicenses'>, state: string | null): string | null {
  const other = state && p.licenseState !== state ? p.otherLicenses.find((l) => l.state === state) : undefined;
  if (other) return `${other.number} (${other.state}, ${other.kind})`;
  return p.licenseNumber ? [p.licenseNumber, p.licenseState ? `(${p.licenseState})` : ''].join(' ').trim() : null;
}

export interface Provider {
  id: number;
  name: string;
  credentials: string;
  npi: string;
  licenseNumber: string | null;
  licenseState: string | null;
  taxonomyCode: string;
  signatureName: string | null;
  active: boolean;
  /** Signing in as this provider asks for a passcode (the hash never leaves the database process). */
  hasPasscode: boolean;
  otherLicenses: License[];
  createdAt: string;
  updatedAt: string;
}

/**
 * The name under a signature line: the provider's signature name, with any credential it does not
 * already carry appended ("Theo Lindqvist, DPT" + "DPT, L.Ac." → "Theo Lindqvist, DPT, L.Ac.").
 */
export function signatureLine(p: Pick<Provider, 'name' | 'credentials' | 'signatureName'>): string {
  const base = (p.signatureName ?? p.name).trim();
  const have = new Set(base.split(',').map((t) => t.trim().toLowerCase()));
  const missing = p.credentials
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t && !have.has(t.toLowerCase()));
  return [base, ...missing].join(', ');
}
