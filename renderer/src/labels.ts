import { SEXES, TRAINING_PHASES, type Sex, type TrainingPhase } from '../../shared/patient';

export const SEX_LABEL: Record<Sex, string> = { female: 'Female', male: 'Male', intersex: 'Intersex', unknown: 'Unknown' };
export const SEX_OPTIONS = SEXES.map((value) => ({ value, label: SEX_LABEL[value] }));

export const PHASE_LABEL: Record<TrainingPhase, string> = {
  base: 'Base',
  peak: 'Peak',
  taper: 'Taper',
  recovery: 'Recovery',
  'off-season': 'Off-season',
};
export const PHASE_OPTIONS = TRAINING_PHASES.map((value) => ({ value, label: PHASE_LABEL[value] }));

export const RACE_DISTANCES = ['5K', '10K', '15K', 'Half marathon', 'Marathon', '50K', '50 mi', '100K', '100 mi', 'Trail', 'Triathlon', 'Relay'];
