import { DomainError } from '../../shared/outcome';
import type { Addendum, RecordKind, Signature } from '../../shared/signing';
import { timestamp, type DbContext } from '../context';
import { audit } from './audit';
import { getClinic } from './clinic';
import { sealRecord } from './ledger';
import { getProvider } from './providers';
import { safetyOfRecord, screenAtSigningColumn } from './safety';
import { early } from '../together';
import type { Clinic } from '../../shared/clinic';
import type { PatientSafety } from '../../shared/safety';
import { licenseFor, type Provider } from '../../shared/provider';

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

/** The signature as signed: the signer's name and credentials were stored with the record then. */
export const SIGNATURE_COLUMNS = (alias: string) => `
  ${alias}.signed_at AS "signedAt", ${alias}.signed_by AS "signedBy",
  ${alias}.signer_name AS "providerName", ${alias}.signer_credentials AS credentials`;

const TABLE: Record<RecordKind, string> = { visit: 'visit', assessment: 'assessment' };

interface RecordState {
  signedAt: string | null;
  providerId: number;
  patientId: number;
  caseDischargedOn: string | null;
}

async function recordState(ctx: DbContext, kind: RecordKind, id: number): Promise<RecordState> {
  const row = await ctx.db.get<RecordState>(
    `SELECT r.signed_at AS "signedAt", r.provider_id AS "providerId", c.patient_id AS "patientId", c.discharged_on AS "caseDischargedOn"
       FROM ${TABLE[kind]} r JOIN care_case c ON c.id = r.case_id WHERE r.id = ?`,
    [id],
  );
  if (!row) throw new DomainError('not_found', `${kind === 'visit' ? 'Visit' : 'Assessment'} ${id} does not exist`);
  return row;
}

/**
 * Only a provider who practises here now signs; an inactive one keeps the records they signed.
 * `asked` is the provider's read when it was issued already, beside the caller's other reads.
 */
async function assertActiveSigner(ctx: DbContext, providerId: number, field = 'providerId', asked?: Promise<Provider>): Promise<Provider> {
  const provider = await (asked ?? getProvider(ctx, providerId));
  // In the app, a signature is the signed-in provider's own: nobody signs as someone else.
  const atKeyboard = ctx.providerId?.() ?? null;
  if (atKeyboard !== null && atKeyboard !== providerId) {
    const who = await getProvider(ctx, atKeyboard);
    throw new DomainError('forbidden', `You are signed in as ${who.name}: only ${provider.name}, signed in as themself, can sign as ${provider.name}.`, {
      [field]: `Sign in as ${provider.name} to sign`,
    });
  }
  if (!provider.active) {
    throw new DomainError('forbidden', `${provider.name} is inactive and cannot sign. Reactivate them in Settings first.`, {
      [field]: `${provider.name} is inactive`,
    });
  }
  return provider;
}

/** Refuses any change to a signed record before we even try (the triggers would refuse too). */
export async function assertDraft(ctx: DbContext, kind: RecordKind, id: number): Promise<void> {
  if ((await recordState(ctx, kind, id)).signedAt) {
    throw new DomainError('conflict', `This ${kind} is signed and cannot change. Add an addendum to correct it.`);
  }
}

/**
 * A save made on top of a version someone else saved since: refused, naming them and when, so
 * nothing they wrote is overwritten. The form keeps what this seat typed (renderer/src/components/useAutosave.ts).
 */
export async function refuseStale(ctx: DbContext, table: 'visit' | 'assessment', id: number): Promise<never> {
  const row = await ctx.db.get<{ by: string | null; at: string }>(`SELECT updated_by AS by, updated_at AS at FROM ${table} WHERE id = ?`, [id]);
  const when = row ? new Date(row.at).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }) : 'just now';
  throw new DomainError(
    'conflict',
    `${row?.by ?? 'Someone'} saved this ${table} at ${when}, after you opened it. Your changes were not saved; they are still in the form. Reload to see theirs, then add yours again.`,
    { version: `Saved by ${row?.by ?? 'someone else'} at ${when}` },
  );
}

/** What a signing checks and stores, read before it signs (`signingReads`). */
export interface SigningReads {
  state: Promise<RecordState>;
  signer: Promise<Provider>;
  clinic: Promise<Clinic | null>;
  safety: Promise<PatientSafety>;
}

/**
 * Every read a signing makes, issued at once: one wait on a clinic's server instead of one for
 * each. Each is awaited where signRecord always made it, so the reason a refused signing gives is
 * the one it always gave. The safety screen is found from the record (its patient is not known yet).
 */
export function signingReads(ctx: DbContext, kind: RecordKind, id: number, providerId: number): SigningReads {
  return {
    state: early(recordState(ctx, kind, id)),
    signer: early(getProvider(ctx, providerId)),
    clinic: early(getClinic(ctx)),
    safety: early(safetyOfRecord(ctx, kind, id)),
  };
}

/** What a signing wrote into the record's row (signRecord), for an answer made without reading it back. */
export interface Signed {
  signature: Signature;
  /** The safety screen as it stood, as stored (safety_screen_at_signing). */
  screenColumn: string;
}

/**
 * Signs a draft: from here on the record is frozen. `problems` are what must be filled in first;
 * `reads` are the signing's reads when the caller issued them beside its own.
 */
export async function signRecord(
  ctx: DbContext,
  kind: RecordKind,
  id: number,
  providerId: number,
  problems: Record<string, string>,
  reads: SigningReads = signingReads(ctx, kind, id, providerId),
): Promise<Signed> {
  const state = await reads.state;
  if (state.signedAt) throw new DomainError('conflict', `This ${kind} is already signed.`);
  if (state.providerId !== providerId) {
    const owner = await getProvider(ctx, state.providerId);
    throw new DomainError('forbidden', `Only ${owner.name}, the ${kind}'s provider, can sign it.`, { providerId: `Sign as ${owner.name}` });
  }
  if (state.caseDischargedOn) {
    throw new DomainError('conflict', `Not signed: the case was discharged on ${state.caseDischargedOn}. Reopen the case to sign this ${kind}.`);
  }
  // Who signed, as they are now: a later change to the provider never reaches this record.
  const signer = await assertActiveSigner(ctx, providerId, 'providerId', reads.signer);
  if (Object.keys(problems).length > 0) {
    const first = Object.values(problems)[0]!;
    throw new DomainError('invalid_input', `Not signed: ${first}`, problems);
  }
  const clinicState = (await reads.clinic)?.state ?? null;
  // The safety screen as it stands at this moment goes into the signed row with the signature
  // (migration 28): a later change to the screen never reaches this record, and the ledger's hash covers it.
  const screen = (await reads.safety).screen;
  const signedAt = timestamp(ctx);
  const screenColumn = screenAtSigningColumn(screen);
  // Nothing reads its answer (Db.later): what follows on the same connection (the seal, the audit
  // row, an assessment read back) waits behind it, and a refusal (a trigger, the server's row-level
  // security) still fails the signing.
  await ctx.db.later(
    `UPDATE ${TABLE[kind]} SET signed_at = ?, signed_by = ?, signer_name = ?, signer_credentials = ?, signer_npi = ?, signer_license = ?,
            safety_screen_at_signing = ?
     WHERE id = ? AND signed_at IS NULL`,
    [signedAt, providerId, signer.name, signer.credentials, signer.npi, licenseFor(signer, clinicState), screenColumn, id],
  );
  await sealRecord(ctx, kind, id);
  await audit(ctx, 'sign', kind, id);
  // As signatureOf reads it back from the columns just written.
  return { signature: { providerId, providerName: signer.name ?? '', credentials: signer.credentials ?? '', signedAt }, screenColumn };
}

export async function addAddendum(ctx: DbContext, kind: RecordKind, id: number, authorId: number, text: string): Promise<Addendum> {
  // The record and its author asked together (one wait on PostgreSQL), judged in that order.
  const state = early(recordState(ctx, kind, id));
  const asked = early(getProvider(ctx, authorId));
  if (!(await state).signedAt) {
    throw new DomainError('conflict', `This ${kind} is still a draft: edit it directly instead of adding an addendum.`);
  }
  const author = await assertActiveSigner(ctx, authorId, 'authorId', asked);
  const writtenAt = timestamp(ctx);
  const lastInsertRowid = await ctx.db.insert('INSERT INTO addendum (record_kind, record_id, author_id, written_at, text) VALUES (?, ?, ?, ?, ?)', [
    kind,
    id,
    authorId,
    writtenAt,
    text,
  ]);
  await sealRecord(ctx, 'addendum', Number(lastInsertRowid));
  await audit(ctx, 'addendum', kind, id, `addendum ${Number(lastInsertRowid)}`);
  return { id: Number(lastInsertRowid), authorId, authorName: author.name, writtenAt, text };
}

export async function addendaOf(ctx: DbContext, kind: RecordKind, ids: readonly number[]): Promise<Map<number, Addendum[]>> {
  const byRecord = new Map<number, Addendum[]>();
  if (ids.length === 0) return byRecord;
  const rows = (await ctx.db.all(
    `SELECT a.id, a.record_id AS "recordId", a.author_id AS "authorId", p.name AS "authorName", a.written_at AS "writtenAt", a.text
       FROM addendum a JOIN provider p ON p.id = a.author_id
       WHERE a.record_kind = ? AND ${ctx.db.dialect.inIds('a.record_id')}
       ORDER BY a.id`,
    [kind, ctx.db.dialect.ids(ids)],
  )) as (Addendum & { recordId: number })[];
  for (const { recordId, ...a } of rows) {
    const list = byRecord.get(recordId) ?? [];
    list.push(a);
    byRecord.set(recordId, list);
  }
  return byRecord;
}
