/**
 * Version 25: the clinic's server holds against its own logins (docs/threat-model.md).
 *
 * Both engines:
 * - consents are records: append-only (a correction is a new consent that supersedes), and sealed
 *   in the signed-records ledger as they are written, like visits, assessments and addenda.
 * - `provider.has_passcode` says whether a provider keeps a passcode, so the provider list can say
 *   so without reading the hash (which no clinic login may read any more).
 * - `passcode_attempt`: wrong passcodes counted per provider; after five, that provider's unlock
 *   waits a growing delay (db/session.ts). Written by the app on a file, by the server on PostgreSQL.
 *
 * PostgreSQL only (each function named here is SECURITY DEFINER where it must write what a login
 * may not, and every function of the app's runs with search_path = pg_catalog, <schema>, pg_temp,
 * so no temporary or user-made object can stand in for a table or catalog it reads):
 * - the ledger is written by the server alone: a trigger seals a visit or assessment as it is
 *   signed, an addendum or a consent as it is written, hashing the rows as stored
 *   (needlebook_content_hash). No login holds INSERT on the ledger (db/clinic/roles.ts).
 * - audit rows are the server's word: for every login but the tables' owner, the login, its
 *   provider, the actor and the time are set by the server. Only the tables' owner, importing a
 *   solo file, keeps what the rows came with — checked by role membership, not by a setting.
 *   Each login reads only its own audit rows; the clinic's owners read all.
 * - a signature names the record's own provider, and the login signing is that provider's person.
 * - passcodes are checked and set through functions that answer yes or no (the hash never leaves
 *   the server), a person sets only their own provider's, an owner may reset one, all audited.
 * - the clinic's people are written through functions an owner calls, audited, never by hand.
 */

/** The ledger's record kinds from this version on. */
const KINDS = "'genesis', 'visit', 'assessment', 'addendum', 'consent'";
const CONSENT_IS_A_RECORD = 'a consent is a record: record a new consent that supersedes it';
/** The wrong-passcode rule as at this version (shared/session.ts; the app keeps it on a file, the server here). */
const FREE_TRIES = 5;
const FIRST_WAIT_SECONDS = 30;
const LONGEST_WAIT_SECONDS = 3600;

const sqliteAppendOnly = (table: string, message: string) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END;
CREATE TRIGGER ${table}_never_replaced BEFORE INSERT ON ${table} WHEN EXISTS (SELECT 1 FROM ${table} WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, '${message}'); END;`;

export default `
${sqliteAppendOnly('consent', CONSENT_IS_A_RECORD)}

-- The ledger takes consents: SQLite changes a CHECK only by building the table again.
CREATE TABLE signed_ledger_v25 (
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),
  record_kind TEXT NOT NULL CHECK (record_kind IN (${KINDS})),
  record_id INTEGER NOT NULL,
  content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
  chain_hash TEXT NOT NULL CHECK (length(chain_hash) = 64),
  recorded_at TEXT NOT NULL,
  UNIQUE (record_kind, record_id)
) STRICT;
INSERT INTO signed_ledger_v25 (seq, record_kind, record_id, content_hash, chain_hash, recorded_at)
  SELECT seq, record_kind, record_id, content_hash, chain_hash, recorded_at FROM signed_ledger ORDER BY seq;
DROP TABLE signed_ledger;
ALTER TABLE signed_ledger_v25 RENAME TO signed_ledger;
${sqliteAppendOnly('signed_ledger', 'the signed-records ledger is append-only')}

ALTER TABLE provider ADD COLUMN has_passcode INTEGER NOT NULL DEFAULT 0 CHECK (has_passcode IN (0, 1));
UPDATE provider SET has_passcode = 1 WHERE passcode_hash IS NOT NULL;
CREATE TABLE passcode_attempt (
  provider_id INTEGER PRIMARY KEY REFERENCES provider (id),
  failures INTEGER NOT NULL CHECK (failures >= 0),
  locked_until TEXT
) STRICT;
`;

/**
 * A signed record's shape for the server's hash: its table, what counts as signed, its child tables.
 * The app's LEDGER_SHAPES (db/queries/ledger.ts) as they are at this version, written out here: a
 * migration's text never changes, and a later shape is a later migration's to give the server.
 */
export const SHAPES: Record<string, { table: string; signed: string; at: string; children: [string, string][] }> = {
  visit: {
    table: 'visit',
    signed: 'signed_at IS NOT NULL',
    at: 'signed_at',
    children: [
      ['visit_round', 'visit_id'],
      ['visit_acupoint', 'visit_id'],
      ['visit_trigger_point', 'visit_id'],
      ['visit_lead_pair', 'visit_id'],
      ['visit_adjunct', 'visit_id'],
      ['visit_adverse_event', 'visit_id'],
    ],
  },
  assessment: {
    table: 'assessment',
    signed: 'signed_at IS NOT NULL',
    at: 'signed_at',
    children: [
      ['assessment_ortho_test', 'assessment_id'],
      ['assessment_trigger_point', 'assessment_id'],
      ['assessment_outcome', 'assessment_id'],
    ],
  },
  addendum: { table: 'addendum', signed: 'true', at: 'written_at', children: [] },
  consent: { table: 'consent', signed: 'true', at: 'recorded_at', children: [] },
};

/**
 * The server's content hash of one kind, byte for byte the app's (contentHash in db/queries/ledger.ts):
 * the kind, the row, then each child table's rows sorted and joined by newlines, the parts joined by
 * NUL bytes. So a ledger the app sealed before this version verifies on the server, and the server's
 * seals verify as the app would compute them. (Sorting is by UTF-8 bytes here, by UTF-16 units in the
 * app: they differ only between a supplementary-plane character and one in U+E000–U+FFFF.)
 */
const hashBranch = (kind: string) => {
  const s = SHAPES[kind]!;
  const children = s.children.map(
    ([table, fk]) => `convert_to((SELECT coalesce(string_agg(t, E'\n' ORDER BY t COLLATE "C"), '')
        FROM (SELECT needlebook_row_text(row_to_json(c)) AS t FROM ${table} c WHERE c.${fk} = rec_id) rows), 'UTF8')`,
  );
  return `IF kind = '${kind}' THEN
    SELECT needlebook_row_text(row_to_json(r)) INTO head FROM ${s.table} r WHERE r.id = rec_id AND ${s.signed};
    IF head IS NULL THEN RETURN NULL; END IF;
    RETURN encode(sha256(convert_to(kind, 'UTF8') || nul || convert_to(head, 'UTF8')${children
      .map(
        (c) => ` || nul
      || ${c}`,
      )
      .join('')}), 'hex');
  END IF;`;
};

const sealTriggers = (table: string, kind: string) =>
  table === 'visit' || table === 'assessment'
    ? `
CREATE TRIGGER ${table}_sealed AFTER UPDATE OF signed_at ON ${table}
  FOR EACH ROW WHEN (OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL) EXECUTE FUNCTION needlebook_seal_new('${kind}');
CREATE TRIGGER ${table}_sealed_as_written AFTER INSERT ON ${table}
  FOR EACH ROW WHEN (NEW.signed_at IS NOT NULL) EXECUTE FUNCTION needlebook_seal_new('${kind}');`
    : `
CREATE TRIGGER ${table}_sealed AFTER INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION needlebook_seal_new('${kind}');`;

/** The server's time as the app writes it (ISO 8601, milliseconds, UTC). */
const NOW = `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Every function of the app's in this schema runs with a fixed search path: the catalog first,
 * then the clinic's own schema, and pg_temp last (left out, PostgreSQL searches it first). Run again
 * by any later migration that creates or replaces a function (CREATE OR REPLACE drops the setting).
 */
export const PIN_FUNCTIONS = `
DO $pin$
DECLARE f record;
BEGIN
  FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_catalog.pg_proc p
    WHERE p.pronamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema()) AND p.proname LIKE 'needlebook%'
  LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp', f.sig, current_schema());
  END LOOP;
END $pin$;`;

export const postgres = `
CREATE TRIGGER consent_append_only BEFORE UPDATE OR DELETE ON consent
  FOR EACH ROW EXECUTE FUNCTION needlebook_refuse('${CONSENT_IS_A_RECORD}');
CREATE TRIGGER consent_never_truncated BEFORE TRUNCATE ON consent
  FOR EACH STATEMENT EXECUTE FUNCTION needlebook_refuse('${CONSENT_IS_A_RECORD}');
ALTER TABLE signed_ledger DROP CONSTRAINT signed_ledger_record_kind_check,
  ADD CONSTRAINT signed_ledger_record_kind_check CHECK (record_kind IN (${KINDS}));

ALTER TABLE provider ADD COLUMN has_passcode integer NOT NULL DEFAULT 0 CHECK (has_passcode IN (0, 1));
UPDATE provider SET has_passcode = 1 WHERE passcode_hash IS NOT NULL;
CREATE TABLE passcode_attempt (
  provider_id integer PRIMARY KEY REFERENCES provider (id),
  failures integer NOT NULL CHECK (failures >= 0),
  locked_until text
);

-- Who is at this connection. session_user: the login that connected, which SET ROLE does not change
-- and which a SECURITY DEFINER function still sees (current_user there is the function's owner).
CREATE FUNCTION needlebook_owns_tables() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'signed_ledger'::regclass), 'MEMBER')
$$;
-- The tables' owner moving a solo file in (db/clinic/transfer.ts): the setting alone grants nothing.
CREATE FUNCTION needlebook_importing() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('needlebook.importing', true) = 'on', false) AND needlebook_owns_tables()
$$;
CREATE FUNCTION needlebook_is_clinic_owner() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM clinic_person WHERE login = session_user AND role = 'owner')
$$;
CREATE OR REPLACE FUNCTION needlebook_signs_as(signer integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM clinic_person WHERE login = session_user AND provider_id = signer)
$$;

-- One stored row as the app writes it (canonicalRow): columns in the table's order as column=value;,
-- NULLs left out, strings JSON-quoted (PostgreSQL escapes as JSON.stringify does), numbers as
-- JavaScript prints them — float8 at its shortest exact form (extra_float_digits = 1), which is
-- JavaScript's for every value between 1e-4 and 1e15, the range of any dose, gauge or score.
CREATE FUNCTION needlebook_row_text(r json) RETURNS text LANGUAGE sql STABLE SET extra_float_digits = 1 AS $$
  SELECT coalesce(string_agg(e.key || '=' || CASE json_typeof(e.value) WHEN 'boolean' THEN CASE WHEN e.value::text = 'true' THEN '1' ELSE '0' END
                                                                        ELSE e.value::text END || ';', '' ORDER BY e.n), '')
  FROM json_each(r) WITH ORDINALITY AS e(key, value, n)
  WHERE json_typeof(e.value) <> 'null'
$$;
-- A signed record's hash as this server stores it (compared only on this server).
CREATE FUNCTION needlebook_content_hash(kind text, rec_id integer) RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER SET extra_float_digits = 1 AS $$
DECLARE
  head text;
  nul bytea := '\\x00'::bytea;
BEGIN
  ${Object.keys(SHAPES).map(hashBranch).join('\n  ')}
  RAISE EXCEPTION 'not a kind of signed record: %', kind;
END $$;

-- Appends one record to the ledger: the only way a row gets there, apart from the owner's import.
CREATE FUNCTION needlebook_seal(kind text, rec_id integer) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  content text := needlebook_content_hash(kind, rec_id);
  last_seq integer;
  last_chain text;
  at text := ${NOW};
BEGIN
  IF content IS NULL THEN RAISE EXCEPTION '% % is not signed', kind, rec_id; END IF;
  -- Signings take turns (db/engine/postgres.ts names the same lock): the chain never forks.
  PERFORM pg_advisory_xact_lock(4151703);
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
REVOKE ALL ON FUNCTION needlebook_seal(text, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION needlebook_content_hash(text, integer) FROM PUBLIC;

CREATE FUNCTION needlebook_seal_new() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF NOT needlebook_importing() THEN PERFORM needlebook_seal(TG_ARGV[0], NEW.id); END IF;
  RETURN NULL;
END $$;
${sealTriggers('visit', 'visit')}
${sealTriggers('assessment', 'assessment')}
${sealTriggers('addendum', 'addendum')}
${sealTriggers('consent', 'consent')}

-- A signature names the record's own provider, and only that provider's person signs.
ALTER POLICY visit_signed_as_self ON visit WITH CHECK (signed_by IS NULL OR (signed_by = provider_id AND needlebook_signs_as(signed_by)));
ALTER POLICY assessment_signed_as_self ON assessment WITH CHECK (signed_by IS NULL OR (signed_by = provider_id AND needlebook_signs_as(signed_by)));

-- Audit rows: the server's word for every login but the tables' owner.
CREATE OR REPLACE FUNCTION needlebook_audit_db_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF needlebook_owns_tables() THEN
    -- The owner's own tools; an import keeps each row as the file it brings wrote it.
    IF NOT needlebook_importing() THEN NEW.db_user := session_user; END IF;
    RETURN NEW;
  END IF;
  NEW.db_user := session_user;
  NEW.actor := session_user;
  NEW.provider_id := (SELECT provider_id FROM clinic_person WHERE login = session_user);
  NEW.at := ${NOW};
  RETURN NEW;
END $$;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_append ON audit_log FOR INSERT WITH CHECK (true);
CREATE POLICY audit_log_own_rows ON audit_log FOR SELECT USING (db_user = session_user OR needlebook_is_clinic_owner());

-- Passcodes: the parameters and salt (not secret) to derive a key with; the key checked here.
CREATE FUNCTION needlebook_passcode_params(of_provider integer) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER AS $$
  SELECT regexp_replace(passcode_hash, '[$][^$]*$', '') FROM provider WHERE id = of_provider
$$;
CREATE FUNCTION needlebook_may_use_passcode(of_provider integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT needlebook_owns_tables() OR needlebook_signs_as(of_provider)
$$;
-- 'ok', 'wrong', 'none' (no passcode kept) or 'locked <until>'. Counted whatever the caller does after.
CREATE FUNCTION needlebook_passcode_try(of_provider integer, derived text) RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  stored text;
  tries integer;
  until text;
BEGIN
  IF NOT needlebook_may_use_passcode(of_provider) THEN
    RAISE EXCEPTION 'only the person of provider % may use its passcode', of_provider USING ERRCODE = '42501';
  END IF;
  SELECT passcode_hash INTO stored FROM provider WHERE id = of_provider FOR UPDATE;
  IF stored IS NULL THEN RETURN 'none'; END IF;
  SELECT failures, locked_until INTO tries, until FROM passcode_attempt WHERE provider_id = of_provider;
  IF until IS NOT NULL AND until > ${NOW} THEN RETURN 'locked ' || until; END IF;
  IF split_part(stored, '$', 6) = derived THEN
    DELETE FROM passcode_attempt WHERE provider_id = of_provider;
    RETURN 'ok';
  END IF;
  tries := coalesce(tries, 0) + 1;
  until := CASE WHEN tries >= ${FREE_TRIES} THEN
    to_char((clock_timestamp() + make_interval(secs => least(${LONGEST_WAIT_SECONDS}, ${FIRST_WAIT_SECONDS} * 2 ^ (tries - ${FREE_TRIES})))) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  END;
  INSERT INTO passcode_attempt (provider_id, failures, locked_until) VALUES (of_provider, tries, until)
    ON CONFLICT (provider_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until;
  INSERT INTO audit_log (at, actor, action, entity, entity_id, detail)
    VALUES (${NOW}, session_user, 'sign-in', 'provider', of_provider, 'wrong passcode ' || tries || CASE WHEN until IS NULL THEN '' ELSE ', locked until ' || until END);
  RETURN 'wrong';
END $$;
-- A person sets their own provider's passcode; a clinic owner may only reset (remove) another's.
CREATE FUNCTION needlebook_set_passcode(of_provider integer, stored text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF NOT (needlebook_may_use_passcode(of_provider) OR (stored IS NULL AND needlebook_is_clinic_owner())) THEN
    RAISE EXCEPTION 'only the provider''s own person sets a passcode; an owner may reset one' USING ERRCODE = '42501';
  END IF;
  IF stored IS NOT NULL AND stored !~ '^scrypt[$][0-9]+[$][0-9]+[$][0-9]+[$][A-Za-z0-9+/=]+[$][A-Za-z0-9+/=]+$' THEN
    RAISE EXCEPTION 'not a passcode hash' USING ERRCODE = '22023';
  END IF;
  UPDATE provider SET passcode_hash = stored, has_passcode = CASE WHEN stored IS NULL THEN 0 ELSE 1 END WHERE id = of_provider;
  DELETE FROM passcode_attempt WHERE provider_id = of_provider;
  INSERT INTO audit_log (at, actor, action, entity, entity_id, detail)
    VALUES (${NOW}, session_user, 'update', 'provider', of_provider,
            CASE WHEN stored IS NOT NULL THEN 'passcode set' WHEN needlebook_signs_as(of_provider) OR needlebook_owns_tables() THEN 'passcode removed' ELSE 'passcode reset by an owner' END);
END $$;

-- The clinic's people: written by an owner through these, audited; nobody edits the table by hand.
CREATE FUNCTION needlebook_person_save(person text, person_name text, person_role text, of_provider integer, at text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE before clinic_person%ROWTYPE;
BEGIN
  IF NOT (needlebook_owns_tables() OR needlebook_is_clinic_owner()) THEN
    RAISE EXCEPTION 'only the clinic''s owner adds or changes people' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO before FROM clinic_person WHERE login = person;
  IF person = session_user AND NOT needlebook_owns_tables() AND (before.role IS DISTINCT FROM person_role OR before.provider_id IS DISTINCT FROM of_provider) THEN
    RAISE EXCEPTION 'an owner does not change their own role or provider: another owner or the administrator does' USING ERRCODE = '42501';
  END IF;
  IF of_provider IS NOT NULL AND EXISTS (SELECT 1 FROM clinic_person WHERE provider_id = of_provider AND login <> person) THEN
    RAISE EXCEPTION 'provider % already signs in as another login', of_provider USING ERRCODE = '23505';
  END IF;
  INSERT INTO clinic_person (login, name, role, provider_id, created_at) VALUES (person, person_name, person_role, of_provider, at)
    ON CONFLICT (login) DO UPDATE SET name = excluded.name, role = excluded.role, provider_id = excluded.provider_id;
  INSERT INTO audit_log (at, actor, action, entity, detail)
    VALUES (${NOW}, session_user, CASE WHEN before.login IS NULL THEN 'create' ELSE 'update' END, 'person', 'login ' || person || ', ' || person_role);
END $$;
-- A person's login: made, or its password and groups set, by the tables' owner on an owner's word,
-- so no clinic owner needs CREATEROLE (on PostgreSQL 15 that would let them grant themselves any
-- role, the tables' owner included).
CREATE FUNCTION needlebook_person_login(person text, secret text, person_role text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE g text;
BEGIN
  IF NOT (needlebook_owns_tables() OR needlebook_is_clinic_owner()) THEN
    RAISE EXCEPTION 'only the clinic''s owner adds or changes people' USING ERRCODE = '42501';
  END IF;
  IF person_role NOT IN ('owner', 'practitioner', 'front_desk') THEN RAISE EXCEPTION 'not a clinic role: %', person_role USING ERRCODE = '22023'; END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = person) THEN
    -- A login the server has for something else is never taken over.
    IF NOT EXISTS (SELECT 1 FROM clinic_person WHERE login = person) THEN
      RAISE EXCEPTION 'the server already has a login % that is not one of the clinic''s people', person USING ERRCODE = '23505';
    END IF;
    EXECUTE format('ALTER ROLE %I LOGIN NOCREATEROLE NOCREATEDB NOSUPERUSER', person);
  ELSE
    IF secret IS NULL THEN RAISE EXCEPTION 'a new person needs a password' USING ERRCODE = '22023'; END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOCREATEROLE NOCREATEDB NOSUPERUSER', person);
  END IF;
  IF secret IS NOT NULL THEN EXECUTE format('ALTER ROLE %I PASSWORD %L', person, secret); END IF;
  -- An owner holds every group (they also chart and bill); anyone else holds their one. Never with admin option.
  FOREACH g IN ARRAY ARRAY['owner', 'practitioner', 'front_desk'] LOOP
    EXECUTE format('REVOKE %I FROM %I', 'needlebook_' || g, person);
    IF person_role = 'owner' OR g = person_role THEN EXECUTE format('GRANT %I TO %I', 'needlebook_' || g, person); END IF;
  END LOOP;
  -- Setting someone's password lets whoever set it sign in as them: always on the record.
  INSERT INTO audit_log (at, actor, action, entity, detail)
    VALUES (${NOW}, session_user, 'update', 'person', 'login ' || person || ', ' || person_role || CASE WHEN secret IS NULL THEN '' ELSE ', password set' END);
END $$;
-- Someone leaves: their login no longer signs in, holds no group, and leaves the clinic's people.
CREATE FUNCTION needlebook_person_remove(person text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE g text;
BEGIN
  IF NOT (needlebook_owns_tables() OR needlebook_is_clinic_owner()) OR person = session_user THEN
    RAISE EXCEPTION 'only the clinic''s owner removes people, and never themselves' USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM clinic_person WHERE login = person) THEN
    RAISE EXCEPTION '% is not one of the clinic''s people', person USING ERRCODE = '42704';
  END IF;
  EXECUTE format('ALTER ROLE %I NOLOGIN', person);
  FOREACH g IN ARRAY ARRAY['owner', 'practitioner', 'front_desk'] LOOP EXECUTE format('REVOKE %I FROM %I', 'needlebook_' || g, person); END LOOP;
  DELETE FROM clinic_person WHERE login = person;
  INSERT INTO audit_log (at, actor, action, entity, detail) VALUES (${NOW}, session_user, 'delete', 'person', 'login ' || person);
END $$;
REVOKE ALL ON FUNCTION needlebook_person_save(text, text, text, integer, text), needlebook_person_remove(text), needlebook_person_login(text, text, text),
  needlebook_set_passcode(integer, text), needlebook_passcode_try(integer, text), needlebook_passcode_params(integer) FROM PUBLIC;

${PIN_FUNCTIONS}
`;
