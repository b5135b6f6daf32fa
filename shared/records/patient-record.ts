import { z } from 'zod';
import type { Assessment } from '../assessment';
import { isoDate, recordId } from '../fields';
import type { BillingLine } from '../billing';
import type { CareCase } from '../case';
import type { Clinic } from '../clinic';
import type { Patient } from '../patient';
import type { Provider } from '../provider';
import type { Mcids } from '../rules/mcid';
import type { CaseProgress } from '../rules/progress';
import type { PatientSafety } from '../safety';
import type { Visit } from '../visit';

/** A signed visit with the lines billed for it, each with the diagnoses it was billed with. */
export interface RecordVisit {
  visit: Visit;
  billing: (BillingLine & { id: number })[];
}

/** One case as a record leaves the clinic: signed notes only, in the order they happened. */
export interface RecordCase {
  careCase: CareCase;
  progress: CaseProgress;
  mcids: Mcids;
  visits: RecordVisit[];
  assessments: Assessment[];
  /** Unsigned visits and assessments in the range: not part of the record, only counted. */
  drafts: number;
}

/**
 * Everything a chart copy and a FHIR export are made from (db/queries/patient-record.ts): one
 * patient's record as this seat may read it. `noteText` is false for the front desk, whose
 * record carries no note text, TCM findings, safety warnings or addenda (db/clinic/roles.ts).
 */
export interface PatientRecord {
  clinic: Clinic | null;
  /** Every provider who signed, charted or wrote an addendum in this record. */
  providers: Provider[];
  patient: Patient;
  /** The screen and consents as they stand now; each signed note carries the screen as it stood at its signing. */
  safety: PatientSafety;
  /**
   * When the data file began keeping the screen at each signing (the upgrade to version 28): notes
   * signed before it have none. Null for a database made at that version or later.
   */
  screenKeptSince: string | null;
  cases: RecordCase[];
  /** The dates the record was asked for; null for all of it. */
  range: { from: string; to: string } | null;
  noteText: boolean;
}

/** Whether a visit or assessment date (YYYY-MM-DD…) falls in the range asked for. */
export function inRange(at: string, range: PatientRecord['range']): boolean {
  if (!range) return true;
  const day = at.slice(0, 10);
  return day >= range.from && day <= range.to;
}

/** A chart copy asked for: one patient, all of the record or the visits and assessments of a date range. */
export const chartCopyInput = z
  .strictObject({
    patientId: recordId,
    from: isoDate('From').optional(),
    to: isoDate('To').optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.from === undefined) !== (c.to === undefined))
      ctx.addIssue({ code: 'custom', path: [c.from === undefined ? 'from' : 'to'], message: 'Give both dates of the range, or neither for the whole record' });
    else if (c.from !== undefined && c.to !== undefined && c.from > c.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'To must be on or after From' });
  });
