import { z } from 'zod';
import { addressFields } from './clinic';
import {
  checkedText,
  emailProblem,
  isoDate,
  optionalNumber,
  optionalText,
  pastDate,
  phoneProblem,
  plainText,
  postalCodeProblem,
  recordId,
  requiredText,
  stateCode,
} from './fields';
import { isIsoDate } from './validation/dates';

export const SEXES = ['female', 'male', 'intersex', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const TRAINING_PHASES = ['base', 'peak', 'taper', 'recovery', 'off-season'] as const;
export type TrainingPhase = (typeof TRAINING_PHASES)[number];

export const VOLUME_UNITS = ['km', 'mi'] as const;
export type VolumeUnit = (typeof VOLUME_UNITS)[number];

export const raceInput = z.strictObject({
  id: recordId.optional(),
  name: requiredText('Race name', 120),
  date: isoDate('Race date'),
  distance: requiredText('Race distance', 40),
});

/** CMS-1500 box 6: the patient's relationship to the insured. */
export const INSURED_RELATIONSHIPS = ['self', 'spouse', 'child', 'other'] as const;
export type InsuredRelationship = (typeof INSURED_RELATIONSHIPS)[number];

export const patientInput = z
  .strictObject({
    id: recordId.optional(),
    firstName: requiredText('First name', 80),
    lastName: requiredText('Last name', 80),
    dateOfBirth: pastDate('Date of birth'),
    sex: z.enum(SEXES, {
      error: (issue) => (issue.input === undefined || issue.input === '' ? 'Sex is required' : 'Sex must be female, male, intersex or unknown'),
    }),
    phone: checkedText('Phone', 30, phoneProblem),
    email: checkedText('E-mail', 120, emailProblem),
    ...addressFields,
    insurancePayer: optionalText('Insurance payer', 120),
    insuranceMemberId: optionalText('Member ID', 40),
    insuranceGroup: optionalText('Group number', 40),
    /** Who holds the policy, when it is not the patient: printed as the insured on a superbill. */
    insuredRelationship: z
      .enum(INSURED_RELATIONSHIPS, { error: 'Relationship must be self, spouse, child or other' })
      .nullish()
      .transform((v) => (v === 'self' ? null : (v ?? null))),
    insuredName: optionalText('Insured’s name', 120),
    insuredDateOfBirth: z
      .string()
      .nullish()
      .transform((v) => (v ?? '').trim() || null)
      .refine((v) => v === null || isIsoDate(v), 'Insured’s date of birth must be a real date (YYYY-MM-DD)'),
    /** The insured's address (CMS-1500 box 7) when the patient is not the policyholder; else box 7 is the patient's own. */
    insuredAddressLine1: optionalText('Insured’s address', 120),
    insuredCity: optionalText('Insured’s city', 80),
    insuredState: stateCode('Insured’s state'),
    insuredPostalCode: checkedText('Insured’s ZIP code', 10, postalCodeProblem),
    primarySport: optionalText('Primary sport', 60),
    weeklyVolume: optionalNumber('Weekly volume', 0, 1000),
    volumeUnit: z.enum(VOLUME_UNITS, { error: 'Volume unit must be km or mi' }).default('km'),
    longRun: optionalNumber('Long run', 0, 500),
    trainingPhase: z
      .enum(TRAINING_PHASES, { error: 'Training phase must be base, peak, taper, recovery or off-season' })
      .nullish()
      .transform((v) => v ?? null),
    races: z.array(raceInput).max(30, 'At most 30 races per patient').default([]),
  })
  .superRefine((p, ctx) => {
    if (p.insuredRelationship !== null) {
      if (!p.insuredName)
        ctx.addIssue({ code: 'custom', path: ['insuredName'], message: 'Insured’s name is required when the patient is not the policyholder' });
      if (!p.insuredDateOfBirth)
        ctx.addIssue({ code: 'custom', path: ['insuredDateOfBirth'], message: 'Insured’s date of birth is required when the patient is not the policyholder' });
      if (!p.insuredAddressLine1)
        ctx.addIssue({
          code: 'custom',
          path: ['insuredAddressLine1'],
          message: 'Insured’s address is required when the patient is not the policyholder (claim form box 7)',
        });
    }
    if (p.weeklyVolume !== null && p.longRun !== null && p.longRun > p.weeklyVolume && p.weeklyVolume > 0) {
      ctx.addIssue({ code: 'custom', path: ['longRun'], message: 'Long run cannot be longer than the weekly volume' });
    }
  });
export type PatientInput = z.input<typeof patientInput>;
export type PatientData = z.output<typeof patientInput>;

export interface Race {
  id: number;
  name: string;
  date: string;
  distance: string;
}

export interface Patient extends Omit<PatientData, 'id' | 'races'> {
  id: number;
  races: Race[];
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const PATIENT_SORTS = ['name', 'dateOfBirth', 'updatedAt'] as const;
export type PatientSort = (typeof PATIENT_SORTS)[number];

export const patientListQuery = z.strictObject({
  search: plainText('Search', 100).default(''),
  sort: z.enum(PATIENT_SORTS).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  /** Opaque keyset cursors from a previous page; at most one of them. */
  after: plainText('Page cursor', 500).optional(),
  before: plainText('Page cursor', 500).optional(),
  limit: z.number().int().min(1).max(200).default(25),
  includeArchived: z.boolean().default(false),
});
export type PatientListQuery = z.input<typeof patientListQuery>;

export interface PatientRow {
  id: number;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  age: number;
  sex: Sex;
  primarySport: string | null;
  weeklyVolume: number | null;
  volumeUnit: VolumeUnit;
  trainingPhase: TrainingPhase | null;
  nextRace: { name: string; date: string; distance: string } | null;
  archived: boolean;
  updatedAt: string;
}

export interface PatientPage {
  rows: PatientRow[];
  /** Patients matching the search, across all pages. */
  total: number;
  next: string | null;
  previous: string | null;
}
