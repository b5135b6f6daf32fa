import { PIN_FUNCTIONS } from './0025_server_holds';

/**
 * Version 35 (issue 38): the server's helpers that triggers and policies call for every row are
 * planned once a session, not at each call; and the Review triggers of treatment rows, consents and
 * races find their cases by key. PostgreSQL only: SQLite has no such functions, and its triggers
 * find a row's case by key already.
 *
 * - `needlebook_owns_tables`, `needlebook_importing`, `needlebook_is_clinic_owner`,
 *   `needlebook_signs_as` and `needlebook_row_text` were SQL functions. PostgreSQL 15 cannot inline
 *   one with a fixed search path (migration 25), and then parses and plans its body again in every
 *   transaction and savepoint, and for every statement that calls it from a trigger: 100–160 µs for
 *   `needlebook_owns_tables`, which every audit row's trigger calls, 30–60 µs for
 *   `needlebook_row_text`, called for every row a seal hashes (seeding the demo clinic). As plpgsql
 *   each keeps its plans for the session. Each asks the same question of the same rows at each call:
 *   who is at the connection is `session_user`, the tables' owner is read from the catalog and
 *   membership of it from the server's roles, never from a setting, and no answer is kept from one
 *   call to the next. `needlebook.importing` alone grants nothing. Names, arguments, results,
 *   volatility, security and settings are as they were, the fixed search path set again. The
 *   passcode's two helpers, on no row's path, are made plpgsql with them: no function of the app's
 *   is SQL now (tests/integration/planned-once.postgres.test.ts).
 * - The audit log's reading policy asks `needlebook_is_clinic_owner` once a statement (a scalar
 *   sub-select), not for every row an owner reads: it takes nothing from the row.
 * - `needlebook_child_of_signed` (the freeze on a signed record's treatment rows) read the parent by
 *   EXECUTE, planned at every row; it reads a visit or an assessment by a statement of its own now,
 *   and any other parent as before.
 * - The Review triggers of a visit's treatment rows, of consents and of races gathered the touched
 *   keys in a UNION and joined it to the visits or cases. Planned once for the size the planner
 *   guessed, that join could read every visit for each treatment row written (a hash join over the
 *   whole table). Each key is now looked up by itself: the same cases marked, through their index.
 */

/** The treatment rows whose modalities need a consent, as migration 20 named them. */
const VISIT_CHILDREN = ['visit_acupoint', 'visit_trigger_point', 'visit_lead_pair', 'visit_adjunct'];

/**
 * One table's Review trigger: the cases its row touches as it is now (unless deleted) and as it was
 * (unless inserted, and only if its key changed), each found from its key alone.
 */
const reviewTrigger = (table: string, column: string, cases: (key: string) => string) => `
CREATE OR REPLACE FUNCTION needlebook_${table}_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO review_stale (case_id) ${cases(`NEW.${column}`)} ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.${column} IS DISTINCT FROM NEW.${column}) THEN
    INSERT INTO review_stale (case_id) ${cases(`OLD.${column}`)} ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;`;

/** A signed parent's freeze, read by a statement planned once; `row` is OLD or NEW. */
const parentSigned = (row: 'OLD' | 'NEW') => `
    IF parent = 'visit' AND fk = 'visit_id' THEN
      SELECT signed_at IS NOT NULL INTO signed FROM visit WHERE id = ${row}.visit_id;
    ELSIF parent = 'assessment' AND fk = 'assessment_id' THEN
      SELECT signed_at IS NOT NULL INTO signed FROM assessment WHERE id = ${row}.assessment_id;
    ELSE
      EXECUTE format('SELECT signed_at IS NOT NULL FROM %I WHERE id = $1', parent) INTO signed USING (to_jsonb(${row}) ->> fk)::integer;
    END IF;
    IF signed THEN RAISE EXCEPTION 'signed %: its treatment rows cannot change; write an addendum', parent USING ERRCODE = 'integrity_constraint_violation'; END IF;`;

export default `
-- Version 35 changes PostgreSQL's own functions and triggers only: nothing to do on a file.
`;

export const postgres = `
-- Who is at this connection: session_user, the login that connected, which SET ROLE does not change.
-- Asked of the catalog and the server's roles at each call; the plan alone is kept.
CREATE OR REPLACE FUNCTION needlebook_owns_tables() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'signed_ledger'::regclass), 'MEMBER');
END $$;
-- The tables' owner moving a solo file in (db/clinic/transfer.ts): the setting alone grants nothing.
CREATE OR REPLACE FUNCTION needlebook_importing() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN coalesce(current_setting('needlebook.importing', true) = 'on', false) AND needlebook_owns_tables();
END $$;
CREATE OR REPLACE FUNCTION needlebook_is_clinic_owner() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM clinic_person WHERE login = session_user AND role = 'owner');
END $$;
CREATE OR REPLACE FUNCTION needlebook_signs_as(signer integer) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM clinic_person WHERE login = session_user AND provider_id = signer);
END $$;

-- The passcode's helpers, the last two SQL functions: every function of the app's is plpgsql from here on.
CREATE OR REPLACE FUNCTION needlebook_passcode_params(of_provider integer) RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER AS $$
BEGIN
  RETURN (SELECT regexp_replace(passcode_hash, '[$][^$]*$', '') FROM provider WHERE id = of_provider);
END $$;
CREATE OR REPLACE FUNCTION needlebook_may_use_passcode(of_provider integer) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN needlebook_owns_tables() OR needlebook_signs_as(of_provider);
END $$;

-- One stored row as the app writes it (migration 25): the same statement, planned once a session.
CREATE OR REPLACE FUNCTION needlebook_row_text(r json) RETURNS text LANGUAGE plpgsql STABLE SET extra_float_digits = 1 AS $$
BEGIN
  RETURN (
    SELECT coalesce(string_agg(e.key || '=' || CASE json_typeof(e.value) WHEN 'boolean' THEN CASE WHEN e.value::text = 'true' THEN '1' ELSE '0' END
                                                                          ELSE e.value::text END || ';', '' ORDER BY e.n), '')
    FROM json_each(r) WITH ORDINALITY AS e(key, value, n)
    WHERE json_typeof(e.value) <> 'null');
END $$;

CREATE OR REPLACE FUNCTION needlebook_child_of_signed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent text := TG_ARGV[0];
  fk text := TG_ARGV[1];
  signed boolean;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN${parentSigned('OLD')}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN${parentSigned('NEW')}
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;

-- Whether the reader is one of the clinic's owners, asked once a statement rather than for each audit row it reads:
-- the question takes nothing from the row, and a statement reads with one snapshot.
ALTER POLICY audit_log_own_rows ON audit_log USING (db_user = session_user OR (SELECT needlebook_is_clinic_owner()));

${VISIT_CHILDREN.map((t) => reviewTrigger(t, 'visit_id', (key) => `SELECT case_id FROM visit WHERE id = ${key}`)).join('\n')}
${reviewTrigger('consent', 'patient_id', (key) => `SELECT id FROM care_case WHERE patient_id = ${key}`)}
${reviewTrigger('race', 'patient_id', (key) => `SELECT id FROM care_case WHERE patient_id = ${key}`)}

${PIN_FUNCTIONS}
`;
