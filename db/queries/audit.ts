import { timestamp, type DbContext } from '../context';

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
  await ctx.db.run('INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)', [
    timestamp(ctx),
    ctx.actor,
    action,
    entity,
    entityId,
    detail ?? null,
  ]);
}

export interface AuditRow {
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: number | null;
  detail: string | null;
}

export function auditTrail(ctx: DbContext, entity: string, entityId: number): Promise<AuditRow[]> {
  return ctx.db.all<AuditRow>(
    'SELECT at, actor, action, entity, entity_id AS "entityId", detail FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id',
    [entity, entityId],
  );
}

/** Field names whose values differ between two records: what an update audit row records. */
export function changedFields<T extends object>(before: T, after: T): string[] {
  return (Object.keys(after) as (keyof T)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map(String);
}
