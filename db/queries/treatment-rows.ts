import type { VisitData } from '../../shared/visit';
import type { DbContext } from '../context';

/**
 * A draft visit's treatment rows, one table per kind, written from the form as it was saved. Each
 * entry is the table, its columns after visit_id, the order its rows are kept in, and the values
 * the form's list binds, in the columns' order.
 */
const TABLES: { table: string; columns: string[]; order: string | null; rows: (v: VisitData) => unknown[][] }[] = [
  { table: 'visit_round', columns: ['position', 'label', 'minutes'], order: 'position', rows: (v) => v.rounds.map((r, i) => [i, r.label, r.minutes]) },
  {
    table: 'visit_acupoint',
    columns: ['position', 'point_code', 'side', 'gauge_mm', 'length_mm', 'depth', 'technique', 'retention_minutes', 'insertion_round'],
    order: 'position',
    rows: (v) => v.acupoints.map((p, i) => [i, p.code, p.side, p.gaugeMm, p.lengthMm, p.depth, p.technique, p.retentionMinutes, p.round]),
  },
  {
    table: 'visit_trigger_point',
    columns: ['position', 'muscle_id', 'side', 'location', 'twitch', 'passes'],
    order: 'position',
    rows: (v) => v.triggerPoints.map((t, i) => [i, t.muscleId, t.side, t.location, t.twitch ? 1 : 0, t.passes]),
  },
  {
    table: 'visit_lead_pair',
    columns: [
      'position',
      'from_kind',
      'from_ref',
      'from_side',
      'to_kind',
      'to_ref',
      'to_side',
      'frequency',
      'waveform',
      'intensity_ma',
      'minutes',
      'insertion_round',
    ],
    order: 'position',
    rows: (v) =>
      v.leadPairs.map((l, i) => [
        i,
        l.from.kind,
        l.from.ref,
        l.from.side,
        l.to.kind,
        l.to.ref,
        l.to.side,
        l.frequency.replace(/\s+/g, ''),
        l.waveform,
        l.intensityMa,
        l.minutes,
        l.round,
      ]),
  },
  // Adjuncts have no position: they are kept in the order written (the engine's insertion order).
  { table: 'visit_adjunct', columns: ['kind', 'minutes', 'note'], order: null, rows: (v) => v.adjuncts.map((a) => [a.kind, a.minutes, a.note]) },
  { table: 'visit_adverse_event', columns: ['position', 'kind', 'note'], order: 'position', rows: (v) => v.adverseEvents.map((e, i) => [i, e.kind, e.note]) },
];

/**
 * Whether the draft's treatment rows on file are exactly what `input` would write: the same
 * number of rows in each table, each with the very values it would bind, in the same order. An
 * autosave mostly changes the note's text; when the treatment is as it was, its rows are left
 * alone, and so are the search entries and the case's Review row that rewriting them would
 * trigger (db/migrations/0020_review_rows.ts). Any difference at all, even of type (a number the
 * engine hands back as text), counts as a change and the rows are written in full.
 */
export async function treatmentUnchanged(ctx: DbContext, visitId: number, input: VisitData): Promise<boolean> {
  // Every table asked for together: one wait on PostgreSQL.
  const kept = await Promise.all(
    TABLES.map(({ table, columns, order }) =>
      ctx.db.all<Record<string, unknown>>(`SELECT ${columns.join(', ')} FROM ${table} WHERE visit_id = ? ORDER BY ${order ?? ctx.db.dialect.insertionOrder}`, [
        visitId,
      ]),
    ),
  );
  return TABLES.every(({ columns, rows }, t) => {
    const wanted = rows(input);
    const onFile = kept[t]!;
    return onFile.length === wanted.length && onFile.every((row, i) => columns.every((c, j) => row[c] === wanted[i]![j]));
  });
}

/**
 * Rows per INSERT statement when a table's rows are written together: each statement is one round
 * trip to a clinic's server, and a visit's points and trigger points were one each (issue 38). A few
 * fixed sizes, so each engine prepares only a few statements per table.
 */
const INSERT_SIZES = [16, 4, 1];

/** Replaces the draft's treatment rows with the form's lists, in the form's order. */
export async function replaceTreatment(ctx: DbContext, visitId: number, input: VisitData): Promise<void> {
  // Nothing here is read back: each statement goes without a wait of its own (Db.later), checked before the save ends.
  for (const { table } of TABLES) await ctx.db.later(`DELETE FROM ${table} WHERE visit_id = ?`, [visitId]);
  for (const { table, columns, rows } of TABLES) {
    const values = rows(input);
    const row = `(${['?', ...columns.map(() => '?')].join(', ')})`;
    // In the form's order: a multi-row VALUES list inserts its rows in the order written.
    for (let at = 0; at < values.length;) {
      const size = INSERT_SIZES.find((n) => n <= values.length - at)!;
      const batch = values.slice(at, at + size);
      await ctx.db.later(
        `INSERT INTO ${table} (visit_id, ${columns.join(', ')}) VALUES ${batch.map(() => row).join(', ')}`,
        batch.flatMap((v) => [visitId, ...v]),
      );
      at += size;
    }
  }
}
