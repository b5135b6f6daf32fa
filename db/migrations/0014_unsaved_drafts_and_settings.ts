/**
 * Version 14: the safety copy of unsaved typing, and settings that belong to this data file.
 *
 * `unsaved_draft` holds what a practitioner typed into a form that has not reached its record yet
 * (the form's autosave is still waiting, or a save was refused). It used to live in the browser's
 * local storage, outside the data file and its backups; here it is written by the database process
 * and removed when the save lands (db/queries/unsaved-drafts.ts). One row per form, keyed by the
 * form (`visit:12`, `patient:new`).
 *
 * `app_setting` keeps the data file's own settings by name: today only where its backups go
 * (db/backup.ts). It is a name → value table so later settings need no migration.
 */
const TABLES = (strict: string) => `
CREATE TABLE unsaved_draft (
  draft_key TEXT PRIMARY KEY CHECK (length(draft_key) BETWEEN 1 AND 100),
  payload TEXT NOT NULL CHECK (length(payload) <= 1000000),
  provider_id INTEGER REFERENCES provider (id),
  kept_at TEXT NOT NULL
)${strict};

CREATE TABLE app_setting (
  name TEXT PRIMARY KEY CHECK (name IN ('backup_folder')),
  value TEXT NOT NULL
)${strict};
`;

export default TABLES(' STRICT');
export const postgres = TABLES('');
