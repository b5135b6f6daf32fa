/**
 * Version 26: the database's own record of its migrations, and a ledger that is never empty.
 *
 * `schema_history` gets one row for every run of migrations that brings the database to a new
 * version (db/migrate.ts writes it in the same transaction as the version number). SQLite keeps
 * its version in the file header (`PRAGMA user_version`), PostgreSQL in `needlebook_schema`;
 * either can be set back by hand, after which the next upgrade re-runs migrations that already ran
 * (`duplicate column name …`). A version lower than the highest one recorded here is named by
 * `needlebook check` and refused on open (docs/tamper-evidence.md). The table is append-only
 * under the same guards as the audit log.
 *
 * The genesis row of `signed_ledger` is written here where the ledger is still empty and nothing
 * is signed (a new database, or a file at versions 13–25 that never had anything signed). From
 * now on the ledger is never empty, so an empty ledger is evidence that it was emptied: it is
 * named, never re-sealed. A ledger that is empty while records are signed is left empty so that
 * `check` names it. The hashes are those of db/queries/ledger.ts: GENESIS_HASH, and the chain hash
 * of row 1 (chainHash(GENESIS_HASH, 1, 'genesis', 0, GENESIS_HASH)).
 *
 * SQLite: the note search index removes a deleted or overwritten note's words from the index
 * itself (FTS5 `secure-delete`, SQLite 3.42+), where it used to add a delete marker and leave the
 * words in older index segments until a merge; `optimize` then merges the index once, so words
 * already deleted go too. With `secure_delete` on at every open (db/engine/sqlite.ts), text taken
 * out of a draft is left nowhere in the file. An sqlite3 shell older than 3.42 can then no longer
 * write notes in the file (Debian 12 ships 3.40): a data file is written by Needlebook.
 */
const GENESIS = 'e3336182cc3c862faf427c12ce18f883cb53042b51ef181a4d654e1ac7e4fffd';
const GENESIS_CHAIN = 'c3d511931bcbe3fe087bf93f3962b77b776d001d4c1c48bf480e4e689231aaf0';

const genesis = (now: string) => `
INSERT INTO signed_ledger (seq, record_kind, record_id, content_hash, chain_hash, recorded_at)
SELECT 1, 'genesis', 0, '${GENESIS}', '${GENESIS_CHAIN}', ${now}
WHERE NOT EXISTS (SELECT 1 FROM signed_ledger)
  AND NOT EXISTS (SELECT 1 FROM visit WHERE signed_at IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM assessment WHERE signed_at IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM addendum);`;

const message = 'the migration record is append-only';

const sql = `
CREATE TABLE schema_history (
  version INTEGER PRIMARY KEY CHECK (version >= 1),
  from_version INTEGER NOT NULL CHECK (from_version >= 0),
  applied_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER schema_history_no_update BEFORE UPDATE ON schema_history BEGIN SELECT RAISE(ABORT, '${message}'); END;
CREATE TRIGGER schema_history_no_delete BEFORE DELETE ON schema_history BEGIN SELECT RAISE(ABORT, '${message}'); END;
CREATE TRIGGER schema_history_never_replaced BEFORE INSERT ON schema_history WHEN EXISTS (SELECT 1 FROM schema_history WHERE version = NEW.version)
BEGIN SELECT RAISE(ABORT, '${message}'); END;
${genesis("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")}
INSERT INTO note_search (note_search, rank) VALUES ('secure-delete', 1);
INSERT INTO note_search (note_search) VALUES ('optimize');
`;

export const postgres = `
CREATE TABLE schema_history (
  version integer PRIMARY KEY CHECK (version >= 1),
  from_version integer NOT NULL CHECK (from_version >= 0),
  applied_at text NOT NULL
);
CREATE TRIGGER schema_history_append_only BEFORE UPDATE OR DELETE ON schema_history
  FOR EACH ROW EXECUTE FUNCTION needlebook_refuse('${message}');
CREATE TRIGGER schema_history_never_truncated BEFORE TRUNCATE ON schema_history
  FOR EACH STATEMENT EXECUTE FUNCTION needlebook_refuse('${message}');
${genesis(`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)}
`;

export default sql;
