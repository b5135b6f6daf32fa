import { PIN_FUNCTIONS } from './0025_server_holds';

/**
 * Version 29: signing takes the ledger's own lock, only at the append; note search and Review's
 * counts read less (issue 38, points 3 and 4).
 *
 * PostgreSQL:
 * - The seal (needlebook_seal, migration 25) took `pg_advisory_xact_lock(4151703)`: one key for the
 *   whole database, so a transaction sealing in any schema — the bench seeding another clinic, a
 *   clinic moved in — made every signature on the server wait for its COMMIT (about 540 s once).
 *   The key is now the ledger's: the high half 4151703, the low half this schema's signed_ledger
 *   table oid (unique in the database, and advisory locks are per database). Two signers on one
 *   ledger still take turns, so the chain stays gap-free and never forks; nothing else waits.
 * - The seal triggers become deferred constraint triggers: the append runs at COMMIT, after the rest
 *   of the signing transaction (the audit row, the Review rows), so the lock is held from the
 *   append to the COMMIT only, not through the whole call. What is hashed is the record as it is
 *   committed; a signed record cannot change before then (migration 2's guards). A seal that
 *   fails (an emptied ledger) fails the COMMIT: nothing of the signing is saved.
 *
 * Both engines:
 * - Review's filter counts (db/queries/review-rows.ts) read one narrow index rather than every
 *   kept row with its JSON: `review_tally` holds the columns the counts are made from.
 *
 * SQLite:
 * - note_search gains a prefix index for 2-, 3- and 4-character prefixes (FTS5 `prefix=`): a typed
 *   word no longer merges the note lists of every indexed word that starts with it when it is that
 *   short. FTS5 takes the option only when the table is made, so the table is made again from
 *   the old one's rows (same rowids, same columns), with the secure-delete of migration 26.
 */
const SEALED: [table: string, kind: string, rowTriggers: [name: string, event: string, when: string | null][]][] = [
  [
    'visit',
    'visit',
    [
      ['visit_sealed', 'UPDATE OF signed_at', 'OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL'],
      ['visit_sealed_as_written', 'INSERT', 'NEW.signed_at IS NOT NULL'],
    ],
  ],
  [
    'assessment',
    'assessment',
    [
      ['assessment_sealed', 'UPDATE OF signed_at', 'OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL'],
      ['assessment_sealed_as_written', 'INSERT', 'NEW.signed_at IS NOT NULL'],
    ],
  ],
  ['addendum', 'addendum', [['addendum_sealed', 'INSERT', null]]],
  ['consent', 'consent', [['consent_sealed', 'INSERT', null]]],
];

const deferredSeals = SEALED.flatMap(([table, kind, triggers]) =>
  triggers.map(
    ([name, event, when]) => `DROP TRIGGER ${name} ON ${table};
CREATE CONSTRAINT TRIGGER ${name} AFTER ${event} ON ${table} DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW ${when ? `WHEN (${when}) ` : ''}EXECUTE FUNCTION needlebook_seal_new('${kind}');`,
  ),
).join('\n');

const TALLY = 'CREATE INDEX review_tally ON review_row (due, not_improving, race_date, consent_missing, patient_id);';

/** The note index's columns as migration 2 made them. */
const NOTE_COLUMNS = 'body, record_kind UNINDEXED, record_id UNINDEXED, source UNINDEXED';

export default `
${TALLY}
CREATE VIRTUAL TABLE note_search_v29 USING fts5 (${NOTE_COLUMNS}, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3 4');
INSERT INTO note_search_v29 (rowid, body, record_kind, record_id, source) SELECT rowid, body, record_kind, record_id, source FROM note_search;
-- The note triggers of migration 13 name note_search: in legacy mode the rename leaves them as they are
-- rather than re-reading them while no table of that name exists.
PRAGMA legacy_alter_table = ON;
DROP TABLE note_search;
ALTER TABLE note_search_v29 RENAME TO note_search;
PRAGMA legacy_alter_table = OFF;
INSERT INTO note_search (note_search, rank) VALUES ('secure-delete', 1);
`;

export const postgres = `
${TALLY}
CREATE OR REPLACE FUNCTION needlebook_seal(kind text, rec_id integer) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  content text := needlebook_content_hash(kind, rec_id);
  last_seq integer;
  last_chain text;
  at text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
BEGIN
  IF content IS NULL THEN RAISE EXCEPTION '% % is not signed', kind, rec_id; END IF;
  -- Signings on this ledger take turns, and only they: the key is this schema's ledger table
  -- (db/engine/postgres.ts says the same). Held from here to COMMIT, which follows at once.
  PERFORM pg_advisory_xact_lock((4151703::bigint << 32) | 'signed_ledger'::regclass::oid::bigint);
  SELECT seq, chain_hash INTO last_seq, last_chain FROM signed_ledger ORDER BY seq DESC LIMIT 1;
  -- The ledger always holds its genesis row (migrations 13 and 26): an empty one was emptied, and
  -- nothing is signed onto it (docs/tamper-evidence.md).
  IF last_seq IS NULL THEN
    RAISE EXCEPTION 'Not signed: this database''s signed-records ledger is empty — it was emptied outside Needlebook. Nothing was saved. Run needlebook check and restore the latest good backup.'
      USING ERRCODE = '55000';
  END IF;
  INSERT INTO signed_ledger (seq, record_kind, record_id, content_hash, chain_hash, recorded_at)
    VALUES (last_seq + 1, kind, rec_id, content,
            encode(sha256(convert_to(last_chain || '|' || (last_seq + 1) || '|' || kind || '|' || rec_id || '|' || content, 'UTF8')), 'hex'), at);
END $$;
${deferredSeals}
${PIN_FUNCTIONS}
`;
