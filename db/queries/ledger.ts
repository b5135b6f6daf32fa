import { createHash } from 'node:crypto';
import type { Db } from '../engine/types';
import { timestamp, type DbContext } from '../context';
import { DomainError } from '../../shared/outcome';
import { nextTurn } from '../next-turn';

/**
 * The signed-records ledger (docs/tamper-evidence.md). Each signed visit, assessment and
 * addendum gets one row: a hash of its stored content with its children, and a hash chained to
 * the row before it. Re-hashing every record later shows any change made behind the app's back
 * (a dropped trigger and an UPDATE in the sqlite3 shell), and a broken chain shows an edited,
 * removed or reordered ledger row.
 */
export type LedgerKind = 'visit' | 'assessment' | 'addendum' | 'consent';

interface Shape {
  table: string;
  /** Only signed rows are sealed; an addendum is final when written. */
  signed: string;
  /** When the record was signed: the order records are sealed in when a file is first sealed. */
  signedAt: string;
  children: readonly (readonly [table: string, fk: string])[];
}

export const LEDGER_SHAPES: Record<LedgerKind, Shape> = {
  visit: {
    table: 'visit',
    signed: 'signed_at IS NOT NULL',
    signedAt: 'signed_at',
    children: [
      ['visit_round', 'visit_id'],
      ['visit_acupoint', 'visit_id'],
      ['visit_trigger_point', 'visit_id'],
      ['visit_lead_pair', 'visit_id'],
      ['visit_adjunct', 'visit_id'],
      ['visit_adverse_event', 'visit_id'],
    ],
  },
  assessment: {
    table: 'assessment',
    signed: 'signed_at IS NOT NULL',
    signedAt: 'signed_at',
    children: [
      ['assessment_ortho_test', 'assessment_id'],
      ['assessment_trigger_point', 'assessment_id'],
      ['assessment_outcome', 'assessment_id'],
    ],
  },
  addendum: { table: 'addendum', signed: '1 = 1', signedAt: 'written_at', children: [] },
  // A consent is final when recorded: a correction is a new consent (migration 25).
  consent: { table: 'consent', signed: '1 = 1', signedAt: 'recorded_at', children: [] },
};
export const LEDGER_KINDS = Object.keys(LEDGER_SHAPES) as LedgerKind[];

type Row = Record<string, unknown>;

/**
 * One stored row as stable text: its columns in the table's order (a later migration only appends
 * columns), NULLs left out (so a column added empty changes no hash), booleans as 0/1 as SQLite
 * stores them. A hash is compared only with one made on the same database, so the engines need
 * not agree with each other.
 */
export function canonicalRow(row: Row): string {
  let text = '';
  for (const key in row) {
    const v = row[key];
    if (v === null || v === undefined) continue;
    // Column names are identifiers: no quoting needed. Strings are JSON-quoted so a value cannot fake a separator.
    text += `${key}=${typeof v === 'string' ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? 1 : 0) : String(v)};`;
  }
  return text;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The record and each child table's rows, sorted, so the hash does not depend on read order. */
export function contentHash(kind: LedgerKind, row: Row, children: readonly (readonly Row[])[]): string {
  const parts = [kind, canonicalRow(row), ...children.map((rows) => rows.map(canonicalRow).sort().join('\n'))];
  return sha256(parts.join('\u0000'));
}

export const GENESIS_HASH = sha256('needlebook signed-records ledger');

export function chainHash(previous: string, seq: number, kind: string, recordId: number, content: string): string {
  return sha256(`${previous}|${seq}|${kind}|${recordId}|${content}`);
}

interface LedgerRow {
  seq: number;
  recordedAt?: string;
  kind: string;
  recordId: number;
  contentHash: string;
  chainHash: string;
}

const SELECT_LEDGER =
  'SELECT seq, record_kind AS kind, record_id AS "recordId", content_hash AS "contentHash", chain_hash AS "chainHash", recorded_at AS "recordedAt" FROM signed_ledger';

async function readRecord(db: Db, kind: LedgerKind, id: number): Promise<string | null> {
  // The clinic's server hashes its own rows (migration 25): the hash it sealed with is the one compared.
  if (db.dialect.serverSeals) return (await db.get<{ h: string | null }>(`SELECT ${db.dialect.serverSeals}(?, ?) AS h`, [kind, id]))?.h ?? null;
  const shape = LEDGER_SHAPES[kind];
  const row = await db.get<Row>(`SELECT * FROM ${shape.table} WHERE id = ? AND ${shape.signed}`, [id]);
  if (!row) return null;
  const children = [];
  for (const [table, fk] of shape.children) children.push(await db.all<Row>(`SELECT * FROM ${table} WHERE ${fk} = ?`, [id]));
  return contentHash(kind, row, children);
}

async function append(ctx: DbContext, last: LedgerRow | undefined, kind: LedgerKind | 'genesis', recordId: number, content: string): Promise<LedgerRow> {
  const seq = (last?.seq ?? 0) + 1;
  const chain = chainHash(last?.chainHash ?? GENESIS_HASH, seq, kind, recordId, content);
  await ctx.db.run('INSERT INTO signed_ledger (seq, record_kind, record_id, content_hash, chain_hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?)', [
    seq,
    kind,
    recordId,
    content,
    chain,
    timestamp(ctx),
  ]);
  return { seq, kind, recordId, contentHash: content, chainHash: chain };
}

const lastRow = (db: Db) => db.get<LedgerRow>(`${SELECT_LEDGER} ORDER BY seq DESC LIMIT 1`);

/**
 * Seals a record just signed (or an addendum just written), inside the signing transaction. The
 * ledger always holds its genesis row (migrations 13 and 26 write it), so an empty one was emptied:
 * nothing is signed onto it, and nothing is quietly sealed again.
 */
export async function sealRecord(ctx: DbContext, kind: LedgerKind, id: number): Promise<void> {
  // On the clinic's server a trigger sealed it as it was written: no login may write the ledger.
  if (ctx.db.dialect.serverSeals) return;
  const last = await lastRow(ctx.db);
  if (!last) {
    throw new DomainError(
      'conflict',
      `Not signed: this data file's signed-records ledger is empty — it was emptied outside Needlebook. Nothing was saved. Run needlebook check and restore the latest good backup.`,
    );
  }
  const content = await readRecord(ctx.db, kind, id);
  if (content === null) throw new Error(`${kind} ${id} is not signed`);
  await append(ctx, last, kind, id, content);
}

/**
 * The ledger of records moved in from another database (db/clinic/transfer.ts): the same rows in
 * the same order, each record hashed as this database stores it (the engines store a row
 * differently, and a hash is only compared on its own database), chained afresh, with the time
 * each was first sealed.
 */
export async function resealAsBefore(db: Db, rows: readonly LedgerRow[]): Promise<void> {
  // An empty target already holds its own genesis row (migration 26): the source's is that same row.
  let last: LedgerRow | undefined = await lastRow(db);
  for (const row of rows) {
    const kind = row.kind as LedgerKind | 'genesis';
    if (kind === 'genesis' && last?.kind === 'genesis' && Number(last.seq) === 1) continue;
    const content = kind === 'genesis' ? row.contentHash : await readRecord(db, kind, Number(row.recordId));
    if (content === null) throw new Error(`${row.kind} ${row.recordId} is sealed in the file but is not signed in it`);
    last = await append({ db, now: () => new Date(row.recordedAt!), actor: 'import' }, last, kind, Number(row.recordId), content);
  }
}

export interface LedgerProblem {
  kind: string;
  id: number;
  problem: string;
}

export interface LedgerReport {
  /** Signed records re-hashed. */
  checked: number;
  problems: LedgerProblem[];
}

/** A verification with where it ended (`verifyLedgerToHead`). */
export interface HeadedReport extends LedgerReport {
  /**
   * The ledger's last row, the signed records of each kind and the audit log's last row it covered.
   * Kept as the verified head (db/queries/ledger-verified.ts) when nothing was found, so the next
   * open re-hashes only what was sealed after it.
   */
  head?: VerifiedHead;
}

/** A point up to which the whole ledger was verified and found whole (docs/tamper-evidence.md, "Verifying at open"). */
export interface VerifiedHead {
  seq: number;
  chainHash: string;
  /** Signed records of each kind then: a signed record added beside the ledger changes a count. */
  signed: Record<LedgerKind, number>;
  /** The audit log's last row then: signings audited after it are looked for at the next open. */
  auditId: number;
  /** When it was verified (the database's clock), for the messages. */
  at: string;
}

/**
 * Every signed record of one kind with its children, read in bulk (one query per table): what a
 * verify reads, and what `npm run bench` times as the floor beneath hashing.
 */
export async function readSigned(db: Db, kind: LedgerKind): Promise<{ rows: Row[]; children: Map<number, Row[]>[] }> {
  const shape = LEDGER_SHAPES[kind];
  const rows = await db.all<Row>(`SELECT * FROM ${shape.table} WHERE ${shape.signed}`);
  const children = [];
  for (const [table, fk] of shape.children) {
    const byParent = new Map<number, Row[]>();
    for (const c of await db.all<Row>(`SELECT c.* FROM ${table} c JOIN ${shape.table} p ON p.id = c.${fk} WHERE p.${shape.signed}`)) {
      const key = Number(c[fk]);
      const list = byParent.get(key);
      if (list) list.push(c);
      else byParent.set(key, [c]);
    }
    children.push(byParent);
  }
  return { rows, children };
}

/** How many records a verify reads and hashes at a time on a file. */
const HASH_CHUNK = 2000;
/**
 * How many records the clinic's server hashes in one statement (needlebook_content_hashes,
 * migration 36): for visits about 22 ms of one backend at 18,000 patients on two cores, so no
 * statement of a verification holds a core long and the verification gives way to the seat's
 * calls between statements. A thousand took 70-108 ms, and a seat's screen calls made during a
 * cold start's verification waited up to 92 ms for a core (issue 38).
 */
const SERVER_HASH_CHUNK = 250;
/**
 * How many ledger rows a verify reads, and walks the chain of, between two breaths: on the seat's
 * own thread, where 2,000 held every call's answer for 15-18 ms.
 */
const LEDGER_CHUNK = 500;

export interface VerifyOptions {
  /**
   * Awaited between two chunks of a verification (a statement's records hashed, a run of ledger
   * rows walked): by default a turn of the event loop, so a call's answer never waits for the whole
   * ledger on this thread; the seat's daily verification also pauses there (db/record-checks.ts).
   */
  between?: () => Promise<void>;
}

/**
 * Every signed record of one kind with its content hash, a chunk at a time in id order. On a file,
 * a chunk of records is read by id (each chunk's children by the same id range) and hashed before
 * the next is read: only the hashes stay, so `needlebook check` of a ten-year file holds a chunk,
 * not every signed note with its rows (issue 38, point 5: read whole, memory grew about 4 KiB per
 * signed record). On the clinic's server, which hashes its own rows, a chunk is one statement of
 * the ranged function (migration 36): the per-record function once per row took 81 s of one
 * backend at 18,000 patients, in one statement per kind.
 */
export async function* hashChunks(db: Db, kind: LedgerKind): AsyncGenerator<[id: number, hash: string][]> {
  const shape = LEDGER_SHAPES[kind];
  if (db.dialect.serverHashes) {
    for (let after = 0; ;) {
      const rows = await db.all<{ id: number; h: string }>(
        `SELECT record_id AS id, content_hash AS h FROM ${db.dialect.serverHashes}(?, ?, ${SERVER_HASH_CHUNK})`,
        [kind, after],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => [Number(r.id), r.h]);
      after = Number(rows.at(-1)!.id);
    }
  }
  for (let after = 0; ;) {
    const rows = await db.all<Row>(`SELECT * FROM ${shape.table} WHERE ${shape.signed} AND id > ? ORDER BY id LIMIT ${HASH_CHUNK}`, [after]);
    if (rows.length === 0) return;
    const [first, last] = [Number(rows[0]!.id), Number(rows.at(-1)!.id)];
    const children: Map<number, Row[]>[] = [];
    for (const [table, fk] of shape.children) {
      const byParent = new Map<number, Row[]>();
      for (const c of await db.all<Row>(`SELECT * FROM ${table} WHERE ${fk} BETWEEN ? AND ?`, [first, last])) {
        const key = Number(c[fk]);
        const list = byParent.get(key);
        if (list) list.push(c);
        else byParent.set(key, [c]);
      }
      children.push(byParent);
    }
    yield rows.map((row) => {
      const id = Number(row.id);
      return [
        id,
        contentHash(
          kind,
          row,
          children.map((m) => m.get(id) ?? []),
        ),
      ];
    });
    after = last;
  }
}

/**
 * Every signing and addendum the audit log records up to row `upTo`, as ledger kinds and ids, a run
 * of audit rows at a time: a signing is `sign` on the visit or assessment, an addendum is
 * `addendum` with `addendum N` as its detail.
 */
async function* auditedSignings(db: Db, upTo: number): AsyncGenerator<{ kind: LedgerKind; id: number }[]> {
  for (let after = 0; ;) {
    const rows = await db.all<{ n: number; action: string; entity: string; id: number | null; detail: string | null }>(
      `SELECT id AS n, action, entity, entity_id AS id, detail FROM audit_log WHERE id > ? AND id <= ? AND action IN ('sign', 'addendum') ORDER BY id LIMIT ${LEDGER_CHUNK}`,
      [after, upTo],
    );
    if (rows.length === 0) return;
    const found: { kind: LedgerKind; id: number }[] = [];
    for (const r of rows) {
      if (r.action === 'sign' && (r.entity === 'visit' || r.entity === 'assessment') && r.id !== null) found.push({ kind: r.entity, id: Number(r.id) });
      const addendum = r.action === 'addendum' ? /^addendum (\d+)$/.exec(r.detail ?? '') : null;
      if (addendum) found.push({ kind: 'addendum', id: Number(addendum[1]) });
    }
    yield found;
    after = Number(rows.at(-1)!.n);
  }
}

/** The whole ledger in order. */
export const readLedger = (db: Db) => db.all<LedgerRow>(`${SELECT_LEDGER} ORDER BY seq`);

/**
 * Re-hashes every signed record and walks the chain. Names each record whose content no longer
 * matches its seal, each signed record missing from the ledger, each sealed record that is gone,
 * and each ledger row whose chain is broken.
 */
export async function verifyLedger(db: Db): Promise<LedgerReport> {
  const { checked, problems } = await verifyLedgerToHead(db);
  return { checked, problems };
}

/** `verifyLedger`, saying where it ended: what the checks off the calls' path keep as the verified head. */
export async function verifyLedgerToHead(db: Db, at = new Date().toISOString(), options: VerifyOptions = {}): Promise<HeadedReport> {
  const between = options.between ?? nextTurn;
  const problems: LedgerProblem[] = [];
  // Read before the ledger: a signing audited between the two is looked for again at the next open.
  const auditId = await lastAuditId(db);
  // The ledger a run of rows at a time, its chain walked as it comes: 202,504 rows walked in one go
  // held the seat's thread (and every call's answer) for the better part of a second. Only each
  // seal's content hash and row number are kept, by kind and record id, not the rows themselves.
  const sealed = new Map<string, { hash: Map<number, string>; seq: Map<number, number> }>();
  let previous = GENESIS_HASH;
  let rowsRead = 0;
  let last: LedgerRow | undefined;
  for (let after = 0; ;) {
    const rows = await db.all<LedgerRow>(`${SELECT_LEDGER} WHERE seq > ? ORDER BY seq LIMIT ${LEDGER_CHUNK}`, [after]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const i = rowsRead++;
      if (Number(row.seq) !== i + 1) problems.push({ kind: 'ledger', id: i + 1, problem: `ledger row ${i + 1} is missing` });
      const expected = chainHash(previous, Number(row.seq), row.kind, Number(row.recordId), row.contentHash);
      if (expected !== row.chainHash)
        problems.push({ kind: 'ledger', id: Number(row.seq), problem: `ledger row ${row.seq} was altered: its chain does not match` });
      previous = row.chainHash;
      let seals = sealed.get(row.kind);
      if (!seals) sealed.set(row.kind, (seals = { hash: new Map(), seq: new Map() }));
      const id = Number(row.recordId);
      seals.hash.set(id, row.contentHash);
      if (!seals.seq.has(id)) seals.seq.set(id, Number(row.seq));
    }
    last = rows.at(-1)!;
    after = Number(last.seq);
    await between();
  }
  let checked = 0;
  /** The signed records found, by kind. */
  const present = new Map<string, Set<number>>();
  const signed = { visit: 0, assessment: 0, addendum: 0, consent: 0 } satisfies Record<LedgerKind, number>;
  const whole = new Set<string>(['genesis']);
  /** Signed records the ledger read had no row for: their findings, and the records' keys. */
  const unsealed = new Map<LedgerProblem, string>();
  for (const kind of LEDGER_KINDS) {
    const seals = sealed.get(kind);
    const found = new Set<number>();
    present.set(kind, found);
    let matched = 0;
    for await (const chunk of hashChunks(db, kind)) {
      signed[kind] += chunk.length;
      for (const [id, hash] of chunk) {
        checked++;
        found.add(id);
        const seal = seals?.hash.get(id);
        if (seal === undefined) {
          const finding = { kind, id, problem: `signed ${kind} ${id} is not in the ledger` };
          problems.push(finding);
          unsealed.set(finding, `${kind} ${id}`);
          continue;
        }
        matched++;
        if (seal !== hash) {
          problems.push({ kind, id, problem: `${kind} ${id} was altered after it was signed` });
        }
      }
      await between();
    }
    // Every seal of the kind met its record: none of them is gone, and none is looked for below.
    if (seals && matched === seals.hash.size) whole.add(kind);
  }
  // Signed while the verification ran (at another seat, or on this one between two chunks): sealed
  // after the rows read, so not among them, and not a finding. Such a seal is the next verification's.
  const since = new Set(
    (await db.all<{ kind: string; id: number }>('SELECT record_kind AS kind, record_id AS id FROM signed_ledger WHERE seq > ?', [Number(last?.seq ?? 0)])).map(
      (r) => `${r.kind} ${Number(r.id)}`,
    ),
  );
  if (since.size > 0 && unsealed.size > 0) {
    const kept = problems.filter((p) => !since.has(unsealed.get(p) ?? ''));
    problems.length = 0;
    for (const p of kept) problems.push(p);
  }
  // Sealed, and not signed now: named in the ledger's order.
  const gone: { seq: number; kind: string; id: number }[] = [];
  for (const [kind, seals] of sealed) {
    if (whole.has(kind)) continue;
    const found = present.get(kind);
    for (const [id, seq] of seals.seq) if (!found?.has(id)) gone.push({ seq, kind, id });
  }
  gone.sort((a, b) => a.seq - b.seq);
  for (const g of gone) problems.push({ kind: g.kind, id: g.id, problem: `signed ${g.kind} ${g.id} is gone or no longer signed` });
  // The ledger always starts with its genesis row (migrations 13 and 26): an empty one was emptied.
  if (rowsRead === 0) {
    problems.unshift({ kind: 'ledger', id: 0, problem: `the signed-records ledger is empty while ${checked} records are signed` });
  }
  // A ledger shortened together with the records it sealed leaves nothing to re-hash; the audit log
  // still names each signing and addendum, so a record it names that neither exists nor was sealed is gone.
  const named = new Set<string>();
  for await (const chunk of auditedSignings(db, auditId)) {
    for (const a of chunk) {
      if (sealed.get(a.kind)?.hash.has(a.id) || present.get(a.kind)?.has(a.id)) continue;
      const key = `${a.kind} ${a.id}`;
      if (named.has(key) || since.has(key)) continue;
      named.add(key);
      problems.push({ kind: a.kind, id: a.id, problem: `signed ${a.kind} ${a.id} is gone: the audit log records it, the ledger has no row for it` });
    }
    await between();
  }
  const head = last ? { seq: Number(last.seq), chainHash: last.chainHash, signed, auditId, at } : undefined;
  return { checked, problems, ...(head ? { head } : {}) };
}

const lastAuditId = async (db: Db): Promise<number> => Number((await db.get<{ id: number | null }>('SELECT max(id) AS id FROM audit_log'))?.id ?? 0);

/**
 * Signed records of each kind, counted by what the indexes hold: every visit less the drafts (the
 * partial index of migration 19), never a walk through every note's text.
 */
async function signedCounts(db: Db): Promise<Record<LedgerKind, number>> {
  const row = await db.get<Record<string, number | string>>(
    `SELECT (SELECT count(*) FROM visit) - (SELECT count(*) FROM visit WHERE signed_at IS NULL) AS visit,
            (SELECT count(*) FROM assessment) - (SELECT count(*) FROM assessment WHERE signed_at IS NULL) AS assessment,
            (SELECT count(*) FROM addendum) AS addendum, (SELECT count(*) FROM consent) AS consent`,
  );
  return { visit: Number(row?.visit ?? 0), assessment: Number(row?.assessment ?? 0), addendum: Number(row?.addendum ?? 0), consent: Number(row?.consent ?? 0) };
}

export interface SinceReport extends HeadedReport {
  /**
   * Something the rows since the head cannot explain (more or fewer signed records than the head
   * and the new rows add up to): only the whole ledger can name which, so it is verified at once.
   */
  suspect: boolean;
}

/**
 * The open's check (docs/tamper-evidence.md, "Verifying at open"): the head itself held against the
 * ledger (its row still there, with the same chain hash), the chain walked on from it, every record
 * sealed after it re-hashed, the signed records counted against the head's counts and the rows
 * since, and every signing audited since looked for. What sealed records before the head hold is
 * left to the whole ledger's verification, which runs off the practitioner's path.
 */
export async function verifySince(db: Db, from: VerifiedHead, at = new Date().toISOString()): Promise<SinceReport> {
  const problems: LedgerProblem[] = [];
  const auditId = await lastAuditId(db);
  const anchor = await db.get<{ chainHash: string }>('SELECT chain_hash AS "chainHash" FROM signed_ledger WHERE seq = ?', [from.seq]);
  if (!anchor) {
    const end = Number((await db.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM signed_ledger'))?.seq ?? 0);
    problems.push({
      kind: 'ledger',
      id: from.seq,
      problem: `the ledger is shorter than when it was verified on ${from.at.slice(0, 10)}: it ends at row ${end}, row ${from.seq} was verified`,
    });
    return { checked: 0, problems, suspect: true };
  }
  if (anchor.chainHash !== from.chainHash) {
    problems.push({
      kind: 'ledger',
      id: from.seq,
      problem: `ledger row ${from.seq} differs from the one verified on ${from.at.slice(0, 10)}: the chain was rewritten`,
    });
    return { checked: 0, problems, suspect: true };
  }
  const rows = await db.all<LedgerRow>(`${SELECT_LEDGER} WHERE seq > ? ORDER BY seq`, [from.seq]);
  let previous = from.chainHash;
  const added = { visit: 0, assessment: 0, addendum: 0, consent: 0 } satisfies Record<LedgerKind, number>;
  const sealedNow = new Set<string>();
  let checked = 0;
  for (const [i, row] of rows.entries()) {
    const seq = Number(row.seq);
    if (seq !== from.seq + i + 1) problems.push({ kind: 'ledger', id: from.seq + i + 1, problem: `ledger row ${from.seq + i + 1} is missing` });
    if (chainHash(previous, seq, row.kind, Number(row.recordId), row.contentHash) !== row.chainHash)
      problems.push({ kind: 'ledger', id: seq, problem: `ledger row ${seq} was altered: its chain does not match` });
    previous = row.chainHash;
    if (!(row.kind in LEDGER_SHAPES)) continue;
    const kind = row.kind as LedgerKind;
    const key = `${kind} ${row.recordId}`;
    if (!sealedNow.has(key)) added[kind]++;
    sealedNow.add(key);
    const hash = await readRecord(db, kind, Number(row.recordId));
    checked++;
    if (hash === null) problems.push({ kind, id: Number(row.recordId), problem: `signed ${kind} ${row.recordId} is gone or no longer signed` });
    else if (hash !== row.contentHash) problems.push({ kind, id: Number(row.recordId), problem: `${kind} ${row.recordId} was altered after it was signed` });
  }
  const signed = await signedCounts(db);
  const suspect = LEDGER_KINDS.some((kind) => signed[kind] !== from.signed[kind] + added[kind]);
  // A signing audited since the head whose record neither is signed now nor was sealed since: gone with its row.
  const audited = await db.all<{ action: string; entity: string; id: number | null; detail: string | null }>(
    `SELECT action, entity, entity_id AS id, detail FROM audit_log WHERE id > ? AND action IN ('sign', 'addendum')`,
    [from.auditId],
  );
  for (const r of audited) {
    const addendum = r.action === 'addendum' ? /^addendum (\d+)$/.exec(r.detail ?? '') : null;
    const found: { kind: LedgerKind; id: number } | null =
      r.action === 'sign' && (r.entity === 'visit' || r.entity === 'assessment') && r.id !== null
        ? { kind: r.entity, id: Number(r.id) }
        : addendum
          ? { kind: 'addendum', id: Number(addendum[1]) }
          : null;
    if (!found || sealedNow.has(`${found.kind} ${found.id}`)) continue;
    const shape = LEDGER_SHAPES[found.kind];
    if (await db.get(`SELECT 1 AS one FROM ${shape.table} WHERE id = ? AND ${shape.signed}`, [found.id])) continue;
    const sealed = await db.get('SELECT 1 AS one FROM signed_ledger WHERE record_kind = ? AND record_id = ?', [found.kind, found.id]);
    if (!sealed)
      problems.push({
        kind: found.kind,
        id: found.id,
        problem: `signed ${found.kind} ${found.id} is gone: the audit log records it, the ledger has no row for it`,
      });
  }
  const last = rows.at(-1);
  const head = { seq: last ? Number(last.seq) : from.seq, chainHash: last?.chainHash ?? from.chainHash, signed, auditId, at };
  return { checked, problems, suspect, head };
}
