import type { LimbSide } from '../../../shared/assessment';
import type { AdjunctKind, AdverseEventKind, Encounter, LeadEndpoint, PointSide, PreviousTreatment, Treatment, Visit, VisitInput } from '../../../shared/visit';
import { ADJUNCT_KINDS } from '../../../shared/visit';
import type { Waveform } from '../../../shared/rules/estim';
import { toText } from '../format';
import { toTcmValues, type TcmValues } from './TcmFields';

/** The chart as typed: numbers stay text until the contract reads them, so nothing half-typed is rejected early. */
export interface PointRow {
  code: string;
  side: PointSide;
  gaugeMm: string;
  lengthMm: string;
  depth: string;
  technique: string;
  retentionMinutes: string;
  /** Index into the visit's insertion rounds. */
  round: number;
}
/** One insertion round as typed. */
export interface RoundRow {
  label: string;
  minutes: string;
}
export interface TriggerPointRow {
  muscleId: string;
  side: LimbSide;
  location: string;
  twitch: boolean;
  passes: string;
}
export interface LeadRow {
  from: LeadEndpoint | null;
  to: LeadEndpoint | null;
  frequency: string;
  waveform: Waveform;
  intensityMa: string;
  minutes: string;
  round: number;
}
export type AdjunctValues = Record<AdjunctKind, { on: boolean; minutes: string }>;

export interface VisitValues {
  providerId: number;
  startedAt: string;
  faceMinutes: string;
  evaluationMinutes: string;
  subjective: string;
  objective: string;
  assessmentText: string;
  plan: string;
  painBefore: string;
  painAfter: string;
  reinserted: boolean;
  encounter: Encounter | null;
  rounds: RoundRow[];
  acupoints: PointRow[];
  triggerPoints: TriggerPointRow[];
  leadPairs: LeadRow[];
  adjuncts: AdjunctValues;
  adverseEvents: { kind: AdverseEventKind; note: string }[];
  homeCare: string;
  nextVisitPlan: string;
  tcm: TcmValues;
}

/** A new visit starts with one round; each round added after it is a re-insertion. */
export const FIRST_ROUND: RoundRow = { label: 'Supine', minutes: '' };

export const newPoint = (code: string, side: PointSide, round = 0): PointRow => ({
  code,
  side,
  round,
  gaugeMm: '',
  lengthMm: '',
  depth: '',
  technique: '',
  retentionMinutes: '',
});
/**
 * A point clicked on the body chart: added to the round being charted, unless that side is
 * already needled; the other side already charted makes the row both sides (B).
 */
export function addPointFromFigure(v: VisitValues, code: string, side: PointSide, round: number): VisitValues {
  if (v.acupoints.some((p) => p.code === code && (p.side === side || p.side === 'B'))) return v;
  const other = side === 'L' ? 'R' : side === 'R' ? 'L' : null;
  const i = other ? v.acupoints.findIndex((p) => p.code === code && p.side === other) : -1;
  if (i >= 0) return { ...v, acupoints: v.acupoints.map((p, j) => (j === i ? { ...p, side: 'B' } : p)) };
  return { ...v, acupoints: [...v.acupoints, newPoint(code, side, round)] };
}
export const newTriggerPoint = (muscleId: string, side: LimbSide): TriggerPointRow => ({ muscleId, side, location: '', twitch: false, passes: '' });

function treatmentValues(t: Treatment): Pick<VisitValues, 'rounds' | 'acupoints' | 'triggerPoints' | 'leadPairs' | 'adjuncts'> {
  const adjuncts = Object.fromEntries(ADJUNCT_KINDS.map((k) => [k, { on: false, minutes: '' }])) as AdjunctValues;
  for (const a of t.adjuncts) adjuncts[a.kind] = { on: true, minutes: toText(a.minutes) };
  return {
    rounds: t.rounds.length ? t.rounds.map((r) => ({ label: r.label, minutes: toText(r.minutes) })) : [FIRST_ROUND],
    acupoints: t.acupoints.map((p) => ({
      round: p.round,
      code: p.code,
      side: p.side,
      gaugeMm: toText(p.gaugeMm),
      lengthMm: toText(p.lengthMm),
      depth: toText(p.depth),
      technique: toText(p.technique),
      retentionMinutes: toText(p.retentionMinutes),
    })),
    triggerPoints: t.triggerPoints.map((tp) => ({
      muscleId: tp.muscleId,
      side: tp.side,
      location: toText(tp.location),
      twitch: tp.twitch,
      passes: toText(tp.passes),
    })),
    leadPairs: t.leadPairs.map((l) => ({
      from: l.from,
      to: l.to,
      frequency: l.frequency,
      waveform: l.waveform,
      intensityMa: toText(l.intensityMa),
      minutes: toText(l.minutes),
      round: l.round,
    })),
    adjuncts,
  };
}

export function fromVisit(v: Visit): VisitValues {
  return {
    providerId: v.providerId,
    startedAt: v.startedAt,
    faceMinutes: toText(v.faceMinutes),
    evaluationMinutes: toText(v.evaluationMinutes),
    subjective: toText(v.subjective),
    objective: toText(v.objective),
    assessmentText: toText(v.assessmentText),
    plan: toText(v.plan),
    painBefore: toText(v.painBefore),
    painAfter: toText(v.painAfter),
    reinserted: v.reinserted,
    encounter: v.encounter,
    ...treatmentValues(v),
    adverseEvents: v.adverseEvents.map((e) => ({ kind: e.kind, note: toText(e.note) })),
    homeCare: toText(v.homeCare),
    nextVisitPlan: toText(v.nextVisitPlan),
    tcm: toTcmValues(v.tcm),
  };
}

/** A protocol: its treatment replaces this draft's. */
export function withTreatment(values: VisitValues, t: Treatment): VisitValues {
  return { ...values, ...treatmentValues(t) };
}

/**
 * "Start from last visit": the earlier visit's treatment replaces this draft's, with its re-insertion
 * and (unless minutes are typed already) its face-to-face minutes, which its add-on units were billed by.
 */
export function withPreviousVisit(values: VisitValues, previous: PreviousTreatment): VisitValues {
  return {
    ...withTreatment(values, previous.treatment),
    faceMinutes: values.faceMinutes.trim() === '' ? toText(previous.faceMinutes) : values.faceMinutes,
    reinserted: previous.reinserted,
  };
}

const MISSING_END: LeadEndpoint = { kind: 'acupoint', ref: '', side: 'L' };

export function toInput(id: number, v: VisitValues): VisitInput {
  return {
    ...v,
    id,
    leadPairs: v.leadPairs.map((l) => ({ ...l, from: l.from ?? MISSING_END, to: l.to ?? MISSING_END })),
    adjuncts: ADJUNCT_KINDS.filter((k) => v.adjuncts[k].on).map((kind) => ({ kind, minutes: v.adjuncts[kind].minutes })),
  };
}

/** The chart as the safety rules read it (shared/rules/safety.ts): what is needled, stimulated and applied so far. */
export function chartedTreatment(v: VisitValues) {
  return { ...v, adjuncts: ADJUNCT_KINDS.filter((k) => v.adjuncts[k].on).map((kind) => ({ kind })) };
}

/** Everything a lead can clip onto in this visit: each needled point or muscle, per side. */
export function endpointChoices(v: Pick<VisitValues, 'acupoints' | 'triggerPoints'>): LeadEndpoint[] {
  const sides = (s: string): ('L' | 'R' | 'M')[] => (s === 'B' ? ['L', 'R'] : [s as 'L' | 'R' | 'M']);
  const seen = new Set<string>();
  const out: LeadEndpoint[] = [];
  const push = (e: LeadEndpoint) => {
    const key = endpointKey(e);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(e);
  };
  for (const p of v.acupoints) for (const side of sides(p.side)) push({ kind: 'acupoint', ref: p.code, side });
  for (const t of v.triggerPoints) for (const side of sides(t.side)) push({ kind: 'muscle', ref: t.muscleId, side });
  return out;
}

export const endpointKey = (e: LeadEndpoint | null): string => (e ? `${e.kind}|${e.ref}|${e.side}` : '');
export function endpointFromKey(key: string): LeadEndpoint | null {
  const [kind, ref, side] = key.split('|');
  return kind && ref && side ? { kind: kind as LeadEndpoint['kind'], ref, side: side as LeadEndpoint['side'] } : null;
}
