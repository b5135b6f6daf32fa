import type { UnsavedDraft } from '../../shared/unsaved';
import { timestamp, type DbContext } from '../context';

/**
 * The safety copy of unsaved typing (migration 14): written as the practitioner types, removed
 * when the save lands, so a closed window or a refused save loses nothing and no clinical text
 * lives outside the data file. Not audited: it is the user's own unsaved state, not a record.
 */
export async function keepUnsaved(ctx: DbContext, key: string, values: string): Promise<void> {
  await ctx.db.run(
    `INSERT INTO unsaved_draft (draft_key, payload, provider_id, kept_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (draft_key) DO UPDATE SET payload = excluded.payload, provider_id = excluded.provider_id, kept_at = excluded.kept_at`,
    [key, values, ctx.providerId?.() ?? null, timestamp(ctx)],
  );
}

export async function readUnsaved(ctx: DbContext, key: string): Promise<UnsavedDraft> {
  const row = await ctx.db.get<{ payload: string; keptAt: string }>('SELECT payload, kept_at AS "keptAt" FROM unsaved_draft WHERE draft_key = ?', [key]);
  return { values: row?.payload ?? null, keptAt: row?.keptAt ?? null };
}

export async function clearUnsaved(ctx: DbContext, key: string): Promise<void> {
  await ctx.db.run('DELETE FROM unsaved_draft WHERE draft_key = ?', [key]);
}
