import { z } from 'zod';
import { isoDate, optionalText, pastDate, recordId, requiredText } from './fields';

/**
 * A patient's safety screen and consents (migration 15). The screen is what changes what may be
 * needled or stimulated; shared/rules/safety.ts turns it into warnings on the chart.
 */
export const CONSENT_KINDS = ['acupuncture', 'dry_needling', 'electroacupuncture', 'cupping'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export const CONSENT_LABEL: Record<ConsentKind, string> = {
  acupuncture: 'Acupuncture',
  dry_needling: 'Dry needling',
  electroacupuncture: 'Electroacupuncture',
  cupping: 'Cupping',
};

/** The screen's yes/no questions, in the order the form asks them. */
export const SCREEN_QUESTIONS = [
  ['pregnant', 'Pregnant'],
  ['implantedDevice', 'Pacemaker or other implanted electrical device'],
  ['bleedingRisk', 'Anticoagulants or a bleeding disorder'],
  ['needleFainting', 'Has fainted with needles'],
  ['metalLatexAllergy', 'Metal or latex allergy'],
  ['diabetesNeuropathy', 'Diabetes or neuropathy'],
] as const;
export type ScreenQuestion = (typeof SCREEN_QUESTIONS)[number][0];

const yes = z.boolean({ error: 'Answer must be yes or no' }).default(false);
/** A blank date field is "not recorded". */
const optionalDate = (label: string) =>
  z
    .union([z.literal('').transform(() => null), isoDate(label)])
    .nullish()
    .transform((v) => v ?? null);

export const safetyScreenInput = z
  .strictObject({
    patientId: recordId,
    pregnant: yes,
    dueDate: optionalDate('Due date'),
    implantedDevice: yes,
    bleedingRisk: yes,
    needleFainting: yes,
    metalLatexAllergy: yes,
    diabetesNeuropathy: yes,
    precautions: optionalText('Other precautions', 1000, { multiLine: true }),
    reviewedOn: pastDate('Reviewed on'),
  })
  .superRefine((v, ctx) => {
    if (v.dueDate !== null && !v.pregnant) ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'Due date is only for a pregnant patient' });
  });
export type SafetyScreen = Omit<z.output<typeof safetyScreenInput>, 'patientId'>;

export const consentInput = z.strictObject({
  patientId: recordId,
  kind: z.enum(CONSENT_KINDS, { error: 'Consent must be acupuncture, dry needling, electroacupuncture or cupping' }),
  signedOn: pastDate('Signed on'),
  formVersion: requiredText('Form version', 40),
});

export interface Consent {
  id: number;
  kind: ConsentKind;
  signedOn: string;
  formVersion: string;
}

export interface PatientSafety {
  /** Null until the screen is first filled in. */
  screen: SafetyScreen | null;
  /** Newest first. */
  consents: Consent[];
}

/**
 * The safety screen as it stood when a visit or assessment was signed (migration 28), kept with the
 * signed row: `screen` is null when no screen was on file then. Where a record holds null instead
 * of this, it is a draft, or it was signed before the file kept the screen at signing.
 */
export interface ScreenAtSigning {
  screen: SafetyScreen | null;
}

/** The screen's answers in words: each question answered yes, the due date with pregnancy. */
export function screenYesAnswers(screen: SafetyScreen, day: (iso: string) => string = (iso) => iso): string[] {
  return SCREEN_QUESTIONS.filter(([k]) => screen[k]).map(([k, label]) =>
    k === 'pregnant' && screen.dueDate ? `${label} (due ${day(screen.dueDate)})` : label,
  );
}
