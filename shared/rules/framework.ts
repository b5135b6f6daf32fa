import type { CaseSide } from '../catalogs/conditions';

/**
 * Session-count frameworks (docs/clinical-rules.md, "Session-count frameworks"): the phase is fixed at the case's start from the weeks
 * since onset; recurring cases are chronic whatever their onset; maintenance is chosen by hand.
 */
export type Phase = 'acute' | 'subacute' | 'chronic' | 'maintenance';

export interface CaseTiming {
  onsetDate: string;
  startDate: string;
  recurring: boolean;
  maintenance: boolean;
}

const DAY_MS = 86_400_000;

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS);
}

export function phaseAtStart(c: CaseTiming): Phase {
  if (c.maintenance) return 'maintenance';
  if (c.recurring) return 'chronic';
  const weeks = daysBetween(c.onsetDate, c.startDate) / 7;
  if (weeks < 4) return 'acute';
  if (weeks < 12) return 'subacute';
  return 'chronic';
}

/** Expected number of sessions; maintenance is open-ended. */
export const EXPECTED_SESSIONS: Record<Phase, { min: number; max: number | null }> = {
  acute: { min: 2, max: 6 },
  subacute: { min: 4, max: 10 },
  chronic: { min: 8, max: 16 },
  maintenance: { min: 0, max: null },
};

export const PHASE_LABEL: Record<Phase, string> = {
  acute: 'Acute',
  subacute: 'Subacute',
  chronic: 'Chronic',
  maintenance: 'Maintenance',
};

/** "sessions 5 of 4–10", as the case header and timeline say it. */
export function sessionsLabel(done: number, phase: Phase): string {
  const { min, max } = EXPECTED_SESSIONS[phase];
  return max === null ? `session ${done} (open-ended)` : `sessions ${done} of ${min}–${max}`;
}

export const SIDE_LABEL: Record<CaseSide, string> = { left: 'left', right: 'right', bilateral: 'bilateral', na: '' };
