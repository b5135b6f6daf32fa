/**
 * Version 19: partial indexes on unsigned visits and assessments. The unsigned-notes list (Review,
 * the patient and case pages, the month's batch) asks for the few drafts among many signed notes;
 * these indexes hold only the drafts, so it reads those instead of every note.
 */
const sql = `
CREATE INDEX visit_unsigned ON visit (started_at, id) WHERE signed_at IS NULL;
CREATE INDEX assessment_unsigned ON assessment (assessed_on, id) WHERE signed_at IS NULL;
`;

export default sql;
export const postgres = sql;
