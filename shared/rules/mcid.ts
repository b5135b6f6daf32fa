import { OUTCOME_MEASURES, type MeasureId } from '../catalogs/outcome-measures';

/** The clinic's minimal clinically important differences: the §6 defaults unless the clinic changed them. */
export type Mcids = Record<MeasureId, number>;

export const DEFAULT_MCIDS: Mcids = Object.fromEntries(OUTCOME_MEASURES.map((m) => [m.id, m.mcid])) as Mcids;

/** Pain also counts as meaningfully better at this fraction of the first value (§3: 2 points or 30%). */
export const PAIN_RELATIVE_MCID = 0.3;
