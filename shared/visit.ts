import { z } from 'zod';
import { tcmInput } from './tcm';
import { acupointByCode, normalizePointCode } from './catalogs/acupoints';
import { muscleById } from './catalogs/muscles';
import { LIMB_SIDES, muscleId, type LimbSide } from './assessment';
import { draftVersion, localDateTime, optionalInteger, optionalNumber, noteText, optionalText, painScore, plainText, recordId, requiredText } from './fields';
import { ESTIM_MINUTES, INTENSITY_MA, parseFrequency, WAVEFORMS, waveformProblem } from './rules/estim';
import type { Addendum, Signature } from './signing';
import type { ScreenAtSigning } from './safety';

/** Acupoints add M for midline points (GV, CV, Yintang), which have no left or right. */
export const POINT_SIDES = ['L', 'R', 'B', 'M'] as const;
export type PointSide = (typeof POINT_SIDES)[number];

export const ADJUNCT_KINDS = ['cupping', 'gua_sha', 'moxibustion', 'heat', 'manual_therapy'] as const;
export type AdjunctKind = (typeof ADJUNCT_KINDS)[number];
export const ADVERSE_EVENT_KINDS = ['bruising', 'soreness', 'bleeding', 'fainting', 'stuck_needle', 'increased_pain', 'other'] as const;
export type AdverseEventKind = (typeof ADVERSE_EVENT_KINDS)[number];

/** The encounter 7th characters of injury codes (ICD-10-CM chapter 19). */
export const ENCOUNTERS = ['A', 'D', 'S'] as const;
export type Encounter = (typeof ENCOUNTERS)[number];

/** At most six rounds of needles in one visit. */
export const MAX_ROUNDS = 6;
const roundIndex = z
  .number({ error: 'Round must be a number' })
  .int('Round must be a whole number')
  .min(0, 'Round must be one of the visit’s rounds')
  .max(MAX_ROUNDS - 1, 'Round must be one of the visit’s rounds')
  .default(0);

/**
 * One insertion round: needles in, (e-stim,) needles out, e.g. supine then prone. Its minutes are
 * the practitioner's personal one-on-one time for that round; every round after the first is a
 * re-insertion, which is what an additional acupuncture unit needs.
 */
export const insertionRound = z.strictObject({
  label: requiredText('Round', 30),
  minutes: optionalInteger('Round minutes', 1, 120),
});
export const ROUND_LABELS = ['Supine', 'Prone', 'Side-lying', 'Seated'] as const;

export const needledAcupoint = z
  .strictObject({
    code: plainText('Acupoint', 20).transform((v, ctx) => {
      const code = normalizePointCode(v);
      if (!code) {
        ctx.addIssue({ code: 'custom', message: `Acupoint ${v.trim() || '(blank)'} is not in the catalog` });
        return z.NEVER;
      }
      return code;
    }),
    side: z.enum(POINT_SIDES, { error: 'Side must be L, R, B or M (midline)' }),
    gaugeMm: optionalNumber('Gauge', 0.1, 0.5),
    lengthMm: optionalInteger('Needle length', 5, 150),
    depth: optionalText('Depth', 30),
    technique: optionalText('Technique', 60),
    retentionMinutes: optionalInteger('Retention', 0, 120),
    round: roundIndex,
  })
  .superRefine((p, ctx) => {
    const point = acupointByCode(p.code);
    if (!point) return;
    if (point.midline && p.side !== 'M') ctx.addIssue({ code: 'custom', path: ['side'], message: `${p.code} is on the midline: side M` });
    if (!point.midline && p.side === 'M') ctx.addIssue({ code: 'custom', path: ['side'], message: `${p.code} is bilateral: side L, R or B` });
  });

export const needledTriggerPoint = z.strictObject({
  muscleId,
  side: z.enum(LIMB_SIDES, { error: 'Side must be L, R or B' }),
  location: optionalText('Location', 60),
  twitch: z.boolean().default(false),
  passes: optionalInteger('Passes', 1, 50),
});

export const leadEndpoint = z.strictObject({
  kind: z.enum(['acupoint', 'muscle']),
  ref: plainText('Lead end', 40).refine((v) => v.length > 0, 'Lead end is required'),
  side: z.enum(['L', 'R', 'M'], { error: 'Lead side must be L, R or M' }),
});
export type LeadEndpoint = z.output<typeof leadEndpoint>;

export const leadPair = z
  .strictObject({
    from: leadEndpoint,
    to: leadEndpoint,
    // Checked as a field, not in the row's refinement below: zod runs a refinement only once every
    // field passes, so 'abc' Hz beside 999 mA was said only after the mA was put right.
    frequency: requiredText('Frequency', 40).superRefine((v, ctx) => {
      const f = parseFrequency(v);
      if (typeof f === 'string') ctx.addIssue({ code: 'custom', message: f });
    }),
    waveform: z.enum(WAVEFORMS, { error: 'Waveform must be continuous, dense-disperse or intermittent' }),
    intensityMa: optionalNumber('Intensity', INTENSITY_MA.min, INTENSITY_MA.max),
    minutes: optionalInteger('E-stim minutes', ESTIM_MINUTES.min, ESTIM_MINUTES.max),
    round: roundIndex,
  })
  .superRefine((p, ctx) => {
    const f = parseFrequency(p.frequency);
    if (typeof f === 'string') return;
    const w = waveformProblem(p.waveform, f);
    if (w) ctx.addIssue({ code: 'custom', path: ['waveform'], message: w });
    if (p.from.kind === p.to.kind && p.from.ref === p.to.ref && p.from.side === p.to.side) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'A lead pair joins two different needles' });
    }
  });

export const visitInput = z
  .strictObject({
    id: recordId,
    providerId: recordId,
    startedAt: localDateTime('Visit time'),
    faceMinutes: optionalInteger('Face-to-face minutes', 1, 240),
    /** Minutes of a separately billed evaluation (E/M): part of the visit, not of the acupuncture. */
    evaluationMinutes: optionalInteger('Evaluation minutes', 1, 120),
    subjective: noteText('Subjective', 4000),
    objective: noteText('Objective', 4000),
    assessmentText: noteText('Assessment', 4000),
    plan: noteText('Plan', 4000),
    painBefore: painScore('Pain before'),
    painAfter: painScore('Pain after'),
    /**
     * Kept for visits charted before insertion rounds; billing of a visit with rounds reads the
     * rounds, never this flag.
     */
    reinserted: z.boolean().default(false),
    /** The 7th character the case's injury codes take on this visit: A initial, D subsequent, S sequela. */
    encounter: z
      .enum(ENCOUNTERS, { error: 'Encounter must be A (initial), D (subsequent) or S (sequela)' })
      .nullish()
      .transform((v) => v ?? null),
    rounds: z.array(insertionRound).max(MAX_ROUNDS, `At most ${MAX_ROUNDS} insertion rounds per visit`).default([]),
    acupoints: z.array(needledAcupoint).max(60, 'At most 60 acupoints per visit').default([]),
    triggerPoints: z.array(needledTriggerPoint).max(40, 'At most 40 trigger points per visit').default([]),
    leadPairs: z.array(leadPair).max(12, 'At most 12 lead pairs per visit').default([]),
    /** Tongue, pulse and pattern (shared/tcm.ts), when the clinic charts them. */
    tcm: tcmInput.nullish().transform((v) => v ?? null),
    adjuncts: z
      .array(z.strictObject({ kind: z.enum(ADJUNCT_KINDS), minutes: optionalInteger('Adjunct minutes', 1, 90), note: optionalText('Adjunct note', 200) }))
      .max(ADJUNCT_KINDS.length)
      .default([]),
    adverseEvents: z
      .array(z.strictObject({ kind: z.enum(ADVERSE_EVENT_KINDS), note: optionalText('Adverse event note', 300) }))
      .max(10)
      .default([]),
    homeCare: noteText('Home care', 2000),
    nextVisitPlan: noteText('Next-visit plan', 1000),
    version: draftVersion,
  })
  .superRefine((v, ctx) => {
    const sameRows = new Set<string>();
    v.acupoints.forEach((p, i) => {
      const key = `${p.code}|${p.side}`;
      if (sameRows.has(key)) ctx.addIssue({ code: 'custom', path: ['acupoints', i, 'code'], message: `${p.code} ${p.side} is already listed` });
      sameRows.add(key);
    });
    const rounds = Math.max(1, v.rounds.length);
    v.acupoints.forEach((p, i) => {
      if (p.round >= rounds) ctx.addIssue({ code: 'custom', path: ['acupoints', i, 'round'], message: `Round ${p.round + 1} is not charted on this visit` });
    });
    v.leadPairs.forEach((p, i) => {
      if (p.round >= rounds) ctx.addIssue({ code: 'custom', path: ['leadPairs', i, 'round'], message: `Round ${p.round + 1} is not charted on this visit` });
    });
    const kinds = new Set<string>();
    v.adjuncts.forEach((a, i) => {
      if (kinds.has(a.kind)) ctx.addIssue({ code: 'custom', path: ['adjuncts', i, 'kind'], message: 'Each adjunct once per visit' });
      kinds.add(a.kind);
    });
    // A lead can only clip onto a needle that is in this visit.
    v.leadPairs.forEach((pair, i) => {
      for (const end of ['from', 'to'] as const) {
        const e = pair[end];
        if (!endpointNeedled(e, v.acupoints, v.triggerPoints)) {
          ctx.addIssue({ code: 'custom', path: ['leadPairs', i, end], message: `${endpointLabel(e)} is not needled in this visit` });
        }
      }
    });
  });
export type VisitInput = z.input<typeof visitInput>;
export type VisitData = z.output<typeof visitInput>;

const covers = (needled: string, side: string) => needled === side || (needled === 'B' && (side === 'L' || side === 'R'));

export function endpointNeedled(
  e: LeadEndpoint,
  acupoints: readonly { code: string; side: string }[],
  triggerPoints: readonly { muscleId: string; side: string }[],
): boolean {
  if (e.kind === 'acupoint') return acupoints.some((p) => p.code === e.ref && covers(p.side, e.side));
  return triggerPoints.some((t) => t.muscleId === e.ref && covers(t.side, e.side));
}

export function endpointLabel(e: LeadEndpoint): string {
  const name = e.kind === 'acupoint' ? e.ref : (muscleById(e.ref)?.name ?? e.ref);
  return e.side === 'M' ? name : `${name} ${e.side}`;
}

export const createVisitInput = z.strictObject({
  caseId: recordId,
  providerId: recordId,
  startedAt: localDateTime('Visit time'),
});

export interface Visit extends Omit<VisitData, 'id' | 'version'> {
  id: number;
  /** Moves on with each save: what the next save sends back as `version`. */
  version: number;
  /** Who saved it last (the person at a clinic seat, else the computer's account). */
  updatedBy: string | null;
  caseId: number;
  patientId: number;
  /** 1-based place among the case's visits by start time, drafts included. */
  number: number;
  signature: Signature | null;
  addenda: Addendum[];
  createdAt: string;
  updatedAt: string;
  /** The safety warnings that stood when the visit was signed (shared/rules/safety.ts), kept with it. */
  signedWarnings: string[];
  /** The practitioner's written reason to sign over a warning that needs one. */
  safetyOverride: string | null;
  /** The patient's safety screen as it stood at signing (migration 28); null for a draft or a visit signed before. */
  screenAtSigning: ScreenAtSigning | null;
}

/** The treatment part of a visit: what "Start from last visit" copies. */
export type Treatment = Pick<VisitData, 'rounds' | 'acupoints' | 'triggerPoints' | 'leadPairs' | 'adjuncts'>;

/**
 * "Start from last visit": the treatment, and the time and re-insertion it was billed by, so a
 * copied treatment keeps its add-on units (97811/97814) instead of losing them silently.
 */
export interface PreviousTreatment {
  visitId: number;
  startedAt: string;
  treatment: Treatment;
  faceMinutes: number | null;
  reinserted: boolean;
}

export type { LimbSide };
