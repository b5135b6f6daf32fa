/**
 * Version 20: the review dashboard's rows, kept rather than recomputed, and the patient name parts
 * the name search reads through an index.
 *
 * - `review_row` holds one row per active case of a patient still on the books: the dashboard row as
 *   JSON, and the sort and filter keys beside it as columns so the dashboard filters, sorts and
 *   pages in SQL. It is derived data: db/queries/review-rows.ts writes it, nothing else does.
 * - `review_stale` names the cases whose row must be written again. Triggers add to it in the same
 *   transaction as every write that can change a row (a visit or assessment signed, a case written,
 *   a patient or race changed, the clinic's MCIDs); the service rewrites those rows before the
 *   transaction commits (db/service.ts). On PostgreSQL the insert into its primary key also makes
 *   two seats writing the same case take turns, so neither computes the row without the other's
 *   write. `consent_missing` says the case has a visit (drafts too) using a modality whose consent
 *   was not signed by that day, so the treatment rows of drafts and the consents mark it as well.
 * - The date-driven flags (maintenance due, race windows) are rewritten by a pass when the day
 *   changes: `review_day` records the day of the last pass; it starts empty, so the first dashboard
 *   call fills the rows.
 * - `patient_name_part` holds each word of a patient's names folded (shared/names.ts: lower case,
 *   accents off, "Ł" as "l"), as the search words are: "lukasz" finds Łukasz and "ana" Mary-Ana by a
 *   range read on its index, not a scan of every name. The folding is JavaScript, the same on both
 *   engines (SQLite's lower() knows ASCII only), so the table starts empty here: db/queries/patients.ts
 *   writes a patient's words with the names, and fills them for patients without any when the
 *   database is opened (db/host.ts).
 * - `derived_filled` records that such a fill from JavaScript (the name parts, the treatment entries
 *   of note search: db/queries/treatment-search.ts) was done for the records on file, so a later
 *   open does not look again.
 */
const REVIEW_COLUMNS = (text: string, int: string, real: string) => `
  case_id ${int} PRIMARY KEY,
  patient_id ${int} NOT NULL,
  row ${text} NOT NULL,
  patient_key ${text} NOT NULL,
  condition_key ${text} NOT NULL,
  phase_key ${int} NOT NULL,
  sessions_key ${real} NOT NULL,
  reassessment_key ${int} NOT NULL,
  change_key ${real} NOT NULL,
  flags_key ${int} NOT NULL,
  race_date ${text} NOT NULL,
  due ${int} NOT NULL,
  not_improving ${int} NOT NULL,
  consent_missing ${int} NOT NULL`;

const SORT_INDEXES = ['patient_key', 'condition_key', 'phase_key', 'sessions_key', 'reassessment_key', 'change_key', 'flags_key', 'race_date']
  .map((key) => `CREATE INDEX review_by_${key.replace('_key', '')} ON review_row (${key}, patient_key, case_id);`)
  .join('\n');

/** The treatment rows whose modalities need a consent (shared/rules/safety.ts). */
const VISIT_CHILDREN = ['visit_acupoint', 'visit_trigger_point', 'visit_lead_pair', 'visit_adjunct'];

/** The cases a row of `table` touches, as a SELECT of case ids (NEW or OLD row). */
const sqliteTrigger = (name: string, event: string, table: string, when: string, cases: string) => `
CREATE TRIGGER ${name} AFTER ${event} ON ${table} FOR EACH ROW ${when ? `WHEN ${when}` : ''}
BEGIN INSERT OR IGNORE INTO review_stale (case_id) ${cases}; END;`;

const sql = `
CREATE TABLE review_row (${REVIEW_COLUMNS('TEXT', 'INTEGER', 'REAL')}) STRICT;
${SORT_INDEXES}
CREATE TABLE review_stale (case_id INTEGER PRIMARY KEY) STRICT;
CREATE TABLE review_day (one INTEGER PRIMARY KEY CHECK (one = 1), day TEXT NOT NULL) STRICT;
${sqliteTrigger('visit_review_insert', 'INSERT', 'visit', 'NEW.signed_at IS NOT NULL', 'VALUES (NEW.case_id)')}
${sqliteTrigger('visit_review_update', 'UPDATE', 'visit', 'NEW.signed_at IS NOT NULL OR OLD.signed_at IS NOT NULL', 'SELECT NEW.case_id UNION SELECT OLD.case_id')}
${sqliteTrigger('visit_review_moved', 'UPDATE', 'visit', 'NEW.started_at <> OLD.started_at OR NEW.case_id <> OLD.case_id', 'SELECT NEW.case_id UNION SELECT OLD.case_id')}
${sqliteTrigger('visit_review_delete', 'DELETE', 'visit', '', 'VALUES (OLD.case_id)')}
${VISIT_CHILDREN.flatMap((t) => [
  sqliteTrigger(`${t}_review_insert`, 'INSERT', t, '', 'SELECT case_id FROM visit WHERE id = NEW.visit_id'),
  sqliteTrigger(`${t}_review_delete`, 'DELETE', t, '', 'SELECT case_id FROM visit WHERE id = OLD.visit_id'),
]).join('\n')}
${['INSERT', 'DELETE'].map((e) => sqliteTrigger(`consent_review_${e.toLowerCase()}`, e, 'consent', '', `SELECT id FROM care_case WHERE patient_id = ${e === 'INSERT' ? 'NEW' : 'OLD'}.patient_id`)).join('\n')}
${sqliteTrigger('consent_review_update', 'UPDATE', 'consent', '', 'SELECT id FROM care_case WHERE patient_id IN (NEW.patient_id, OLD.patient_id)')}
${sqliteTrigger('assessment_review_insert', 'INSERT', 'assessment', 'NEW.signed_at IS NOT NULL', 'VALUES (NEW.case_id)')}
${sqliteTrigger('assessment_review_update', 'UPDATE', 'assessment', 'NEW.signed_at IS NOT NULL OR OLD.signed_at IS NOT NULL', 'SELECT NEW.case_id UNION SELECT OLD.case_id')}
${sqliteTrigger('case_review_insert', 'INSERT', 'care_case', '', 'VALUES (NEW.id)')}
${sqliteTrigger('case_review_update', 'UPDATE', 'care_case', '', 'VALUES (NEW.id)')}
${sqliteTrigger('case_review_delete', 'DELETE', 'care_case', '', 'VALUES (OLD.id)')}
${sqliteTrigger('patient_review_update', 'UPDATE', 'patient', '', 'SELECT id FROM care_case WHERE patient_id = NEW.id')}
${sqliteTrigger('race_review_insert', 'INSERT', 'race', '', 'SELECT id FROM care_case WHERE patient_id = NEW.patient_id')}
${sqliteTrigger('race_review_update', 'UPDATE', 'race', '', 'SELECT id FROM care_case WHERE patient_id IN (NEW.patient_id, OLD.patient_id)')}
${sqliteTrigger('race_review_delete', 'DELETE', 'race', '', 'SELECT id FROM care_case WHERE patient_id = OLD.patient_id')}
${['INSERT', 'UPDATE', 'DELETE'].map((e) => sqliteTrigger(`mcid_review_${e.toLowerCase()}`, e, 'clinic_mcid', '', 'SELECT id FROM care_case')).join('\n')}

CREATE TABLE patient_name_part (
  patient_id INTEGER NOT NULL REFERENCES patient(id),
  part TEXT NOT NULL,
  PRIMARY KEY (part, patient_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX patient_name_part_by_patient ON patient_name_part (patient_id);
CREATE TABLE derived_filled (
  name TEXT PRIMARY KEY CHECK (name IN ('name_parts', 'treatment_search')),
  filled_at TEXT NOT NULL
) STRICT;
`;

/** PostgreSQL: one function per table, each adding the cases a changed row touches. */
const pgTrigger = (table: string, cases: string, events = 'INSERT OR UPDATE OR DELETE', when = 'true') => `
CREATE FUNCTION needlebook_${table}_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF ${when} THEN
    INSERT INTO review_stale (case_id) ${cases} ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ${table}_review AFTER ${events} ON ${table} FOR EACH ROW EXECUTE FUNCTION needlebook_${table}_review();`;

/** For the signed records: only a signed row (or one that was) counts; drafts change freely. */
const signedOnly = `(TG_OP <> 'DELETE' AND NEW.signed_at IS NOT NULL) OR (TG_OP <> 'INSERT' AND OLD.signed_at IS NOT NULL)`;
const touched = (column: string) =>
  `SELECT x FROM (SELECT CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.${column} END AS x UNION SELECT CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.${column} END) t WHERE x IS NOT NULL`;

export const postgres = `
CREATE TABLE review_row (${REVIEW_COLUMNS('text COLLATE "C"', 'integer', 'double precision')});
${SORT_INDEXES}
CREATE TABLE review_stale (case_id integer PRIMARY KEY);
CREATE TABLE review_day (one integer PRIMARY KEY CHECK (one = 1), day text NOT NULL);
${pgTrigger('visit', touched('case_id'), 'INSERT OR UPDATE OR DELETE', `${signedOnly} OR TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (NEW.started_at <> OLD.started_at OR NEW.case_id <> OLD.case_id))`)}
${VISIT_CHILDREN.map((t) => pgTrigger(t, `SELECT case_id FROM visit WHERE id IN (${touched('visit_id')})`, 'INSERT OR DELETE')).join('\n')}
${pgTrigger('consent', `SELECT id FROM care_case WHERE patient_id IN (${touched('patient_id')})`)}
${pgTrigger('assessment', touched('case_id'), 'INSERT OR UPDATE OR DELETE', signedOnly)}
${pgTrigger('care_case', touched('id'))}
${pgTrigger('patient', `SELECT id FROM care_case WHERE patient_id IN (${touched('id')})`, 'UPDATE')}
${pgTrigger('race', `SELECT id FROM care_case WHERE patient_id IN (${touched('patient_id')})`)}
${pgTrigger('clinic_mcid', 'SELECT id FROM care_case')}

CREATE TABLE patient_name_part (
  patient_id integer NOT NULL REFERENCES patient(id),
  part text COLLATE "C" NOT NULL,
  PRIMARY KEY (part, patient_id)
);
CREATE INDEX patient_name_part_by_patient ON patient_name_part (patient_id);
CREATE TABLE derived_filled (
  name text PRIMARY KEY CHECK (name IN ('name_parts', 'treatment_search')),
  filled_at text NOT NULL
);
`;

export default sql;
