import { DomainError } from '../../shared/outcome';
import type { DbContext } from '../context';
import type { Db } from '../engine/types';
import { readLedger, resealAsBefore, verifyLedger } from '../queries/ledger';
import { fillNameParts } from '../queries/patients';
import { fillTreatmentSearch } from '../queries/treatment-search';
import { reviewRowsForToday } from '../queries/review-rows';

/**
 * Moving a whole record from one database to another: a solo file into a clinic's server
 * (`clinic import`), and a clinic's server out to one solo file (`clinic export`). Either way the
 * records arrive as they were — same ids, same values, signatures and their snapshots — and the
 * move is checked: the source's ledger verifies before anything is written, every copied table is
 * compared row by row after, and the target's ledger verifies too. The whole move is one
 * transaction: stopped halfway, it leaves nothing, and running it again starts it again; run again
 * after it finished, it finds every record equal and writes nothing.
 */

/** Copied, in an order where each row's references are already there. */
export const COPIED_TABLES = [
  'clinic',
  'provider',
  'provider_license',
  'clinic_person',
  'clinic_mcid',
  'fee_schedule',
  'app_setting',
  'patient',
  'race',
  'patient_safety',
  'consent',
  'care_case',
  'case_diagnosis',
  'case_reopening',
  'visit',
  'visit_round',
  'visit_acupoint',
  'visit_trigger_point',
  'visit_lead_pair',
  'visit_adjunct',
  'visit_adverse_event',
  'assessment',
  'assessment_ortho_test',
  'assessment_trigger_point',
  'assessment_outcome',
  'addendum',
  'billing_line',
  'billing_line_diagnosis',
  'payment',
  'phrase',
  'protocol',
  'unsaved_draft',
  'audit_log',
] as const;

/**
 * Not copied: worked out from the copied rows by the target's own triggers and fills (search,
 * review rows, name words), or rebuilt from the source's (the ledger, resealed in its order); the
 * migration record is each database's own.
 */
export const DERIVED_TABLES = [
  'note_search',
  // The drafts' entries, on SQLite (migration 32).
  'note_draft_search',
  'review_row',
  'review_stale',
  'review_day',
  'patient_name_part',
  'derived_filled',
  'signed_ledger',
  // Where the source's last whole verification ended (migration 30): the target's ledger is chained
  // afresh, so its own first open verifies it whole and keeps its own head.
  'ledger_verified',
  // Wrong passcodes counted on one database: a moved record starts its count afresh.
  'passcode_attempt',
  'schema_history',
] as const;

/** Columns a signature sets: a signed record goes in as a draft, its rows under it, then is signed as it was. */
const SIGNATURE_COLUMNS = ['signed_at', 'signed_by', 'signer_name', 'signer_credentials', 'signer_npi', 'signer_license', 'safety_screen_at_signing'];
const SIGNED_TABLES = new Set(['visit', 'assessment']);
/** Kept in the order they were charted (SQLite's rowid, PostgreSQL's seq), which is all that orders them. */
const KEYLESS = new Set(['visit_adjunct', 'assessment_outcome']);
/** Also compared, though the target adds rows: only the source's rows must be there, equal. */
const GROWS = new Set(['audit_log', 'clinic_person']);
/**
 * The audit log is merged: the target's own rows (the clinic's set-up) keep their ids, and the
 * source's follow them, in their order, with the next ids. Nothing refers to an audit row's id.
 */
const RENUMBERED = new Set(['audit_log']);

type Row = Record<string, unknown>;

async function columnsOf(db: Db, table: string): Promise<string[]> {
  return (await db.all<{ name: string }>(db.dialect.catalog.columns, [table])).map((c) => c.name);
}

/** The tables a database has, besides the engine's own. */
export async function tablesOf(db: Db): Promise<string[]> {
  return (await db.all<{ name: string }>(db.dialect.catalog.tables)).map((r) => r.name).filter((n) => n !== 'needlebook_schema');
}

/** The order rows were written in: what the copy keeps (and what alone orders the keyless tables). */
const orderOf = (db: Db, table: string, columns: readonly string[]) =>
  KEYLESS.has(table) ? db.dialect.insertionOrder : db.dialect.catalog.writtenOrder(columns, RENUMBERED.has(table));

/** A table's rows in one order, with the columns both databases have (never PostgreSQL's seq). */
async function rowsOf(db: Db, table: string, columns: readonly string[]): Promise<Row[]> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  return db.all<Row>(`SELECT ${list} FROM ${table} ORDER BY ${orderOf(db, table, columns)}`);
}

/** A row as comparable text: numbers as numbers whatever their column type, NULLs kept. */
const canonical = (row: Row): string => JSON.stringify(Object.values(row).map((v) => (typeof v === 'bigint' ? Number(v) : v === undefined ? null : v)));

async function sharedColumns(source: Db, target: Db, table: string): Promise<string[]> {
  const theirs = new Set(await columnsOf(target, table));
  return (await columnsOf(source, table)).filter((c) => c !== 'seq' && theirs.has(c) && !(RENUMBERED.has(table) && c === 'id'));
}

export interface Difference {
  table: string;
  problem: string;
}

/** Every copied table compared row by row; the first difference in each table that has one. */
export async function compareRecords(source: Db, target: Db): Promise<Difference[]> {
  const differences: Difference[] = [];
  for (const table of COPIED_TABLES) {
    const columns = await sharedColumns(source, target, table);
    // Rows with a key compare as sets (the engines order a key differently); keyless ones in their charted order.
    const read = async (db: Db) => {
      const rows = (await rowsOf(db, table, columns)).map(canonical);
      return KEYLESS.has(table) ? rows : rows.sort();
    };
    const theirs = await read(source);
    let ours = await read(target);
    if (GROWS.has(table)) {
      const present = new Set(ours);
      ours = theirs.filter((r) => present.has(r));
    }
    if (ours.length !== theirs.length) {
      differences.push({ table, problem: `${theirs.length} rows in the source, ${ours.length} of them in the target` });
      continue;
    }
    const at = theirs.findIndex((r, i) => r !== ours[i]);
    if (at !== -1) differences.push({ table, problem: `row ${at + 1} differs: ${theirs[at]!.slice(0, 60)}…` });
  }
  return differences;
}

async function insertRows(db: Db, table: string, columns: readonly string[], rows: readonly Row[]): Promise<void> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  const BATCH = 100;
  for (let i = 0; i < rows.length; i += BATCH) {
    const slice = rows.slice(i, i + BATCH);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    // Pipelined on PostgreSQL (Db.later): a ten-year file is tens of thousands of these.
    await db.later(
      `INSERT INTO ${table} (${list}) VALUES ${slice.map(() => tuple).join(', ')}`,
      slice.flatMap((r) => columns.map((c) => r[c] ?? null)),
    );
  }
}

export interface TransferReport {
  /** Rows copied per table; empty when the target already held every record. */
  copied: Record<string, number>;
  alreadyThere: boolean;
  sealed: number;
}

/** Filled by the migrations in a new database (the fee schedule's codes): replaced by the source's. */
const SEEDED = new Set(['fee_schedule']);

/** Whether the target holds any record (its people, added by `clinic init`, and what the migrations seed are not records). */
async function holdsRecords(db: Db): Promise<boolean> {
  for (const table of COPIED_TABLES) {
    if (table === 'clinic_person' || table === 'audit_log' || SEEDED.has(table)) continue;
    if (await db.get(`SELECT 1 AS one FROM ${table} LIMIT 1`)) return true;
  }
  return false;
}

/**
 * Copies every record of `source` into `target` (both at the same schema version, the target
 * empty or already holding exactly these records). `target` must be its tables' owner.
 */
export async function transferRecords(source: Db, target: Db): Promise<TransferReport> {
  const mine = new Set(await tablesOf(target));
  const unknown = (await tablesOf(source)).filter(
    (t) => !(COPIED_TABLES as readonly string[]).includes(t) && !(DERIVED_TABLES as readonly string[]).includes(t),
  );
  if (unknown.length > 0) throw new Error(`Tables this Needlebook does not know how to move: ${unknown.join(', ')}`);
  const check = await verifyLedger(source);
  if (check.problems.length > 0) {
    throw new DomainError('conflict', `The source fails its own check (${check.problems[0]!.problem}; ${check.problems.length} problems). Nothing was moved.`);
  }
  if (await holdsRecords(target)) {
    const differences = await compareRecords(source, target);
    if (differences.length === 0) return { copied: {}, alreadyThere: true, sealed: 0 };
    throw new DomainError(
      'conflict',
      `The target already holds other records (${differences[0]!.table}: ${differences[0]!.problem}). Nothing was moved: it takes a file only into an empty clinic.`,
    );
  }
  const ledger = await readLedger(source);
  const copied: Record<string, number> = {};
  await target.transaction(async (tx) => {
    // The server keeps the audit log's users as they came (migration 21): only the tables' owner may ask.
    if (tx.dialect.importSwitch) await tx.exec(tx.dialect.importSwitch);
    const signatures: { table: string; rows: Row[] }[] = [];
    for (const table of COPIED_TABLES) {
      if (!mine.has(table)) continue;
      const columns = await sharedColumns(source, tx, table);
      const rows = await rowsOf(source, table, columns);
      if (SIGNED_TABLES.has(table)) {
        signatures.push({ table, rows: rows.filter((r) => r.signed_at !== null) });
        await insertRows(
          tx,
          table,
          columns,
          rows.map((r) => ({ ...r, ...Object.fromEntries(SIGNATURE_COLUMNS.map((c) => [c, null])) })),
        );
      } else {
        // Addenda are written to signed records only: the records are signed before them.
        if (table === 'addendum') await signAsBefore(tx, signatures.splice(0));
        if (SEEDED.has(table)) await tx.run(`DELETE FROM ${table}`);
        await insertRows(tx, table, columns, rows);
      }
      copied[table] = rows.length;
    }
    await signAsBefore(tx, signatures);
    // Ids came with the rows: each table's own numbering goes on after the highest.
    if (tx.dialect.renumberAfterImport) await tx.exec(tx.dialect.renumberAfterImport);
    await resealAsBefore(tx, ledger);
    const ctx: DbContext = { db: tx, now: () => new Date(), actor: 'import' };
    // A seat that opened the empty clinic before the import marked these fills done, for no
    // patients: the marks go, so the records moved in get their name words and treatment entries.
    await tx.run("DELETE FROM derived_filled WHERE name IN ('name_parts', 'treatment_search')");
    await fillNameParts(ctx);
    await fillTreatmentSearch(ctx);
    // Review's rows too, so the clinic's first Review call does not make every one of them.
    await reviewRowsForToday(ctx);
    const differences = await compareRecords(source, tx);
    if (differences.length > 0) throw new Error(`After the copy, ${differences[0]!.table}: ${differences[0]!.problem}`);
    const after = await verifyLedger(tx);
    if (after.problems.length > 0) throw new Error(`After the copy the ledger fails: ${after.problems[0]!.problem}`);
  });
  // Once committed, every table at once rather than as the server's autovacuum comes round to
  // each (db/engine/postgres.ts says why): the first practitioner to open the clinic gets the
  // plans measured on it.
  if (target.dialect.settleAfterImport) await target.exec(target.dialect.settleAfterImport(await tablesOf(target)));
  return { copied, alreadyThere: false, sealed: ledger.length };
}

/** Signs each record as it was signed, its rows now under it. */
async function signAsBefore(db: Db, groups: readonly { table: string; rows: Row[] }[]): Promise<void> {
  for (const { table, rows } of groups) {
    for (const r of rows) {
      await db.later(`UPDATE ${table} SET ${SIGNATURE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, [
        ...SIGNATURE_COLUMNS.map((c) => r[c] ?? null),
        r.id,
      ]);
    }
  }
}
