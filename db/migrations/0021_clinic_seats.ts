/**
 * Version 21: clinic seats (docs/clinic-mode.md).
 *
 * - `clinic_person`: who may sign in to a clinic database — their PostgreSQL login, their role and,
 *   for whoever charts, their provider. A solo file keeps it empty.
 * - `version` and `updated_by` on visits and assessments: a draft saved from one seat while another
 *   seat saved it first is refused with who saved it and when (optimistic versioning). Both start
 *   empty, so a record signed before this version hashes as it did (db/queries/ledger.ts leaves
 *   NULLs out).
 * - `audit_log.db_user`: on PostgreSQL the server's `current_user`, written by a trigger, so a seat
 *   cannot put another login's name on what it did. `unsaved_draft.db_user`: each seat's safety copy
 *   of its typing is its own.
 *
 * PostgreSQL only:
 * - row-level security: a signed visit or assessment, and an addendum, name as signer the
 *   provider of the login that wrote them — nobody signs as another, whatever tool they use. The
 *   table's owner (who runs `clinic init` and the migrations) is not subject to it; clinic seats are.
 * - a statement trigger on the tables a seat shows, calling pg_notify: the other seats refresh
 *   within a second or two instead of asking the server over and over.
 */
const sqlite = `
CREATE TABLE clinic_person (
  login TEXT PRIMARY KEY CHECK (length(login) BETWEEN 1 AND 63),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role TEXT NOT NULL CHECK (role IN ('owner', 'practitioner', 'front_desk')),
  provider_id INTEGER REFERENCES provider (id),
  created_at TEXT NOT NULL,
  CHECK (role <> 'practitioner' OR provider_id IS NOT NULL),
  CHECK (role <> 'front_desk' OR provider_id IS NULL)
) STRICT;
ALTER TABLE visit ADD COLUMN version INTEGER;
ALTER TABLE visit ADD COLUMN updated_by TEXT;
ALTER TABLE assessment ADD COLUMN version INTEGER;
ALTER TABLE assessment ADD COLUMN updated_by TEXT;
ALTER TABLE audit_log ADD COLUMN db_user TEXT;
ALTER TABLE unsaved_draft ADD COLUMN db_user TEXT;
`;

/** The tables whose changes another seat shows: each statement that changes one notifies once. */
export const NOTIFYING_TABLES = [
  'patient',
  'race',
  'care_case',
  'visit',
  'assessment',
  'addendum',
  'consent',
  'patient_safety',
  'billing_line',
  'payment',
  'provider',
  'clinic',
] as const;

export const postgres = `
CREATE TABLE clinic_person (
  login text PRIMARY KEY CHECK (length(login) BETWEEN 1 AND 63),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (role IN ('owner', 'practitioner', 'front_desk')),
  provider_id integer REFERENCES provider (id),
  created_at text NOT NULL,
  CHECK (role <> 'practitioner' OR provider_id IS NOT NULL),
  CHECK (role <> 'front_desk' OR provider_id IS NULL)
);
ALTER TABLE visit ADD COLUMN version integer, ADD COLUMN updated_by text;
ALTER TABLE assessment ADD COLUMN version integer, ADD COLUMN updated_by text;
ALTER TABLE audit_log ADD COLUMN db_user text;
ALTER TABLE unsaved_draft ADD COLUMN db_user text DEFAULT current_user;

-- The server names who wrote each row. Only the table's owner, moving a solo file in
-- (needlebook.importing), keeps the names the rows came with.
CREATE FUNCTION needlebook_audit_db_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('needlebook.importing', true) = 'on'
     AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
    RETURN NEW;
  END IF;
  NEW.db_user := current_user;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_db_user BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION needlebook_audit_db_user();

-- Is the login at this connection the person who is this provider?
CREATE FUNCTION needlebook_signs_as(signer integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM clinic_person WHERE login = current_user AND provider_id = signer)
$$;
ALTER TABLE visit ENABLE ROW LEVEL SECURITY;
CREATE POLICY visit_signed_as_self ON visit USING (true) WITH CHECK (signed_by IS NULL OR needlebook_signs_as(signed_by));
ALTER TABLE assessment ENABLE ROW LEVEL SECURITY;
CREATE POLICY assessment_signed_as_self ON assessment USING (true) WITH CHECK (signed_by IS NULL OR needlebook_signs_as(signed_by));
ALTER TABLE addendum ENABLE ROW LEVEL SECURITY;
CREATE POLICY addendum_written_as_self ON addendum USING (true) WITH CHECK (needlebook_signs_as(author_id));
-- A seat reads and writes only its own safety copies of unsaved typing.
ALTER TABLE unsaved_draft ENABLE ROW LEVEL SECURITY;
CREATE POLICY unsaved_draft_own ON unsaved_draft USING (db_user = current_user) WITH CHECK (db_user = current_user);

CREATE FUNCTION needlebook_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('needlebook', TG_TABLE_NAME);
  RETURN NULL;
END $$;
${NOTIFYING_TABLES.map((t) => `CREATE TRIGGER ${t}_notify AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION needlebook_notify();`).join('\n')}
`;

export default sqlite;
