import type { Treatment, VisitData } from '../../shared/visit';
import type { DbContext } from '../context';
import { among } from '../engine/among';
import { NOTE_TEXT_COLUMNS } from '../clinic/roles';

/** What a visit charts in rows of their own: its treatment and the adverse events after it. */
export type Charted = Treatment & Pick<VisitData, 'adverseEvents'>;
type Part = keyof Charted;
type Row = Record<string, unknown>;

/**
 * One table of a visit's charted rows: which list of the form it holds, its columns after
 * visit_id, the order its rows are kept in, the values the form's list binds (in the columns'
 * order), and the form's entry a row on file reads back as. The write, the comparison with what is
 * on file and every read of a visit's rows go through this one list, so a column is named once.
 */
interface Table<K extends Part> {
  part: K;
  table: string;
  columns: readonly string[];
  order: string | null;
  rows: (v: VisitData) => unknown[][];
  entry: (row: Row) => Charted[K][number];
}
const table = <K extends Part>(t: Table<K>): Table<Part> => t as unknown as Table<Part>;

const TABLES: readonly Table<Part>[] = [
  table({
    part: 'rounds',
    table: 'visit_round',
    columns: ['position', 'label', 'minutes'],
    order: 'position',
    rows: (v) => v.rounds.map((r, i) => [i, r.label, r.minutes]),
    entry: (r) => ({ label: r.label as string, minutes: r.minutes as number | null }),
  }),
  table({
    part: 'acupoints',
    table: 'visit_acupoint',
    columns: ['position', 'point_code', 'side', 'gauge_mm', 'length_mm', 'depth', 'technique', 'retention_minutes', 'insertion_round'],
    order: 'position',
    rows: (v) => v.acupoints.map((p, i) => [i, p.code, p.side, p.gaugeMm, p.lengthMm, p.depth, p.technique, p.retentionMinutes, p.round]),
    entry: (r) =>
      ({
        code: r.point_code,
        side: r.side,
        gaugeMm: r.gauge_mm,
        lengthMm: r.length_mm,
        depth: r.depth,
        technique: r.technique,
        retentionMinutes: r.retention_minutes,
        round: r.insertion_round,
      }) as Charted['acupoints'][number],
  }),
  table({
    part: 'triggerPoints',
    table: 'visit_trigger_point',
    columns: ['position', 'muscle_id', 'side', 'location', 'twitch', 'passes'],
    order: 'position',
    rows: (v) => v.triggerPoints.map((t, i) => [i, t.muscleId, t.side, t.location, t.twitch ? 1 : 0, t.passes]),
    // SQLite stores the flag as 0/1.
    entry: (r) =>
      ({ muscleId: r.muscle_id, side: r.side, location: r.location, twitch: Boolean(r.twitch), passes: r.passes }) as Charted['triggerPoints'][number],
  }),
  table({
    part: 'leadPairs',
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
    entry: (r) =>
      ({
        from: { kind: r.from_kind, ref: r.from_ref, side: r.from_side },
        to: { kind: r.to_kind, ref: r.to_ref, side: r.to_side },
        frequency: r.frequency,
        waveform: r.waveform,
        intensityMa: r.intensity_ma,
        minutes: r.minutes,
        round: r.insertion_round,
      }) as Charted['leadPairs'][number],
  }),
  // Adjuncts have no position: they are kept in the order written (the engine's insertion order).
  table({
    part: 'adjuncts',
    table: 'visit_adjunct',
    columns: ['kind', 'minutes', 'note'],
    order: null,
    rows: (v) => v.adjuncts.map((a) => [a.kind, a.minutes, a.note]),
    entry: (r) => ({ kind: r.kind, minutes: r.minutes, note: r.note }) as Charted['adjuncts'][number],
  }),
  table({
    part: 'adverseEvents',
    table: 'visit_adverse_event',
    columns: ['position', 'kind', 'note'],
    order: 'position',
    rows: (v) => v.adverseEvents.map((e, i) => [i, e.kind, e.note]),
    entry: (r) => ({ kind: r.kind, note: r.note }) as Charted['adverseEvents'][number],
  }),
];

/** Each charted table's rows of one visit, as on file, in TABLES' order. */
export type RowsOnFile = Row[][];

/**
 * The charted rows of several visits (a case's timeline), in the order they were charted: one
 * statement per table for all of them, asked together (one wait on PostgreSQL). Without note text,
 * a table's text columns the front desk may not read (db/clinic/roles.ts) come back as NULL.
 */
export async function chartedRowsOf(
  ctx: DbContext,
  visitIds: readonly number[],
  { noteText = true, parts = TABLES.map((t) => t.part) }: { noteText?: boolean; parts?: readonly Part[] } = {},
): Promise<Map<number, RowsOnFile>> {
  const visits = among(ctx.db.dialect, 'visit_id', visitIds);
  const read = await Promise.all(
    TABLES.map(({ part, table, columns, order }) => {
      if (!parts.includes(part)) return Promise.resolve([]);
      const hidden = noteText ? [] : (NOTE_TEXT_COLUMNS[table] ?? []);
      const selected = columns.map((c) => (hidden.includes(c) ? `NULL AS ${c}` : c));
      return ctx.db.all<Row & { visit_id: number }>(
        `SELECT visit_id, ${selected.join(', ')} FROM ${table} WHERE ${visits.where} ORDER BY visit_id, ${order ?? ctx.db.dialect.insertionOrder}`,
        [visits.param],
      );
    }),
  );
  const byVisit = new Map<number, RowsOnFile>(visitIds.map((id) => [id, TABLES.map(() => [])]));
  read.forEach((rows, t) => {
    for (const { visit_id, ...row } of rows) byVisit.get(visit_id)![t]!.push(row);
  });
  return byVisit;
}

/** A visit's charted rows as the form's lists. */
export function chartedFrom(onFile: RowsOnFile): Charted {
  return Object.fromEntries(TABLES.map(({ part, entry }, t) => [part, onFile[t]!.map(entry)])) as Charted;
}

/** The tables of the treatment itself: every charted table but the adverse events. */
export const TREATMENT_PARTS: readonly Part[] = TABLES.map((t) => t.part).filter((part) => part !== 'adverseEvents');

/**
 * Whether the draft's charted rows on file are exactly what `input` would write: the same number
 * of rows in each table, each with the very values it would bind, in the same order. An autosave
 * mostly changes the note's text; when the treatment is as it was, its rows are left alone, and so
 * are the search entries and the case's Review row that rewriting them would trigger
 * (db/migrations/0020_review_rows.ts). Any difference at all, even of type (a number the engine
 * hands back as text), counts as a change and the rows are written in full.
 */
export function chartedUnchanged(onFile: RowsOnFile, input: VisitData): boolean {
  return TABLES.every(({ columns, rows }, t) => {
    const wanted = rows(input);
    const kept = onFile[t]!;
    return kept.length === wanted.length && kept.every((row, i) => columns.every((c, j) => row[c] === wanted[i]![j]));
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
