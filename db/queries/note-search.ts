import type { NoteHit } from '../../shared/timeline';
import type { DbContext } from '../context';

/**
 * Turns what was typed into an FTS5 query: each word a prefix term, all required. Quotes keep
 * FTS5 syntax (AND, NEAR, *, column filters) in the user's text from being interpreted.
 */
export function ftsQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

/** Full-text search over visit and assessment notes and their addenda, best matches first. */
export function searchNotes(ctx: DbContext, text: string, limit: number): NoteHit[] {
  const match = ftsQuery(text);
  if (!match) return [];
  return ctx.db
    .prepare(
      `WITH hits AS (
         SELECT record_kind AS recordKind, record_id AS recordId, source, bm25(note_search) AS rank,
                snippet(note_search, 0, char(2), char(3), '…', 14) AS snippet
         FROM note_search WHERE note_search MATCH ? ORDER BY rank LIMIT ?
       )
       SELECT h.recordKind, h.recordId, h.source, h.snippet, c.id AS caseId, c.condition_text AS conditionText,
              p.id AS patientId, p.first_name || ' ' || p.last_name AS patientName,
              CASE h.recordKind WHEN 'visit' THEN v.started_at ELSE a.assessed_on END AS at
       FROM hits h
       LEFT JOIN visit v ON h.recordKind = 'visit' AND v.id = h.recordId
       LEFT JOIN assessment a ON h.recordKind = 'assessment' AND a.id = h.recordId
       JOIN care_case c ON c.id = coalesce(v.case_id, a.case_id)
       JOIN patient p ON p.id = c.patient_id
       ORDER BY h.rank`,
    )
    .all(match, limit) as NoteHit[];
}
