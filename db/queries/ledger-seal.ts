import { chainHash, contentHash, GENESIS_HASH, LEDGER_KINDS, LEDGER_SHAPES, type LedgerKind } from './ledger';

/**
 * Sealing the records signed before the ledger existed (docs/tamper-evidence.md). It runs once, in
 * the run of migrations that adds the ledger (version 13), inside that run's transaction: a file
 * from before the ledger is sealed as part of its upgrade, and never on any later open. Once a
 * database is past version 13 an empty or short ledger is evidence, and is named, not re-sealed.
 *
 * The steps are written once as a generator of queries so that SQLite's migration, which is
 * synchronous (better-sqlite3), and PostgreSQL's, which is not, run the very same sealing.
 */
export const LEDGER_VERSION = 13;
/** Consents are records from this version on (migration 25), sealed like the rest. */
export const CONSENT_LEDGER_VERSION = 25;

type Row = Record<string, unknown>;
export interface Query {
  sql: string;
  params: unknown[];
}

const INSERT = 'INSERT INTO signed_ledger (seq, record_kind, record_id, content_hash, chain_hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq';

/** Yields each query and takes its rows back; returns how many signed records were sealed. */
export function* sealBeforeLedger(now: string, target: number): Generator<Query, number, Row[]> {
  const last = (yield { sql: 'SELECT seq, chain_hash AS "chainHash" FROM signed_ledger ORDER BY seq DESC LIMIT 1', params: [] })[0] as
    { seq: number; chainHash: string } | undefined;
  // The genesis row may already be there: migration 26 writes it where nothing is signed yet.
  let seq = last ? Number(last.seq) : 1;
  let previous = last ? last.chainHash : chainHash(GENESIS_HASH, 1, 'genesis', 0, GENESIS_HASH);
  if (!last) yield { sql: INSERT, params: [1, 'genesis', 0, GENESIS_HASH, previous, now] };
  const signed: { kind: LedgerKind; id: number; at: string }[] = [];
  // Only what the run's target version seals: a consent is no record before version 25.
  for (const kind of LEDGER_KINDS.filter((k) => k !== 'consent' || target >= CONSENT_LEDGER_VERSION)) {
    const shape = LEDGER_SHAPES[kind];
    const rows = yield { sql: `SELECT id, ${shape.signedAt} AS at FROM ${shape.table} WHERE ${shape.signed}`, params: [] };
    signed.push(...rows.map((r) => ({ kind, id: Number(r.id), at: String(r.at) })));
  }
  signed.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : LEDGER_KINDS.indexOf(a.kind) - LEDGER_KINDS.indexOf(b.kind) || a.id - b.id));
  for (const s of signed) {
    const shape = LEDGER_SHAPES[s.kind];
    const row = (yield { sql: `SELECT * FROM ${shape.table} WHERE id = ?`, params: [s.id] })[0]!;
    const children: Row[][] = [];
    for (const [table, fk] of shape.children) children.push(yield { sql: `SELECT * FROM ${table} WHERE ${fk} = ?`, params: [s.id] });
    const content = contentHash(s.kind, row, children);
    seq++;
    previous = chainHash(previous, seq, s.kind, s.id, content);
    yield { sql: INSERT, params: [seq, s.kind, s.id, content, previous, now] };
  }
  if (signed.length > 0) {
    yield {
      sql: "INSERT INTO audit_log (at, actor, action, entity, detail) VALUES (?, 'upgrade', 'seal', 'ledger', ?) RETURNING id",
      params: [now, `${signed.length} records signed before the ledger`],
    };
  }
  return signed.length;
}

/**
 * The consents on file when a database reaches version 25, sealed once after what the ledger
 * holds, in the order they were recorded. Where the ledger is empty there is nothing to chain to:
 * the run that starts it (sealBeforeLedger) seals them with everything else.
 */
export function* sealConsentsOnFile(now: string): Generator<Query, number, Row[]> {
  const last = (yield { sql: 'SELECT seq, chain_hash AS "chainHash" FROM signed_ledger ORDER BY seq DESC LIMIT 1', params: [] })[0] as
    { seq: number; chainHash: string } | undefined;
  if (!last) return 0;
  const sealed = new Set((yield { sql: "SELECT record_id AS id FROM signed_ledger WHERE record_kind = 'consent'", params: [] }).map((r) => Number(r.id)));
  let seq = Number(last.seq);
  let previous = last.chainHash;
  let count = 0;
  for (const row of yield { sql: 'SELECT * FROM consent ORDER BY recorded_at, id', params: [] }) {
    const id = Number(row.id);
    if (sealed.has(id)) continue;
    const content = contentHash('consent', row, []);
    seq++;
    previous = chainHash(previous, seq, 'consent', id, content);
    yield { sql: INSERT, params: [seq, 'consent', id, content, previous, now] };
    count++;
  }
  return count;
}

export function runSealSync(steps: Generator<Query, number, Row[]>, query: (sql: string, params: unknown[]) => Row[]): number {
  let next = steps.next();
  while (!next.done) next = steps.next(query(next.value.sql, next.value.params));
  return next.value;
}

export async function runSealAsync(steps: Generator<Query, number, Row[]>, query: (sql: string, params: unknown[]) => Promise<Row[]>): Promise<number> {
  let next = steps.next();
  while (!next.done) next = steps.next(await query(next.value.sql, next.value.params));
  return next.value;
}
