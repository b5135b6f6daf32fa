import { OUTCOME_MEASURES, type MeasureId } from '../catalogs/outcome-measures';

/** The clinic's minimal clinically important differences: the §6 defaults unless the clinic changed them. */
export type Mcids = Record<MeasureId, number>;

export const DEFAULT_MCIDS: Mcids = Object.fromEntries(OUTCOME_MEASURES.map((m) => [m.id, m.mcid])) as Mcids;

/** Pain also counts as meaningfully better at this fraction of the first value (§3: 2 points or 30%). */
export const PAIN_RELATIVE_MCID = 0.3;

/**
 * A pain change of this many points or fewer is within the NPRS's measurement error: never
 * meaningful, whatever its percentage (a drop from 2 to 1 is 50% and still noise).
 */
export const PAIN_MEASUREMENT_ERROR = 1;
