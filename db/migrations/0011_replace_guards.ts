/**
 * Version 11: guards that INSERT OR REPLACE cannot pass. REPLACE removes the conflicting row and
 * writes a new one; these BEFORE INSERT guards refuse a row that would take the place of a signed
 * visit or assessment, an addendum or an audit row (and the open sets recursive_triggers, so the
 * removal itself meets the delete guards too). PostgreSQL has no REPLACE, and its upsert
 * (ON CONFLICT DO UPDATE) fires the update guards of version 2: nothing to add there.
 */
const refuseReplacing = (table: string, when: string, message: string) => `
CREATE TRIGGER ${table}_never_replaced BEFORE INSERT ON ${table} WHEN ${when}
BEGIN SELECT RAISE(ABORT, '${message}'); END;`;

export default `
${refuseReplacing('visit', 'EXISTS (SELECT 1 FROM visit WHERE id = NEW.id AND signed_at IS NOT NULL)', 'signed visit: it cannot be replaced; write an addendum')}
${refuseReplacing('assessment', 'EXISTS (SELECT 1 FROM assessment WHERE id = NEW.id AND signed_at IS NOT NULL)', 'signed assessment: it cannot be replaced; write an addendum')}
${refuseReplacing('addendum', 'EXISTS (SELECT 1 FROM addendum WHERE id = NEW.id)', 'addenda never change')}
${refuseReplacing('audit_log', 'EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)', 'the audit log is append-only')}
`;

export const postgres = `SELECT 1; -- PostgreSQL has no REPLACE, and its upsert fires the update guards of version 2.`;
