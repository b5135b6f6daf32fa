import type { AdverseEventKind } from '../../../shared/visit';

export const ADVERSE_EVENT_LABEL: Record<AdverseEventKind, string> = {
  bruising: 'Bruising',
  soreness: 'Post-needling soreness',
  bleeding: 'Bleeding',
  fainting: 'Fainting / vasovagal',
  stuck_needle: 'Stuck needle',
  increased_pain: 'Increased pain',
  other: 'Other',
};
