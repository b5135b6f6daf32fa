import { z } from 'zod';
import { conditionById, icd10Problem, type CaseSide, type Icd10 } from './catalogs/conditions';
import { checkedText, isoDate, noteText, optionalText, pastDate, plainText, recordId, requiredText, stateCode } from './fields';
import { npiProblem } from './validation/npi';
import type { Phase } from './rules/framework';

export const CASE_SIDES = ['left', 'right', 'bilateral', 'na'] as const satisfies readonly CaseSide[];

/**
 * A case's diagnosis as typed: its form is checked here (every process can), whether it is a
 * billable code of the ICD-10-CM set in the database process, which holds the set
 * (db/queries/diagnoses.ts). The description is never typed: it is the set's, and any sent is
 * replaced by it.
 */
export const diagnosisInput = z.strictObject({
  code: z
    .string({ error: 'ICD-10 code is required' })
    .max(20, 'ICD-10 code must be at most 8 characters')
    .trim()
    .toUpperCase()
    .min(1, 'ICD-10 code is required')
    // Claims often drop the dot (M7631); the superbill prints it (M76.31).
    .transform((v) => (/^[A-Z]\d[0-9A-Z][0-9A-Z]{1,4}$/.test(v) ? `${v.slice(0, 3)}.${v.slice(3)}` : v))
    .superRefine((v, ctx) => {
      const p = icd10Problem(v);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    }),
  description: optionalText('Diagnosis description', 300),
});

export const diagnosisSearchInput = z.strictObject({
  query: z.string({ error: 'Search is required' }).max(80, 'Search must be at most 80 characters'),
  limit: z
    .number({ error: 'Limit must be a number' })
    .int('Limit must be a whole number')
    .min(1, 'Limit must be at least 1')
    .max(50, 'Limit must be at most 50')
    .default(20),
});

export const caseInput = z
  .strictObject({
    id: recordId.optional(),
    patientId: recordId,
    conditionId: plainText('Condition', 60)
      .nullish()
      .transform((v) => v || null)
      .refine((v) => v === null || conditionById(v) !== undefined, 'Condition is not in the catalog; type it as free text instead'),
    conditionText: requiredText('Condition', 120),
    side: z.enum(CASE_SIDES, { error: 'Side must be left, right, bilateral or n.a.' }),
    onsetDate: pastDate('Onset date'),
    startDate: isoDate('Start date'),
    recurring: z.boolean().default(false),
    maintenance: z.boolean().default(false),
    diagnoses: z.array(diagnosisInput).max(12, 'At most 12 diagnosis codes').default([]),
    goals: noteText('Goals', 2000),
    /** The physician or physical therapist who referred the runner (CMS-1500 box 17). */
    referringName: optionalText('Referring provider', 120),
    referringNpi: checkedText('Referring provider NPI', 10, npiProblem),
    /** The payer's prior authorization number, when one was issued (CMS-1500 box 23). */
    priorAuthorization: optionalText('Prior authorization number', 40),
    /** Box 10a–c: is the condition related to employment, an auto accident (and where), another accident. Null: not asked. */
    employmentRelated: yesNo('Related to employment'),
    autoAccident: yesNo('Related to an auto accident'),
    autoAccidentState: stateCode('Auto accident state'),
    otherAccident: yesNo('Related to another accident'),
  })
  .superRefine((c, ctx) => {
    if (c.onsetDate > c.startDate) ctx.addIssue({ code: 'custom', path: ['onsetDate'], message: 'Onset date cannot be after the start of care' });
    // The claim form asks where an auto accident happened (box 10b's "Place (State)").
    if (c.autoAccident === true && !c.autoAccidentState)
      ctx.addIssue({
        code: 'custom',
        path: ['autoAccidentState'],
        message: 'Auto accident state is required when the condition is related to an auto accident',
      });
    if (c.autoAccident !== true && c.autoAccidentState)
      ctx.addIssue({
        code: 'custom',
        path: ['autoAccidentState'],
        message: 'Auto accident state is only given when the condition is related to an auto accident',
      });
    const seen = new Set<string>();
    c.diagnoses.forEach((d, i) => {
      if (seen.has(d.code)) ctx.addIssue({ code: 'custom', path: ['diagnoses', i, 'code'], message: `ICD-10 code ${d.code} is listed twice` });
      seen.add(d.code);
    });
  });
export type CaseInput = z.input<typeof caseInput>;

/** A yes/no answer on the claim form, or null while nobody has answered it. */
function yesNo(label: string) {
  return z
    .boolean({ error: `${label} must be yes or no` })
    .nullish()
    .transform((v) => v ?? null);
}

export const dischargeInput = z.strictObject({
  id: recordId,
  dischargedOn: isoDate('Discharge date'),
  reason: requiredText('Discharge reason', 500, { multiLine: true }),
});

/** Reopening a discharged case (a flare-up, a new block of care): the reason is kept with the old discharge. */
export const reopenInput = z.strictObject({
  id: recordId,
  reason: requiredText('Reason for reopening', 500, { multiLine: true }),
});

export interface Diagnosis extends Icd10 {
  pointer: string; // A, B, C… as a superbill lists them
  /**
   * False for a code that is not billable in the current ICD-10-CM set (saved before codes were
   * checked, or deleted by a newer year): shown with what to choose instead, and refused on a bill.
   */
  inCatalog: boolean;
}

export interface CareCase {
  id: number;
  patientId: number;
  patientName: string;
  conditionId: string | null;
  conditionText: string;
  side: CaseSide;
  onsetDate: string;
  startDate: string;
  recurring: boolean;
  maintenance: boolean;
  goals: string | null;
  referringName: string | null;
  referringNpi: string | null;
  priorAuthorization: string | null;
  employmentRelated: boolean | null;
  autoAccident: boolean | null;
  autoAccidentState: string | null;
  otherAccident: boolean | null;
  status: 'active' | 'discharged';
  dischargedOn: string | null;
  dischargeReason: string | null;
  diagnoses: Diagnosis[];
  phase: Phase;
  /** Signed visits: only signed sessions count. */
  sessionsDone: number;
  expected: { min: number; max: number | null };
  createdAt: string;
  updatedAt: string;
}
