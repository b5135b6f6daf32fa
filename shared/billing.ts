import { z } from 'zod';
import type { Diagnosis } from './case';
import { isoDate, optionalText, recordId, requiredText } from './fields';
import type { SuggestedLine } from './rules/billing';
import type { Cents } from './reports/superbill-data';

/** Money typed as dollars ("95", "95.50", "$1,234.50") or given as a number, kept as whole cents. */
export function money(label: string) {
  return z
    .union([z.number(), z.string().max(40, `${label} must be an amount in dollars, e.g. 95.00`)], { error: `${label} is required` })
    .transform((v, ctx) => {
      const text = typeof v === 'number' ? v.toFixed(2) : v.trim().replace(/^\$/, '').replace(/,/g, '');
      if (!/^\d+(\.\d{1,2})?$/.test(text)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be an amount in dollars, e.g. 95.00` });
        return z.NEVER;
      }
      const cents = Math.round(Number(text) * 100);
      if (cents > 10_000_000) {
        ctx.addIssue({ code: 'custom', message: `${label} must be at most $100,000.00` });
        return z.NEVER;
      }
      return cents;
    });
}

export const procedureCode = z
  .string({ error: 'Code is required' })
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]\d{3}[0-9A-Z]$/, 'Code must be a 5-character CPT or HCPCS code, e.g. 97813');

export const feeScheduleInput = z.strictObject({
  entries: z.array(z.strictObject({ code: procedureCode, description: requiredText('Description', 200), fee: money('Fee') })).max(200),
});

export const PAYMENT_METHODS = ['card', 'cash', 'check', 'hsa_fsa', 'bank_transfer', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_METHOD_LABEL: Record<PaymentMethod, string> = {
  card: 'Card',
  cash: 'Cash',
  check: 'Check',
  hsa_fsa: 'HSA / FSA',
  bank_transfer: 'Bank transfer',
  other: 'Other',
};

export const billingLineInput = z.strictObject({
  code: procedureCode,
  units: z
    .number({ error: 'Units must be a number' })
    .int('Units must be a whole number')
    .min(1, 'Units must be at least 1')
    .max(12, 'Units must be at most 12'),
  modifiers: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[0-9A-Z]{2}$/, 'A modifier is 2 characters, e.g. 25'),
    )
    .max(4, 'At most 4 modifiers')
    .default([]),
  pointers: z
    .array(z.string().regex(/^[A-L]$/, 'Diagnosis pointers are letters A–L'))
    .max(4, 'At most 4 diagnosis pointers')
    .default([]),
  fee: money('Fee'),
});

export const visitBillingInput = z.strictObject({
  visitId: recordId,
  lines: z.array(billingLineInput).max(12, 'At most 12 billing lines per visit'),
});
export type VisitBillingInput = z.input<typeof visitBillingInput>;

export const paymentInput = z.strictObject({
  patientId: recordId,
  visitId: recordId.nullish().transform((v) => v ?? null),
  paidOn: isoDate('Payment date'),
  amount: money('Amount').refine((c) => c > 0, 'Amount must be more than $0.00'),
  method: z.enum(PAYMENT_METHODS, { error: 'Method must be card, cash, check, HSA/FSA, bank transfer or other' }),
  reference: optionalText('Reference', 60),
});
export type PaymentInput = z.input<typeof paymentInput>;

export const superbillInput = z
  .strictObject({
    patientId: recordId,
    from: isoDate('From'),
    to: isoDate('To'),
    /** Just this visit's lines, for a per-visit superbill. */
    visitId: recordId.optional(),
  })
  .refine((s) => s.from <= s.to, { path: ['to'], message: 'To must be on or after From' });

export const monthInput = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Month must look like 2026-03'),
});

/** A month batch in the database process (db/superbill-batch.ts), named by the id its start returned. */
export const batchJobInput = z.strictObject({
  jobId: z.uuid({ error: 'Job must be the id the batch started with' }),
});

/** A slice of a finished batch's ZIP, from `offset` (0 when not given). */
export const batchFileInput = batchJobInput.extend({
  offset: z
    .number({ error: 'Offset must be a whole number of bytes' })
    .int('Offset must be a whole number of bytes')
    .min(0, 'Offset must be 0 or more')
    .optional(),
});

export interface FeeScheduleEntry {
  code: string;
  description: string;
  feeCents: Cents;
}

/** An ICD-10-CM code as it stood when a line was billed. */
export interface BilledDiagnosis {
  code: string;
  description: string;
}

export interface BillingLine {
  code: string;
  description: string;
  units: number;
  modifiers: string[];
  /** The case's letters when billed; `diagnoses` holds the codes they named then. */
  pointers: string[];
  feeCents: Cents;
  chargeCents: Cents;
  diagnoses: BilledDiagnosis[];
}

export interface Payment {
  id: number;
  patientId: number;
  visitId: number | null;
  paidOn: string;
  amountCents: Cents;
  method: PaymentMethod;
  reference: string | null;
}

export interface Totals {
  charged: Cents;
  paid: Cents;
  balance: Cents;
}

export interface VisitBilling {
  visitId: number;
  patientId: number;
  signed: boolean;
  dateOfService: string;
  lines: BillingLine[];
  /** What the chart supports, each with the rule behind it and the clinic's fee. */
  suggestions: (SuggestedLine & { description: string; feeCents: Cents; pointers: string[] })[];
  notes: string[];
  /** Judgment calls on this visit's saved lines (payers differ): each with a one-click modifier. */
  warnings: { line: number; message: string; addModifier: string }[];
  diagnoses: Diagnosis[];
  payments: Payment[];
  totals: Totals;
}

export interface PatientAccount {
  totals: Totals;
  visits: { visitId: number; date: string; caseId: number; conditionText: string; charged: Cents; paid: Cents }[];
  payments: Payment[];
}

/** One row of the month batch's index: a patient with billed visits that month. */
export interface BatchEntry {
  patientId: number;
  patientName: string;
  visits: number;
  charged: Cents;
  paid: Cents;
  balance: Cents;
}

/** A patient the month batch could not bill, and why (a claim form holds 12 diagnoses, say). */
export interface BatchLeftOut {
  patientId: number;
  patientName: string;
  reason: string;
}

/**
 * Where a month batch stands. `done` counts superbills made; the index and the ZIP exist only once
 * the state is `done`, when every export has been audited in one transaction. A cancelled batch
 * audits nothing and keeps nothing.
 */
export interface BatchStatus {
  jobId: string;
  month: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  done: number;
  total: number;
  /** The index, filled when the batch is done. */
  entries: BatchEntry[];
  leftOut: BatchLeftOut[];
  /** Why a batch failed; null otherwise. */
  message: string | null;
  /** Seconds spent making the superbills, for the status line. */
  seconds: number;
}

/** A ZIP in one answer, as bytes: the clinic's FHIR export (a month batch is taken in slices instead). */
export interface BatchFile {
  fileName: string;
  zip: Uint8Array;
}

/**
 * A slice of the finished batch's ZIP (every superbill and the index CSV): at most 4 MiB from
 * `offset`, as bytes (IPC carries them as they are). The whole ZIP is never in one answer: a month of
 * a large clinic is a few hundred MiB, and the download takes it slice by slice
 * (shared/batch-download.ts). The slice that reaches `size` ends the job's hold on it.
 */
export interface BatchFilePart {
  fileName: string;
  /** The whole ZIP's size in bytes. */
  size: number;
  offset: number;
  bytes: Uint8Array;
}
