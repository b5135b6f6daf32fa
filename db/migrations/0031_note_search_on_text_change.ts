/**
 * Version 31: a note's search entry is rewritten only when its text changes (issue 38).
 *
 * The entry was deleted and written again on every UPDATE of its visit or assessment: each
 * autosave that changed only the treatment or the pain scores, each signing (its signature
 * columns), each version bump. On SQLite every such delete is a secure delete (migration 26: the
 * words are taken out of the index's pages, not marked), which FTS5 does by finding each of the
 * note's words — and, since migration 29, each of their 2-, 3- and 4-character prefixes — in every
 * segment of the index; the cost grows with the clinic. Seeding the demo clinic through the service
 * spent 23% of its time there at 60 patients and crawled at 18,000. On PostgreSQL each was a GIN
 * update. Now the trigger fires only for an UPDATE that names a text column and changes it
 * (`IS NOT` / `IS DISTINCT FROM`: a NULL becoming text is a change). What the entry holds is
 * exactly as before: the same text, kept equal to the record's.
 */
const VISIT = ['subjective', 'objective', 'assessment_text', 'plan', 'home_care', 'next_visit_plan'];
const ASSESSMENT = ['chief_complaint', 'training_load', 'injury_history', 'biomechanics', 'rom', 'palpation', 'assessment_text', 'plan_text'];

/** The fields joined by newlines, NULLs skipped (migration 13's text, unchanged). */
const lines = (columns: string[], nl: string) => `substr(${columns.map((c) => `coalesce(${nl} || NEW.${c}, '')`).join(' || ')}, 2)`;

const sqliteTrigger = (table: string, offset: string, columns: string[]) => `
DROP TRIGGER ${table}_search_update;
CREATE TRIGGER ${table}_search_update AFTER UPDATE OF ${columns.join(', ')} ON ${table}
  WHEN ${columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')}
BEGIN
  DELETE FROM note_search WHERE rowid = OLD.id * 4${offset};
  INSERT INTO note_search (rowid, body, record_kind, record_id, source) VALUES (NEW.id * 4${offset}, ${lines(columns, 'char(10)')}, '${table}', NEW.id, 'note');
END;`;

// The function of migration 2 stays (its fixed search path of migration 25 with it); only when it runs changes.
const postgresTrigger = (table: string, columns: string[]) => `
DROP TRIGGER ${table}_search ON ${table};
CREATE TRIGGER ${table}_search AFTER INSERT OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION needlebook_${table}_search();
CREATE TRIGGER ${table}_search_text AFTER UPDATE OF ${columns.join(', ')} ON ${table} FOR EACH ROW
  WHEN (${columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')})
  EXECUTE FUNCTION needlebook_${table}_search();`;

export default `${sqliteTrigger('visit', '', VISIT)}
${sqliteTrigger('assessment', ' + 1', ASSESSMENT)}
`;

export const postgres = `${postgresTrigger('visit', VISIT)}
${postgresTrigger('assessment', ASSESSMENT)}
`;
