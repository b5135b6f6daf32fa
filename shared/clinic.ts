import { z } from 'zod';
import { checkedText, emailProblem, optionalInteger, optionalText, phoneProblem, postalCodeProblem, requiredText, stateCode } from './fields';
import { einProblem } from './validation/ein';
import { npiProblem } from './validation/npi';

/** Address lines as they print on a superbill. */
export const addressFields = {
  addressLine1: optionalText('Address', 120),
  addressLine2: optionalText('Address line 2', 120),
  city: optionalText('City', 80),
  state: stateCode('State'),
  postalCode: checkedText('ZIP code', 10, postalCodeProblem),
};

export const clinicInput = z.strictObject({
  name: requiredText('Clinic name', 120),
  ...addressFields,
  phone: checkedText('Phone', 30, phoneProblem),
  email: checkedText('E-mail', 120, emailProblem),
  taxId: checkedText('Tax ID (EIN)', 10, einProblem),
  /** The clinic's organisation NPI: the billing NPI (CMS-1500 box 33a) on superbills, when it has one. Its type is the registry's, not its first digit's. */
  npi: checkedText('Billing NPI (box 33a)', 10, npiProblem),
  placeOfService: z
    .string({ error: 'Place of service is required' })
    .trim()
    .regex(/^\d{2}$/, 'Place of service must be a two-digit CMS code such as 11 (office)')
    .default('11'),
  /** Minutes without a key or a click before the app locks and hides every record. */
  idleLockMinutes: optionalInteger('Lock after idle minutes', 1, 240),
  /** Chart TCM findings (tongue, pulse, pattern) on visits and assessments. */
  tcmFindings: z.boolean({ error: 'TCM findings must be on or off' }).default(false),
});

/** When the clinic has not chosen: long enough for a treatment, short enough for an empty room. */
export const DEFAULT_IDLE_LOCK_MINUTES = 10;
export type ClinicInput = z.input<typeof clinicInput>;

export interface Clinic {
  name: string;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  phone: string | null;
  email: string | null;
  taxId: string | null;
  npi: string | null;
  placeOfService: string;
  idleLockMinutes: number | null;
  tcmFindings: boolean;
  updatedAt: string;
}
