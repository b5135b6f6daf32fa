import { timestamp, type DbContext } from '../context';

/**
 * Derived rows the service fills once for the records already on file (migration 20's
 * `derived_filled`): the name search's words and the treatment entries of note search. Written in
 * JavaScript because their content comes from code (the name folding, the catalogs), not SQL.
 */
export type DerivedFill = 'name_parts' | 'treatment_search';

/** Runs `fill` in one transaction unless it was done for this database; returns how many records it wrote. */
export async function fillOnce(ctx: DbContext, name: DerivedFill, fill: (ctx: DbContext) => Promise<number>): Promise<number> {
  if (await ctx.db.get('SELECT 1 AS done FROM derived_filled WHERE name = ?', [name])) return 0;
  return ctx.db.transaction(async (db) => {
    const inTx = { ...ctx, db };
    const written = await fill(inTx);
    await db.run('INSERT INTO derived_filled (name, filled_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [name, timestamp(ctx)]);
    return written;
  });
}
