import { muscleById } from '../catalogs/muscles';
import { measureById, type MeasureId } from '../catalogs/outcome-measures';
import type { AdjunctKind, LeadEndpoint, Treatment } from '../visit';
import { formatFrequency, parseFrequency } from './estim';

/**
 * How treatment rows read in a timeline, a report or a search result: `GB34 R`,
 * `Tensor fasciae latae R`, `GB31 R ↔ GB34 R · 2 Hz · 20 min`.
 */
export const ADJUNCT_LABEL: Record<AdjunctKind, string> = {
  cupping: 'Cupping',
  gua_sha: 'Gua sha',
  moxibustion: 'Moxibustion',
  heat: 'Heat',
  manual_therapy: 'Manual therapy',
};

export function acupointLabel(p: { code: string; side: string }): string {
  return p.side === 'M' ? p.code : `${p.code} ${p.side}`;
}

export function muscleName(id: string): string {
  return muscleById(id)?.name ?? id;
}

export function triggerPointLabel(t: { muscleId: string; side: string }): string {
  return `${muscleName(t.muscleId)} ${t.side}`;
}

export function endpointName(e: LeadEndpoint): string {
  const name = e.kind === 'acupoint' ? e.ref : muscleName(e.ref);
  return e.side === 'M' ? name : `${name} ${e.side}`;
}

export function leadPairLabel(p: Treatment['leadPairs'][number]): string {
  const f = parseFrequency(p.frequency);
  const parts = [`${endpointName(p.from)} ↔ ${endpointName(p.to)}`, typeof f === 'string' ? p.frequency : formatFrequency(f)];
  if (p.waveform !== 'continuous') parts.push(p.waveform);
  if (p.intensityMa !== null) parts.push(`${p.intensityMa} mA`);
  if (p.minutes !== null) parts.push(`${p.minutes} min`);
  return parts.join(' · ');
}

export function adjunctLabel(a: Treatment['adjuncts'][number]): string {
  return a.minutes === null ? ADJUNCT_LABEL[a.kind] : `${ADJUNCT_LABEL[a.kind]} ${a.minutes} min`;
}

export function scoreLabel(o: { measure: MeasureId; score: number }): string {
  const m = measureById(o.measure);
  return `${m?.short ?? o.measure} ${o.score}${m?.unit ?? ''}`;
}
