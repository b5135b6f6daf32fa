import { DomainError } from '../../shared/outcome';
import type { Addendum, RecordKind, Signature } from '../../shared/signing';
import { timestamp, type DbContext } from '../context';
import { audit } from './audit';
import { getProvider } from './providers';

interface SignedRow {
  signedAt: string | null;
  signedBy: number | null;
  providerName: string | null;
  credentials: string | null;
}

/** The signature columns of a visit or assessment row, read with its provider's name. */
export function signatureOf(row: SignedRow): Signature | null {
  return row.signedAt && row.signedBy !== null
    ? { providerId: row.signedBy, providerName: row.providerName ?? '', credentials: row.credentials ?? '', signedAt: row.signedAt }
    : null;
}

export const SIGNATURE_COLUMNS = (alias: string) => `
  ${alias}.signed_at AS signedAt, ${alias}.signed_by AS signedBy,
  (SELECT name FROM provider WHERE id = ${alias}.signed_by) AS providerName,
  (SELECT credentials FROM provider WHERE id = ${alias}.signed_by) AS credentials`;

const TABLE: Record<RecordKind, string> = { visit: 'visit', assessment: 'assessment' };

function recordState(ctx: DbContext, kind: RecordKind, id: number): { signedAt: string | null; providerId: number } {
  const row = ctx.db.prepare(`SELECT signed_at AS signedAt, provider_id AS providerId FROM ${TABLE[kind]} WHERE id = ?`).get(id) as
    | { signedAt: string | null; providerId: number }
    | undefined;
  if (!row) throw new DomainError('not_found', `${kind === 'visit' ? 'Visit' : 'Assessment'} ${id} does not exist`);
  return row;
}

/** Refuses any change to a signed record before we even try (the triggers would refuse too). */
export function assertDraft(ctx: DbContext, kind: RecordKind, id: number): void {
  if (recordState(ctx, kind, id).signedAt) {
    throw new DomainError('conflict', `This ${kind} is signed and cannot change. Add an addendum to correct it.`);
  }
}

/** Signs a draft: from here on the record is frozen. `problems` are what must be filled in first. */
export function signRecord(ctx: DbContext, kind: RecordKind, id: number, providerId: number, problems: Record<string, string>): void {
  const state = recordState(ctx, kind, id);
  if (state.signedAt) throw new DomainError('conflict', `This ${kind} is already signed.`);
  if (state.providerId !== providerId) {
    const owner = getProvider(ctx, state.providerId);
    throw new DomainError('forbidden', `Only ${owner.name}, the ${kind}'s provider, can sign it.`, { providerId: `Sign as ${owner.name}` });
  }
  if (Object.keys(problems).length > 0) {
    const first = Object.values(problems)[0]!;
    throw new DomainError('invalid_input', `Not signed: ${first}`, problems);
  }
  ctx.db.prepare(`UPDATE ${TABLE[kind]} SET signed_at = ?, signed_by = ? WHERE id = ? AND signed_at IS NULL`).run(timestamp(ctx), providerId, id);
  audit(ctx, 'sign', kind, id);
}

export function addAddendum(ctx: DbContext, kind: RecordKind, id: number, authorId: number, text: string): Addendum {
  if (!recordState(ctx, kind, id).signedAt) {
    throw new DomainError('conflict', `This ${kind} is still a draft: edit it directly instead of adding an addendum.`);
  }
  const author = getProvider(ctx, authorId);
  const writtenAt = timestamp(ctx);
  const { lastInsertRowid } = ctx.db
    .prepare('INSERT INTO addendum (record_kind, record_id, author_id, written_at, text) VALUES (?, ?, ?, ?, ?)')
    .run(kind, id, authorId, writtenAt, text);
  audit(ctx, 'addendum', kind, id, `addendum ${Number(lastInsertRowid)}`);
  return { id: Number(lastInsertRowid), authorId, authorName: author.name, writtenAt, text };
}

export function addendaOf(ctx: DbContext, kind: RecordKind, ids: readonly number[]): Map<number, Addendum[]> {
  const byRecord = new Map<number, Addendum[]>();
  if (ids.length === 0) return byRecord;
  const rows = ctx.db
    .prepare(
      `SELECT a.id, a.record_id AS recordId, a.author_id AS authorId, p.name AS authorName, a.written_at AS writtenAt, a.text
       FROM addendum a JOIN provider p ON p.id = a.author_id
       WHERE a.record_kind = ? AND a.record_id IN (SELECT value FROM json_each(?))
       ORDER BY a.id`,
    )
    .all(kind, JSON.stringify(ids)) as (Addendum & { recordId: number })[];
  for (const { recordId, ...a } of rows) {
    const list = byRecord.get(recordId) ?? [];
    list.push(a);
    byRecord.set(recordId, list);
  }
  return byRecord;
}
