import { NOTE_SEARCH_WINDOW, type NoteHit } from '../../shared/timeline';
import type { DbContext } from '../context';
import type { Dialect } from '../engine/types';
import { limitClause } from '../engine/paging';

/**
 * Turns what was typed into the engine's search text: each word a prefix term, all required.
 * Only letters and digits survive, so no search syntax in the user's text is interpreted.
 */
export function ftsQuery(text: string, dialect: Dialect): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  return words.length ? dialect.noteSearch.query(words) : null;
}

/**
 * Full-text search over visit and assessment notes and their addenda: the newest matches first, or
 * the best-ranked among the newest NOTE_SEARCH_WINDOW. Either way the engine reads a bounded window
 * of matches, never every note that mentions a common word.
 */
export async function searchNotes(ctx: DbContext, text: string, limit: number, order: 'newest' | 'best' = 'newest'): Promise<NoteHit[]> {
  const match = ftsQuery(text, ctx.db.dialect);
  if (!match) return [];
  const search = ctx.db.dialect.noteSearch;
  return ctx.db.all<NoteHit>(
    `SELECT h."recordKind", h."recordId", h.source, ${search.snippet} AS snippet, c.id AS "caseId", c.condition_text AS "conditionText",
            p.id AS "patientId", p.first_name || ' ' || p.last_name AS "patientName",
            CASE h."recordKind" WHEN 'visit' THEN v.started_at ELSE a.assessed_on END AS at
     FROM (${order === 'best' ? search.hits(Math.max(limit, NOTE_SEARCH_WINDOW), true, limit) : search.hits(limit, false, limit)}) h
     LEFT JOIN visit v ON h."recordKind" = 'visit' AND v.id = h."recordId"
     LEFT JOIN assessment a ON h."recordKind" = 'assessment' AND a.id = h."recordId"
     JOIN care_case c ON c.id = coalesce(v.case_id, a.case_id)
     JOIN patient p ON p.id = c.patient_id
     ORDER BY ${order === 'best' ? 'h.rank, h.seq DESC' : 'h.seq DESC'} ${limitClause(limit)}`,
    { match },
  );
}
