import type { MeasureId } from '../../shared/catalogs/outcome-measures';
import { DEFAULT_MCIDS, type Mcids } from '../../shared/rules/mcid';
import { timestamp, type DbContext } from '../context';
import { audit } from './audit';

export async function getMcids(ctx: DbContext): Promise<Mcids> {
  const rows = (await ctx.db.all('SELECT measure, value FROM clinic_mcid')) as { measure: MeasureId; value: number }[];
  const values = { ...DEFAULT_MCIDS };
  for (const r of rows) values[r.measure] = r.value;
  return values;
}

/** Stores only what differs from the defaults, so a later change of a default still reaches this clinic. */
export async function saveMcids(ctx: DbContext, values: Mcids): Promise<Mcids> {
  const before = await getMcids(ctx);
  await ctx.db.run('DELETE FROM clinic_mcid');
  for (const [measure, value] of Object.entries(values) as [MeasureId, number][]) {
    if (value !== DEFAULT_MCIDS[measure])
      await ctx.db.run('INSERT INTO clinic_mcid (measure, value, updated_at) VALUES (?, ?, ?)', [measure, value, timestamp(ctx)]);
  }
  const changed = (Object.keys(values) as MeasureId[]).filter((m) => before[m] !== values[m]);
  await audit(ctx, 'update', 'mcid', null, changed.join(','));
  return await getMcids(ctx);
}
