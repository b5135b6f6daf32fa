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
 * On SQLite a draft visit's entry is in note_draft_search, as its note's is (migration 32).
 */
const OFFSET = 3;

/** The search index's own row key: FTS5's rowid, or the table's id (Dialect.insertionOrder names the same column on each engine's other tables). */
const idColumn = (ctx: DbContext) => (ctx.db.dialect.insertionOrder === 'rowid' ? 'rowid' : 'id');

/** What was needled, as the entry reads it: a saved draft's input has it, a bill or the fill reads it. */
export interface Needled {
  acupoints: readonly { code: string }[];
  triggerPoints: readonly { muscleId: string }[];
  leadPairs: readonly { from: LeadEnd; to: LeadEnd }[];
}
interface LeadEnd {
  kind: string;
  ref: string;
}

/** What a visit has on file: for writers that do not hold the treatment already. */
export async function needledOf(ctx: DbContext, visitId: number): Promise<Needled> {
  const [acupoints, triggerPoints, leadPairs] = await Promise.all([
    ctx.db.all<{ code: string }>('SELECT point_code AS code FROM visit_acupoint WHERE visit_id = ? ORDER BY position', [visitId]),
    ctx.db.all<{ muscleId: string }>('SELECT muscle_id AS "muscleId" FROM visit_trigger_point WHERE visit_id = ? ORDER BY position', [visitId]),
    ctx.db.all<{ fromKind: string; fromRef: string; toKind: string; toRef: string }>(
      'SELECT from_kind AS "fromKind", from_ref AS "fromRef", to_kind AS "toKind", to_ref AS "toRef" FROM visit_lead_pair WHERE visit_id = ? ORDER BY position',
      [visitId],
    ),
  ]);
  return {
    acupoints,
    triggerPoints,
    leadPairs: leadPairs.map((l) => ({ from: { kind: l.fromKind, ref: l.fromRef }, to: { kind: l.toKind, ref: l.toRef } })),
  };
}

/** The codes a visit is billed with, in the bill's order: what its entry holds beside what was needled. */
export async function billedCodes(ctx: DbContext, visitId: number): Promise<{ code: string }[]> {
  return ctx.db.all<{ code: string }>('SELECT code FROM billing_line WHERE visit_id = ? ORDER BY position', [visitId]);
}

/**
 * Writes the visit's entry from what was needled (given) and the codes it is billed with: given
 * where the caller read them beside its own reads (no wait of their own), else read here.
 */
export async function writeTreatmentSearch(ctx: DbContext, visitId: number, needled: Needled, codes?: readonly { code: string }[]): Promise<void> {
  const billed = codes ?? (await billedCodes(ctx, visitId));
  const pointText = (code: string) => [code, acupointByCode(code)?.pinyin].filter(Boolean).join(' ');
  const muscleText = (id: string) => muscleById(id)?.name ?? id;
  const words = new Set([
    ...needled.acupoints.map((p) => pointText(p.code)),
    ...needled.triggerPoints.map((m) => muscleText(m.muscleId)),
    ...needled.leadPairs.flatMap((l) => [l.from, l.to]).map((end) => (end.kind === 'acupoint' ? pointText(end.ref) : muscleText(end.ref))),
    ...billed.map((b) => b.code),
  ]);
  const body = [...words].join('\n');
  await dropTreatmentSearch(ctx, visitId);
  if (words.size === 0) return;
  const entry = [visitId * 4 + OFFSET, body, visitId];
  const columns = `${idColumn(ctx)}, body, record_kind, record_id, source`;
  const drafts = ctx.db.dialect.noteSearch.draftIndex;
  if (!drafts) return ctx.db.later(`INSERT INTO note_search (${columns}) VALUES (?, ?, 'visit', ?, 'treatment')`, entry);
  // A draft's entry goes where its note's is (migration 32); signing moves both into note_search.
  const signed = 'EXISTS (SELECT 1 FROM visit WHERE id = ? AND signed_at IS NOT NULL)';
  await ctx.db.later(`INSERT INTO ${drafts} (${columns}) SELECT ?, ?, 'visit', ?, 'treatment' WHERE NOT ${signed}`, [...entry, visitId]);
  await ctx.db.later(`INSERT INTO note_search (${columns}) SELECT ?, ?, 'visit', ?, 'treatment' WHERE ${signed}`, [...entry, visitId]);
}

/**
 * Sent without a wait of its own (Db.later): nothing reads its answer. From both indexes where
 * drafts have their own: a delete of a rowid an FTS5 table does not hold finds no row and writes nothing.
 */
export async function dropTreatmentSearch(ctx: DbContext, visitId: number): Promise<void> {
  const drafts = ctx.db.dialect.noteSearch.draftIndex;
  for (const index of ['note_search', ...(drafts ? [drafts] : [])])
    await ctx.db.later(`DELETE FROM ${index} WHERE ${idColumn(ctx)} = ?`, [visitId * 4 + OFFSET]);
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
    // A few hundred visits at a time, their statements pipelined on PostgreSQL (a clinic moving a
    // ten-year file in has a hundred thousand); each entry's id is its visit's, so the order does not matter.
    for (let at = 0; at < visits.length; at += 200) {
      await Promise.all(visits.slice(at, at + 200).map(async (v) => writeTreatmentSearch(inTx, v.id, await needledOf(inTx, v.id))));
    }
    return visits.length;
  });
}
