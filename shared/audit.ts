import { z } from 'zod';
import { isoDate, plainText, recordId } from './fields';

/** What the Audit screen and `needlebook audit` filter on. Paged newest first by row id. */
export const auditQuery = z.strictObject({
  patientId: recordId.optional(),
  providerId: recordId.optional(),
  action: plainText('Action', 20)
    .refine((v) => /^[a-z-]*$/.test(v), 'Action is a word such as view or sign')
    .optional()
    .transform((v) => v || undefined),
  from: isoDate('From').optional(),
  to: isoDate('To').optional(),
  /** Rows older than this id: the next page. */
  before: recordId.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.input<typeof auditQuery>;

export interface AuditEntry {
  id: number;
  at: string;
  /** The OS account or command that wrote it. */
  actor: string;
  providerId: number | null;
  providerName: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  /** The patient the entity belongs to, when it belongs to one. */
  patientId: number | null;
  patientName: string | null;
  /** What changed (field names, counts), never values or note text. */
  detail: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null at the start of the log. */
  next: number | null;
}
