/**
 * Version 32: a draft's search entry lives in a small index of its own (issue 38, autosave).
 *
 * SQLite: every autosave that changes a draft's text takes its old entry out of the note index and
 * writes the new one. Since migration 26 that delete is FTS5's secure-delete, and since migration 29
 * it covers each word's 2-, 3- and 4-character prefixes too: FTS5 rewrites the index pages that hold
 * those words' note lists, and in the note index those lists span every note of the clinic (about
 * 220,000 at 18,000 patients). Migration 31 made the rewrite happen only for a real text change;
 * it still was most of an autosave (19.5 ms p95 at 18,000 patients; docs/performance.md).
 *
 * Now the entries of unsigned visits and assessments — the note, and a visit's treatment entry
 * (db/queries/treatment-search.ts) — are kept in `note_draft_search`, made as note_search is (same
 * columns, tokenizer, secure-delete, rowid scheme: record id × 4, + 1 for an assessment, + 3 for a
 * treatment entry) but without migration 29's prefix index. A secure delete rewrites a leaf page
 * for every term of the old text, however small the index, and the prefix index makes each word
 * four terms: on a copy of the 18,000-patient clinic (1,834 drafts) one draft's delete and insert
 * wrote 138 pages and took 4.1 ms of CPU with prefixes, 47 pages and 1.5 ms without (the old path
 * in note_search: 90 pages, 6.6 ms). A typed prefix then merges the lists of the words it starts in
 * the drafts' index only, which holds a few thousand notes at most. A record is
 * signed once and never changes after (migration 2's guards), so signing moves its entries into
 * note_search, which in normal use is then only ever inserted into (a signed visit's treatment entry
 * is still rewritten when its bill changes: rare, and by the service). A deleted draft's entry goes
 * with it. Note search reads both indexes (db/engine/sqlite.ts).
 *
 * The entries of the drafts on file are moved here, once: one secure delete each from note_search.
 *
 * PostgreSQL keeps one table: a GIN index entry is updated in place and does not grow with the
 * clinic the way an FTS5 secure delete does, so nothing changes there.
 */
const VISIT = ['subjective', 'objective', 'assessment_text', 'plan', 'home_care', 'next_visit_plan'];
const ASSESSMENT = ['chief_complaint', 'training_load', 'injury_history', 'biomechanics', 'rom', 'palpation', 'assessment_text', 'plan_text'];

/** The fields joined by newlines, NULLs skipped (migration 13's text, unchanged). */
const lines = (columns: string[]) => `substr(${columns.map((c) => `coalesce(char(10) || NEW.${c}, '')`).join(' || ')}, 2)`;

const COLUMNS = 'rowid, body, record_kind, record_id, source';

/** Rowids of the drafts' entries: each unsigned visit's note and treatment entry, each unsigned assessment's note. */
const DRAFT_ROWIDS = `SELECT id * 4 FROM visit WHERE signed_at IS NULL
  UNION ALL SELECT id * 4 + 3 FROM visit WHERE signed_at IS NULL
  UNION ALL SELECT id * 4 + 1 FROM assessment WHERE signed_at IS NULL`;

const triggers = (table: string, offset: string, columns: string[], moved: string[]) => {
  const entry = `NEW.id * 4${offset}, ${lines(columns)}, '${table}', NEW.id, 'note'`;
  return `
DROP TRIGGER ${table}_search_insert;
DROP TRIGGER ${table}_search_update;
DROP TRIGGER ${table}_search_delete;
-- A record written already signed (a clinic moved in signs each as it was after its rows; a tool may
-- write one whole) goes straight to the note index.
CREATE TRIGGER ${table}_search_insert AFTER INSERT ON ${table} BEGIN
  INSERT INTO note_draft_search (${COLUMNS}) SELECT ${entry} WHERE NEW.signed_at IS NULL;
  INSERT INTO note_search (${COLUMNS}) SELECT ${entry} WHERE NEW.signed_at IS NOT NULL;
END;
-- Only a draft's text changes (a signed record is frozen); migration 31's condition stays.
CREATE TRIGGER ${table}_search_update AFTER UPDATE OF ${columns.join(', ')} ON ${table}
  WHEN NEW.signed_at IS NULL AND (${columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')})
BEGIN
  DELETE FROM note_draft_search WHERE rowid = OLD.id * 4${offset};
  INSERT INTO note_draft_search (${COLUMNS}) VALUES (${entry});
END;
-- Signing: the entry is written into the note index with the text as signed (an UPDATE that signs
-- and changes the text at once is covered), and taken out of the drafts' index.
CREATE TRIGGER ${table}_search_signed AFTER UPDATE OF signed_at ON ${table}
  WHEN OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL
BEGIN
  DELETE FROM note_draft_search WHERE rowid = OLD.id * 4${offset};
  INSERT INTO note_search (${COLUMNS}) VALUES (${entry});${moved
    .map(
      (o) => `
  INSERT INTO note_search (${COLUMNS}) SELECT ${COLUMNS} FROM note_draft_search WHERE rowid = NEW.id * 4 + ${o};
  DELETE FROM note_draft_search WHERE rowid = NEW.id * 4 + ${o};`,
    )
    .join('')}
END;
-- Only a draft can be deleted (migration 2's guards), so its entries are only ever in the drafts'
-- index; a visit's treatment entry goes with it here too (the service deletes it as well, and finds nothing).
CREATE TRIGGER ${table}_search_delete AFTER DELETE ON ${table} BEGIN
  DELETE FROM note_draft_search WHERE rowid = OLD.id * 4${offset};${moved
    .map(
      (o) => `
  DELETE FROM note_draft_search WHERE rowid = OLD.id * 4 + ${o};`,
    )
    .join('')}
END;`;
};

export default `
CREATE VIRTUAL TABLE note_draft_search USING fts5 (
  body, record_kind UNINDEXED, record_id UNINDEXED, source UNINDEXED,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO note_draft_search (note_draft_search, rank) VALUES ('secure-delete', 1);
INSERT INTO note_draft_search (${COLUMNS}) SELECT ${COLUMNS} FROM note_search WHERE rowid IN (${DRAFT_ROWIDS});
DELETE FROM note_search WHERE rowid IN (${DRAFT_ROWIDS});
${triggers('visit', '', VISIT, ['3'])}
${triggers('assessment', ' + 1', ASSESSMENT, [])}
`;

// Nothing on PostgreSQL (see above); a comment is a statement list the server runs as empty.
export const postgres = `
-- Version 32 moves SQLite's draft note entries to an index of their own; PostgreSQL's note_search is unchanged.
`;
