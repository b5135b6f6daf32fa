import type { UnsavedDraft } from '../../shared/unsaved';
import { timestamp, type DbContext } from '../context';

/** What a cleared form's row holds (migration 24): nothing kept, but the order it was cleared at. */
const CLEARED = 'null';

/**
 * The safety copy of unsaved typing (migration 14): written as the practitioner types, removed
 * when the save lands, so a closed window or a refused save loses nothing and no clinical text
 * lives outside the data file. Not audited: it is the user's own unsaved state, not a record.
 *
 * A form numbers its copies and clears (`seq`, migration 24) and sends them without waiting for
 * each other: one older than what the row holds changes nothing, so copies arriving out of order
 * never put older typing over newer, nor bring back typing already saved.
 */
export async function keepUnsaved(ctx: DbContext, key: string, values: string, seq = 0): Promise<void> {
  await putUnsaved(ctx, key, values, seq);
}

export async function readUnsaved(ctx: DbContext, key: string): Promise<UnsavedDraft> {
  const row = await ctx.db.get<{ payload: string; keptAt: string }>(
    'SELECT payload, kept_at AS "keptAt" FROM unsaved_draft WHERE draft_key = ? AND payload <> ?',
    [key, CLEARED],
  );
  return { values: row?.payload ?? null, keptAt: row?.keptAt ?? null };
}

/**
 * Without an order (signing, deleting: the record itself is done with), the row goes. With one,
 * the row becomes a cleared marker at that order, unless a newer copy is already there.
 */
export async function clearUnsaved(ctx: DbContext, key: string, seq?: number): Promise<void> {
  // Nothing reads either write's answer (Db.later): a signing's or a save's last wait carries it.
  if (seq === undefined) await ctx.db.later('DELETE FROM unsaved_draft WHERE draft_key = ?', [key]);
  else await putUnsaved(ctx, key, CLEARED, seq);
}

async function putUnsaved(ctx: DbContext, key: string, payload: string, seq: number): Promise<void> {
  await ctx.db.later(
    `INSERT INTO unsaved_draft (draft_key, payload, provider_id, kept_at, kept_seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (draft_key) DO UPDATE SET payload = excluded.payload, provider_id = excluded.provider_id, kept_at = excluded.kept_at,
       kept_seq = excluded.kept_seq
     WHERE excluded.kept_seq >= unsaved_draft.kept_seq`,
    [key, payload, ctx.providerId?.() ?? null, timestamp(ctx), seq],
  );
}
