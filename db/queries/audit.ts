import type { z } from 'zod';
import type { AuditEntry, AuditPage, auditQuery } from '../../shared/audit';
import { timestamp, type DbContext } from '../context';
import { limitClause } from '../engine/paging';

export type AuditAction =
  | 'create'
  | 'update'
  | 'archive'
  | 'restore'
  | 'sign'
  | 'addendum'
  | 'export'
  | 'backup'
  | 'delete'
  | 'reopen'
  // A safety warning signed over, with a written reason (db/queries/visits.ts).
  | 'override'
  // Integrity: the ledger sealed, a guard put back, records verified.
  | 'seal'
  | 'guard'
  | 'verify'
  // Access: who looked at what, and when the app started and stopped.
  | 'view'
  | 'search'
  | 'start'
  | 'stop'
  | 'sign-in'
  | 'sign-out'
  | 'lock'
  | 'unlock';

/**
 * Appends one audit row. `detail` names what changed (field names, counts), never the values,
 * so the log itself carries no clinical text.
 */
export async function audit(ctx: DbContext, action: AuditAction, entity: string, entityId: number | null, detail?: string): Promise<void> {
  // Nothing waits on the row (Db.later); it is checked before the action's transaction ends.
  await ctx.db.later('INSERT INTO audit_log (at, actor, provider_id, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    timestamp(ctx),
    ctx.actor,
    ctx.providerId?.() ?? null,
    action,
    entity,
    entityId,
    detail ?? null,
  ]);
}

/**
 * Who came and went at the keyboard: rows of the same kind as an access row (auditedRead, below),
 * committed without waiting for the disk. A sign-in is on the path to the first screen, and on
 * the first launch of a day its flush waited behind the start-up backup's writes (600 ms on a
 * loaded machine). A power cut can lose the last such rows, never a note, a signature or a bill.
 */
const COMINGS_AND_GOINGS = new Set<AuditAction>(['sign-in', 'sign-out', 'lock', 'unlock']);

/**
 * One audit row as a transaction of its own: for what is audited outside a user's write and
 * outside a read (a sign-in, a lock, the app starting), so the row lands though nothing else is written.
 */
export function auditAlone(ctx: DbContext, action: AuditAction, entity: string, entityId: number | null, detail?: string): Promise<void> {
  // A damaged file open read-only takes no rows (see auditedRead, below).
  if (ctx.db.readOnly) return Promise.resolve();
  return ctx.db.transaction((db) => audit({ ...ctx, db }, action, entity, entityId, detail), { waitForDisk: !COMINGS_AND_GOINGS.has(action) });
}

/**
 * A look at the record and the row that says so, as one transaction committed without waiting for
 * the disk (db/engine/types.ts, `waitForDisk`), so opening a visit does not cost a disk flush.
 * Writes that change the record keep waiting for theirs. One transaction, not the read and then
 * the row: what is shown comes from one snapshot, and nothing is shown whose row was not written.
 * `about` names the entity and counts from what was read, never its text.
 */
export async function auditedRead<R>(
  ctx: DbContext,
  read: (ctx: DbContext) => Promise<R>,
  action: AuditAction,
  entity: string,
  about: (result: R) => { id?: number | null; detail?: string },
): Promise<R> {
  // A damaged file open read-only (db/host.ts) takes no rows: its reads go unrecorded until it is
  // restored, and the restore itself is audited in the file that replaces it.
  if (ctx.db.readOnly) return read(ctx);
  return ctx.db.transaction(
    async (db) => {
      const inTx = { ...ctx, db };
      const result = await read(inTx);
      const { id = null, detail } = about(result);
      await audit(inTx, action, entity, id, detail);
      return result;
    },
    { waitForDisk: false },
  );
}

/** The patient an audit row's entity belongs to, worked out from the entity (rows never store it twice). */
const PATIENT_OF = `CASE a.entity
    WHEN 'patient' THEN a.entity_id
    WHEN 'case' THEN (SELECT c.patient_id FROM care_case c WHERE c.id = a.entity_id)
    WHEN 'visit' THEN (SELECT c.patient_id FROM visit v JOIN care_case c ON c.id = v.case_id WHERE v.id = a.entity_id)
    WHEN 'assessment' THEN (SELECT c.patient_id FROM assessment s JOIN care_case c ON c.id = s.case_id WHERE s.id = a.entity_id)
  END`;

/** The rows about one patient: the patient, and their cases, visits and assessments (each `?` is the patient). */
const OF_PATIENT = `(
    (a.entity = 'patient' AND a.entity_id = ?)
    OR (a.entity = 'case' AND a.entity_id IN (SELECT c.id FROM care_case c WHERE c.patient_id = ?))
    OR (a.entity = 'visit' AND a.entity_id IN (SELECT v.id FROM visit v JOIN care_case c ON c.id = v.case_id WHERE c.patient_id = ?))
    OR (a.entity = 'assessment' AND a.entity_id IN (SELECT s.id FROM assessment s JOIN care_case c ON c.id = s.case_id WHERE c.patient_id = ?))
  )`;

/** The audit log, newest first, filtered; keyset-paged by id like the patient list. */
export async function listAudit(ctx: DbContext, q: z.output<typeof auditQuery>): Promise<AuditPage> {
  const where: string[] = [];
  const params: unknown[] = [];
  const filter = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  if (q.before) filter('a.id < ?', q.before);
  if (q.providerId) filter('a.provider_id = ?', q.providerId);
  if (q.action) filter('a.action = ?', q.action);
  // `at` is an ISO instant; a day filter compares its date part.
  if (q.from) filter('a.at >= ?', q.from);
  if (q.to) filter('a.at < ?', `${q.to}T99`);
  if (q.patientId) {
    // By the entity index, not by working out each row's patient: the log grows with every look.
    where.push(OF_PATIENT);
    params.push(q.patientId, q.patientId, q.patientId, q.patientId);
  }
  const rows = await ctx.db.all<Omit<AuditEntry, 'patientName'>>(
    `SELECT a.id, a.at, a.actor, a.provider_id AS "providerId", pr.name AS "providerName", a.action, a.entity, a.entity_id AS "entityId",
            ${PATIENT_OF} AS "patientId", a.detail
     FROM audit_log a LEFT JOIN provider pr ON pr.id = a.provider_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY a.id DESC ${limitClause(q.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const patientIds = [...new Set(page.map((r) => r.patientId).filter((id): id is number => id !== null))];
  const names = new Map(
    patientIds.length
      ? (
          await ctx.db.all<{ id: number; name: string }>(`SELECT id, first_name || ' ' || last_name AS name FROM patient WHERE ${ctx.db.dialect.inIds('id')}`, [
            ctx.db.dialect.ids(patientIds),
          ])
        ).map((p) => [p.id, p.name])
      : [],
  );
  return {
    entries: page.map((r) => ({ ...r, patientName: r.patientId === null ? null : (names.get(r.patientId) ?? null) })),
    next: rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}

/** Field names whose values differ between two records: what an update audit row records. */
export function changedFields<T extends object>(before: T, after: T): string[] {
  return (Object.keys(after) as (keyof T)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map(String);
}
