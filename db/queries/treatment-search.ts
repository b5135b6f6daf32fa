import { acupointByCode } from '../../shared/catalogs/acupoints';
import { muscleById } from '../../shared/catalogs/muscles';
import type { DbContext } from '../context';
import { fillOnce } from './derived-filled';

/**
 * What was needled is searchable as the notes are: each visit has one more entry in `note_search`
 * (source `treatment`, at id × 4 + 3 beside the note's × 4, the assessment's + 1 and addenda's + 2)
 * holding its acupoints (code and WHO pinyin), the muscles dry-needled, the points and muscles of its
 * lead pairs, and the codes it was billed with. "ST36", "zusanli", "gastroc" or "20561" then find
 * the visits. The catalog names live in the code, not the database, so the entry is written here,
 * by the service, whenever the treatment or the bill changes (db/queries/visits.ts, billing.ts).
 */
const OFFSET = 3;

const idColumn = (ctx: DbContext) => (ctx.db.dialect.kind === 'sqlite' ? 'rowid' : 'id');

export async function writeTreatmentSearch(ctx: DbContext, visitId: number): Promise<void> {
  const points = await ctx.db.all<{ code: string }>('SELECT point_code AS code FROM visit_acupoint WHERE visit_id = ? ORDER BY position', [visitId]);
  const muscles = await ctx.db.all<{ id: string }>('SELECT muscle_id AS id FROM visit_trigger_point WHERE visit_id = ? ORDER BY position', [visitId]);
  const leads = await ctx.db.all<{ kind: string; ref: string }>(
    `SELECT from_kind AS kind, from_ref AS ref FROM visit_lead_pair WHERE visit_id = ? UNION ALL SELECT to_kind, to_ref FROM visit_lead_pair WHERE visit_id = ?`,
    [visitId, visitId],
  );
  const billed = await ctx.db.all<{ code: string }>('SELECT code FROM billing_line WHERE visit_id = ? ORDER BY position', [visitId]);
  const pointText = (code: string) => [code, acupointByCode(code)?.pinyin].filter(Boolean).join(' ');
  const muscleText = (id: string) => muscleById(id)?.name ?? id;
  const words = new Set([
    ...points.map((p) => pointText(p.code)),
    ...muscles.map((m) => muscleText(m.id)),
    ...leads.map((l) => (l.kind === 'acupoint' ? pointText(l.ref) : muscleText(l.ref))),
    ...billed.map((b) => b.code),
  ]);
  const id = visitId * 4 + OFFSET;
  await ctx.db.run(`DELETE FROM note_search WHERE ${idColumn(ctx)} = ?`, [id]);
  if (words.size === 0) return;
  await ctx.db.run(`INSERT INTO note_search (${idColumn(ctx)}, body, record_kind, record_id, source) VALUES (?, ?, 'visit', ?, 'treatment')`, [
    id,
    [...words].join('\n'),
    visitId,
  ]);
}

export async function dropTreatmentSearch(ctx: DbContext, visitId: number): Promise<void> {
  await ctx.db.run(`DELETE FROM note_search WHERE ${idColumn(ctx)} = ?`, [visitId * 4 + OFFSET]);
}

/**
 * Once per database: the entries for visits charted before treatments were searchable. Run when the
 * database is opened (db/host.ts), in one transaction, and marked done (db/queries/derived-filled.ts).
 */
export function fillTreatmentSearch(ctx: DbContext): Promise<number> {
  return fillOnce(ctx, 'treatment_search', async (inTx) => {
    const visits = await inTx.db.all<{ id: number }>(
      `SELECT id FROM visit v WHERE EXISTS (SELECT 1 FROM visit_acupoint a WHERE a.visit_id = v.id)
          OR EXISTS (SELECT 1 FROM visit_trigger_point t WHERE t.visit_id = v.id) OR EXISTS (SELECT 1 FROM billing_line b WHERE b.visit_id = v.id)`,
    );
    for (const v of visits) await writeTreatmentSearch(inTx, v.id);
    return visits.length;
  });
}
