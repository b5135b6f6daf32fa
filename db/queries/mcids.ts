import type { MeasureId } from '../../shared/catalogs/outcome-measures';
import { DEFAULT_MCIDS, type Mcids } from '../../shared/rules/mcid';
import { timestamp, type DbContext } from '../context';
import { audit } from './audit';

export function getMcids(ctx: DbContext): Mcids {
  const rows = ctx.db.prepare('SELECT measure, value FROM clinic_mcid').all() as { measure: MeasureId; value: number }[];
  const values = { ...DEFAULT_MCIDS };
  for (const r of rows) values[r.measure] = r.value;
  return values;
}

/** Stores only what differs from the defaults, so a later change of a default still reaches this clinic. */
export function saveMcids(ctx: DbContext, values: Mcids): Mcids {
  const before = getMcids(ctx);
  ctx.db.prepare('DELETE FROM clinic_mcid').run();
  const insert = ctx.db.prepare('INSERT INTO clinic_mcid (measure, value, updated_at) VALUES (?, ?, ?)');
  for (const [measure, value] of Object.entries(values) as [MeasureId, number][]) {
    if (value !== DEFAULT_MCIDS[measure]) insert.run(measure, value, timestamp(ctx));
  }
  const changed = (Object.keys(values) as MeasureId[]).filter((m) => before[m] !== values[m]);
  audit(ctx, 'update', 'mcid', null, changed.join(','));
  return getMcids(ctx);
}
