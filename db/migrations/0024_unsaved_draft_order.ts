/**
 * Version 24: the safety copy of unsaved typing (migration 14) carries the order it was kept in.
 * A form sends each copy as it is typed without waiting for the one before to be answered, so a
 * window closed mid-typing has already handed over its newest copy (renderer/src/components/
 * useAutosave.ts). Copies may then arrive out of order (two connections to the preview harness,
 * a busy database process): a copy older than the one stored is ignored, and a cleared form keeps
 * a marker (payload `null`) with the order it was cleared at, so an older copy arriving late
 * cannot bring back typing that has since been saved (db/queries/unsaved-drafts.ts). Rows from
 * before this version have order 0: any new copy replaces them.
 */
const sql = `
ALTER TABLE unsaved_draft ADD COLUMN kept_seq INTEGER NOT NULL DEFAULT 0;
`;

export const postgres = `
ALTER TABLE unsaved_draft ADD COLUMN kept_seq bigint NOT NULL DEFAULT 0;
`;

export default sql;
