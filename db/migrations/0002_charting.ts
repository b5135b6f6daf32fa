/**
 * Version 2: episodes of care, assessments, visits with their treatment rows, addenda, and
 * full-text search over notes. A signed visit or assessment — and every row under it — is
 * frozen by triggers, so no code path (ours or a stray SQL tool) can change a signed note.
 */

/** Freezes a child table once its parent record is signed: no insert, update or delete. */
export function frozenWithParent(child: string, parent: string, fk: string): string {
  const signed = (row: 'NEW' | 'OLD') => `(SELECT signed_at FROM ${parent} WHERE id = ${row}.${fk}) IS NOT NULL`;
  const refuse = `SELECT RAISE(ABORT, 'signed ${parent}: its treatment rows cannot change; write an addendum');`;
  return `
CREATE TRIGGER ${child}_frozen_insert BEFORE INSERT ON ${child} WHEN ${signed('NEW')} BEGIN ${refuse} END;
CREATE TRIGGER ${child}_frozen_update BEFORE UPDATE ON ${child} WHEN ${signed('OLD')} OR ${signed('NEW')} BEGIN ${refuse} END;
CREATE TRIGGER ${child}_frozen_delete BEFORE DELETE ON ${child} WHEN ${signed('OLD')} BEGIN ${refuse} END;`;
}

export function frozenWhenSigned(table: string): string {
  return `
CREATE TRIGGER ${table}_signed_no_update BEFORE UPDATE ON ${table} WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'signed ${table}: it cannot change; write an addendum'); END;
CREATE TRIGGER ${table}_signed_no_delete BEFORE DELETE ON ${table} WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'signed ${table}: it cannot be deleted'); END;`;
}

// Search rows are keyed so each record's row is found by rowid, without scanning.
const VISIT_TEXT = `concat_ws(char(10), NEW.subjective, NEW.objective, NEW.assessment_text, NEW.plan, NEW.home_care, NEW.next_visit_plan)`;
const ASSESSMENT_TEXT = `concat_ws(char(10), NEW.chief_complaint, NEW.training_load, NEW.injury_history, NEW.biomechanics, NEW.rom, NEW.palpation, NEW.assessment_text, NEW.plan_text)`;

export default `
CREATE TABLE care_case (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  condition_id TEXT,
  condition_text TEXT NOT NULL CHECK (length(condition_text) > 0),
  side TEXT NOT NULL CHECK (side IN ('left', 'right', 'bilateral', 'na')),
  onset_date TEXT NOT NULL,
  start_date TEXT NOT NULL,
  recurring INTEGER NOT NULL DEFAULT 0 CHECK (recurring IN (0, 1)),
  maintenance INTEGER NOT NULL DEFAULT 0 CHECK (maintenance IN (0, 1)),
  goals TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'discharged')),
  discharged_on TEXT,
  discharge_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((status = 'discharged') = (discharged_on IS NOT NULL))
) STRICT;
CREATE INDEX care_case_by_patient ON care_case (patient_id, start_date);

CREATE TABLE case_diagnosis (
  case_id INTEGER NOT NULL REFERENCES care_case (id),
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  description TEXT,
  PRIMARY KEY (case_id, position)
) STRICT;

CREATE TABLE assessment (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES care_case (id),
  provider_id INTEGER NOT NULL REFERENCES provider (id),
  kind TEXT NOT NULL CHECK (kind IN ('initial', 'reassessment', 'discharge')),
  assessed_on TEXT NOT NULL,
  chief_complaint TEXT,
  training_load TEXT,
  injury_history TEXT,
  biomechanics TEXT,
  sleep_hours REAL,
  sleep_quality INTEGER CHECK (sleep_quality BETWEEN 1 AND 5),
  resting_hr INTEGER,
  hrv INTEGER,
  rom TEXT,
  palpation TEXT,
  pain_current INTEGER CHECK (pain_current BETWEEN 0 AND 10),
  pain_worst INTEGER CHECK (pain_worst BETWEEN 0 AND 10),
  pain_average INTEGER CHECK (pain_average BETWEEN 0 AND 10),
  assessment_text TEXT,
  plan_text TEXT,
  planned_sessions INTEGER,
  frequency TEXT,
  signed_at TEXT,
  signed_by INTEGER REFERENCES provider (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((signed_at IS NULL) = (signed_by IS NULL))
) STRICT;
CREATE INDEX assessment_by_case ON assessment (case_id, assessed_on);

CREATE TABLE assessment_ortho_test (
  assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  side TEXT CHECK (side IN ('L', 'R', 'B')),
  result TEXT NOT NULL CHECK (result IN ('positive', 'negative', 'equivocal')),
  note TEXT,
  PRIMARY KEY (assessment_id, position)
) STRICT;

CREATE TABLE assessment_trigger_point (
  assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  muscle_id TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('L', 'R', 'B')),
  note TEXT,
  PRIMARY KEY (assessment_id, position)
) STRICT;

CREATE TABLE assessment_outcome (
  assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  measure TEXT NOT NULL,
  score REAL NOT NULL,
  PRIMARY KEY (assessment_id, measure)
) STRICT;

CREATE TABLE visit (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES care_case (id),
  provider_id INTEGER NOT NULL REFERENCES provider (id),
  started_at TEXT NOT NULL,
  face_minutes INTEGER CHECK (face_minutes BETWEEN 1 AND 240),
  subjective TEXT,
  objective TEXT,
  assessment_text TEXT,
  plan TEXT,
  pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
  pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
  home_care TEXT,
  next_visit_plan TEXT,
  signed_at TEXT,
  signed_by INTEGER REFERENCES provider (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((signed_at IS NULL) = (signed_by IS NULL))
) STRICT;
CREATE INDEX visit_by_case ON visit (case_id, started_at);
CREATE INDEX visit_by_start ON visit (started_at);

CREATE TABLE visit_acupoint (
  visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  point_code TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('L', 'R', 'B', 'M')),
  gauge_mm REAL,
  length_mm INTEGER,
  depth TEXT,
  technique TEXT,
  retention_minutes INTEGER,
  PRIMARY KEY (visit_id, position)
) STRICT;

CREATE TABLE visit_trigger_point (
  visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  muscle_id TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('L', 'R', 'B')),
  location TEXT,
  twitch INTEGER NOT NULL DEFAULT 0 CHECK (twitch IN (0, 1)),
  passes INTEGER,
  PRIMARY KEY (visit_id, position)
) STRICT;

CREATE TABLE visit_lead_pair (
  visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  from_kind TEXT NOT NULL CHECK (from_kind IN ('acupoint', 'muscle')),
  from_ref TEXT NOT NULL,
  from_side TEXT NOT NULL CHECK (from_side IN ('L', 'R', 'M')),
  to_kind TEXT NOT NULL CHECK (to_kind IN ('acupoint', 'muscle')),
  to_ref TEXT NOT NULL,
  to_side TEXT NOT NULL CHECK (to_side IN ('L', 'R', 'M')),
  frequency TEXT NOT NULL,
  waveform TEXT NOT NULL CHECK (waveform IN ('continuous', 'dense-disperse', 'intermittent')),
  intensity_ma REAL CHECK (intensity_ma > 0 AND intensity_ma <= 20),
  minutes INTEGER CHECK (minutes BETWEEN 1 AND 60),
  PRIMARY KEY (visit_id, position)
) STRICT;

CREATE TABLE visit_adjunct (
  visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('cupping', 'gua_sha', 'moxibustion', 'heat', 'manual_therapy')),
  minutes INTEGER,
  note TEXT,
  PRIMARY KEY (visit_id, kind)
) STRICT;

CREATE TABLE visit_adverse_event (
  visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (visit_id, position)
) STRICT;

CREATE TABLE addendum (
  id INTEGER PRIMARY KEY,
  record_kind TEXT NOT NULL CHECK (record_kind IN ('visit', 'assessment')),
  record_id INTEGER NOT NULL,
  author_id INTEGER NOT NULL REFERENCES provider (id),
  written_at TEXT NOT NULL,
  text TEXT NOT NULL CHECK (length(text) > 0)
) STRICT;
CREATE INDEX addendum_by_record ON addendum (record_kind, record_id);

CREATE TRIGGER addendum_no_update BEFORE UPDATE ON addendum BEGIN SELECT RAISE(ABORT, 'addenda never change'); END;
CREATE TRIGGER addendum_no_delete BEFORE DELETE ON addendum BEGIN SELECT RAISE(ABORT, 'addenda are never deleted'); END;

${frozenWhenSigned('visit')}
${frozenWhenSigned('assessment')}
${frozenWithParent('visit_acupoint', 'visit', 'visit_id')}
${frozenWithParent('visit_trigger_point', 'visit', 'visit_id')}
${frozenWithParent('visit_lead_pair', 'visit', 'visit_id')}
${frozenWithParent('visit_adjunct', 'visit', 'visit_id')}
${frozenWithParent('visit_adverse_event', 'visit', 'visit_id')}
${frozenWithParent('assessment_ortho_test', 'assessment', 'assessment_id')}
${frozenWithParent('assessment_trigger_point', 'assessment', 'assessment_id')}
${frozenWithParent('assessment_outcome', 'assessment', 'assessment_id')}

-- rowid = id * 4 + 0 (visit), + 1 (assessment), + 2 (addendum)
CREATE VIRTUAL TABLE note_search USING fts5 (
  body, record_kind UNINDEXED, record_id UNINDEXED, source UNINDEXED,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER visit_search_insert AFTER INSERT ON visit BEGIN
  INSERT INTO note_search (rowid, body, record_kind, record_id, source) VALUES (NEW.id * 4, ${VISIT_TEXT}, 'visit', NEW.id, 'note');
END;
CREATE TRIGGER visit_search_update AFTER UPDATE ON visit BEGIN
  DELETE FROM note_search WHERE rowid = OLD.id * 4;
  INSERT INTO note_search (rowid, body, record_kind, record_id, source) VALUES (NEW.id * 4, ${VISIT_TEXT}, 'visit', NEW.id, 'note');
END;
CREATE TRIGGER visit_search_delete AFTER DELETE ON visit BEGIN
  DELETE FROM note_search WHERE rowid = OLD.id * 4;
END;
CREATE TRIGGER assessment_search_insert AFTER INSERT ON assessment BEGIN
  INSERT INTO note_search (rowid, body, record_kind, record_id, source) VALUES (NEW.id * 4 + 1, ${ASSESSMENT_TEXT}, 'assessment', NEW.id, 'note');
END;
CREATE TRIGGER assessment_search_update AFTER UPDATE ON assessment BEGIN
  DELETE FROM note_search WHERE rowid = OLD.id * 4 + 1;
  INSERT INTO note_search (rowid, body, record_kind, record_id, source) VALUES (NEW.id * 4 + 1, ${ASSESSMENT_TEXT}, 'assessment', NEW.id, 'note');
END;
CREATE TRIGGER assessment_search_delete AFTER DELETE ON assessment BEGIN
  DELETE FROM note_search WHERE rowid = OLD.id * 4 + 1;
END;
CREATE TRIGGER addendum_search_insert AFTER INSERT ON addendum BEGIN
  INSERT INTO note_search (rowid, body, record_kind, record_id, source) VALUES (NEW.id * 4 + 2, NEW.text, NEW.record_kind, NEW.record_id, 'addendum');
END;
`;

/** A PostgreSQL trigger function that refuses a change to a child row of a signed record. */
const PG_CHILD_GUARD = `
CREATE FUNCTION needlebook_child_of_signed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent text := TG_ARGV[0];
  fk text := TG_ARGV[1];
  signed boolean;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE format('SELECT signed_at IS NOT NULL FROM %I WHERE id = $1', parent) INTO signed USING (to_jsonb(OLD) ->> fk)::integer;
    IF signed THEN RAISE EXCEPTION 'signed %: its treatment rows cannot change; write an addendum', parent USING ERRCODE = 'integrity_constraint_violation'; END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE format('SELECT signed_at IS NOT NULL FROM %I WHERE id = $1', parent) INTO signed USING (to_jsonb(NEW) ->> fk)::integer;
    IF signed THEN RAISE EXCEPTION 'signed %: its treatment rows cannot change; write an addendum', parent USING ERRCODE = 'integrity_constraint_violation'; END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;

CREATE FUNCTION needlebook_signed_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'signed %: it cannot be deleted', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RAISE EXCEPTION 'signed %: it cannot change; write an addendum', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;`;

export const pgFrozenWithParent = (child: string, parent: string, fk: string) => `
CREATE TRIGGER ${child}_frozen BEFORE INSERT OR UPDATE OR DELETE ON ${child}
  FOR EACH ROW EXECUTE FUNCTION needlebook_child_of_signed('${parent}', '${fk}');
CREATE TRIGGER ${child}_never_truncated BEFORE TRUNCATE ON ${child}
  FOR EACH STATEMENT EXECUTE FUNCTION needlebook_refuse('signed ${parent}: its treatment rows cannot change; write an addendum');`;

const pgFrozenWhenSigned = (table: string) => `
CREATE TRIGGER ${table}_signed BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION needlebook_signed_record();
CREATE TRIGGER ${table}_never_truncated BEFORE TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION needlebook_refuse('signed ${table}: it cannot be deleted');`;

/** Keeps a record's search row equal to its text, as the SQLite triggers do for FTS5. */
const pgSearchTrigger = (table: string, offset: number, text: string) => `
CREATE FUNCTION needlebook_${table}_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN DELETE FROM note_search WHERE id = OLD.id * 4 + ${offset}; END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO note_search (id, body, record_kind, record_id, source)
    VALUES (NEW.id * 4 + ${offset}, ${text.replace(/char\(10\)/g, 'chr(10)')}, '${table}', NEW.id, 'note');
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ${table}_search AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION needlebook_${table}_search();`;

export const postgres = `
${PG_CHILD_GUARD}

CREATE TABLE care_case (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  patient_id integer NOT NULL REFERENCES patient (id),
  condition_id text,
  condition_text text NOT NULL CHECK (length(condition_text) > 0),
  side text NOT NULL CHECK (side IN ('left', 'right', 'bilateral', 'na')),
  onset_date text NOT NULL,
  start_date text NOT NULL,
  recurring integer NOT NULL DEFAULT 0 CHECK (recurring IN (0, 1)),
  maintenance integer NOT NULL DEFAULT 0 CHECK (maintenance IN (0, 1)),
  goals text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'discharged')),
  discharged_on text,
  discharge_reason text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  CHECK ((status = 'discharged') = (discharged_on IS NOT NULL))
);
CREATE INDEX care_case_by_patient ON care_case (patient_id, start_date);

CREATE TABLE case_diagnosis (
  case_id integer NOT NULL REFERENCES care_case (id),
  position integer NOT NULL,
  code text NOT NULL,
  description text,
  PRIMARY KEY (case_id, position)
);

CREATE TABLE assessment (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id integer NOT NULL REFERENCES care_case (id),
  provider_id integer NOT NULL REFERENCES provider (id),
  kind text NOT NULL CHECK (kind IN ('initial', 'reassessment', 'discharge')),
  assessed_on text NOT NULL,
  chief_complaint text,
  training_load text,
  injury_history text,
  biomechanics text,
  sleep_hours double precision,
  sleep_quality integer CHECK (sleep_quality BETWEEN 1 AND 5),
  resting_hr integer,
  hrv integer,
  rom text,
  palpation text,
  pain_current integer CHECK (pain_current BETWEEN 0 AND 10),
  pain_worst integer CHECK (pain_worst BETWEEN 0 AND 10),
  pain_average integer CHECK (pain_average BETWEEN 0 AND 10),
  assessment_text text,
  plan_text text,
  planned_sessions integer,
  frequency text,
  signed_at text,
  signed_by integer REFERENCES provider (id),
  created_at text NOT NULL,
  updated_at text NOT NULL,
  CHECK ((signed_at IS NULL) = (signed_by IS NULL))
);
CREATE INDEX assessment_by_case ON assessment (case_id, assessed_on);

CREATE TABLE assessment_ortho_test (
  assessment_id integer NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  position integer NOT NULL,
  name text NOT NULL,
  side text CHECK (side IN ('L', 'R', 'B')),
  result text NOT NULL CHECK (result IN ('positive', 'negative', 'equivocal')),
  note text,
  PRIMARY KEY (assessment_id, position)
);

CREATE TABLE assessment_trigger_point (
  assessment_id integer NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  position integer NOT NULL,
  muscle_id text NOT NULL,
  side text NOT NULL CHECK (side IN ('L', 'R', 'B')),
  note text,
  PRIMARY KEY (assessment_id, position)
);

-- seq keeps the order rows were charted in, as SQLite's rowid does.
CREATE TABLE assessment_outcome (
  assessment_id integer NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  measure text NOT NULL,
  score double precision NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (assessment_id, measure)
);

CREATE TABLE visit (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id integer NOT NULL REFERENCES care_case (id),
  provider_id integer NOT NULL REFERENCES provider (id),
  started_at text NOT NULL,
  face_minutes integer CHECK (face_minutes BETWEEN 1 AND 240),
  subjective text,
  objective text,
  assessment_text text,
  plan text,
  pain_before integer CHECK (pain_before BETWEEN 0 AND 10),
  pain_after integer CHECK (pain_after BETWEEN 0 AND 10),
  home_care text,
  next_visit_plan text,
  signed_at text,
  signed_by integer REFERENCES provider (id),
  created_at text NOT NULL,
  updated_at text NOT NULL,
  CHECK ((signed_at IS NULL) = (signed_by IS NULL))
);
CREATE INDEX visit_by_case ON visit (case_id, started_at);
CREATE INDEX visit_by_start ON visit (started_at);

CREATE TABLE visit_acupoint (
  visit_id integer NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  position integer NOT NULL,
  point_code text NOT NULL,
  side text NOT NULL CHECK (side IN ('L', 'R', 'B', 'M')),
  gauge_mm double precision,
  length_mm integer,
  depth text,
  technique text,
  retention_minutes integer,
  PRIMARY KEY (visit_id, position)
);

CREATE TABLE visit_trigger_point (
  visit_id integer NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  position integer NOT NULL,
  muscle_id text NOT NULL,
  side text NOT NULL CHECK (side IN ('L', 'R', 'B')),
  location text,
  twitch integer NOT NULL DEFAULT 0 CHECK (twitch IN (0, 1)),
  passes integer,
  PRIMARY KEY (visit_id, position)
);

CREATE TABLE visit_lead_pair (
  visit_id integer NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  position integer NOT NULL,
  from_kind text NOT NULL CHECK (from_kind IN ('acupoint', 'muscle')),
  from_ref text NOT NULL,
  from_side text NOT NULL CHECK (from_side IN ('L', 'R', 'M')),
  to_kind text NOT NULL CHECK (to_kind IN ('acupoint', 'muscle')),
  to_ref text NOT NULL,
  to_side text NOT NULL CHECK (to_side IN ('L', 'R', 'M')),
  frequency text NOT NULL,
  waveform text NOT NULL CHECK (waveform IN ('continuous', 'dense-disperse', 'intermittent')),
  intensity_ma double precision CHECK (intensity_ma > 0 AND intensity_ma <= 20),
  minutes integer CHECK (minutes BETWEEN 1 AND 60),
  PRIMARY KEY (visit_id, position)
);

CREATE TABLE visit_adjunct (
  visit_id integer NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('cupping', 'gua_sha', 'moxibustion', 'heat', 'manual_therapy')),
  minutes integer,
  note text,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (visit_id, kind)
);

CREATE TABLE visit_adverse_event (
  visit_id integer NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL,
  note text,
  PRIMARY KEY (visit_id, position)
);

CREATE TABLE addendum (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  record_kind text NOT NULL CHECK (record_kind IN ('visit', 'assessment')),
  record_id integer NOT NULL,
  author_id integer NOT NULL REFERENCES provider (id),
  written_at text NOT NULL,
  text text NOT NULL CHECK (length(text) > 0)
);
CREATE INDEX addendum_by_record ON addendum (record_kind, record_id);

CREATE TRIGGER addendum_no_update BEFORE UPDATE ON addendum FOR EACH ROW EXECUTE FUNCTION needlebook_refuse('addenda never change');
CREATE TRIGGER addendum_no_delete BEFORE DELETE ON addendum FOR EACH ROW EXECUTE FUNCTION needlebook_refuse('addenda are never deleted');
CREATE TRIGGER addendum_never_truncated BEFORE TRUNCATE ON addendum FOR EACH STATEMENT EXECUTE FUNCTION needlebook_refuse('addenda are never deleted');

${pgFrozenWhenSigned('visit')}
${pgFrozenWhenSigned('assessment')}
${pgFrozenWithParent('visit_acupoint', 'visit', 'visit_id')}
${pgFrozenWithParent('visit_trigger_point', 'visit', 'visit_id')}
${pgFrozenWithParent('visit_lead_pair', 'visit', 'visit_id')}
${pgFrozenWithParent('visit_adjunct', 'visit', 'visit_id')}
${pgFrozenWithParent('visit_adverse_event', 'visit', 'visit_id')}
${pgFrozenWithParent('assessment_ortho_test', 'assessment', 'assessment_id')}
${pgFrozenWithParent('assessment_trigger_point', 'assessment', 'assessment_id')}
${pgFrozenWithParent('assessment_outcome', 'assessment', 'assessment_id')}

-- id = record id * 4 + 0 (visit), + 1 (assessment), + 2 (addendum), as on SQLite.
CREATE TABLE note_search (
  id bigint PRIMARY KEY,
  body text NOT NULL,
  record_kind text NOT NULL,
  record_id integer NOT NULL,
  source text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED
);
CREATE INDEX note_search_tsv ON note_search USING gin (tsv);

${pgSearchTrigger('visit', 0, VISIT_TEXT)}
${pgSearchTrigger('assessment', 1, ASSESSMENT_TEXT)}

CREATE FUNCTION needlebook_addendum_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO note_search (id, body, record_kind, record_id, source) VALUES (NEW.id * 4 + 2, NEW.text, NEW.record_kind, NEW.record_id, 'addendum');
  RETURN NULL;
END $$;
CREATE TRIGGER addendum_search AFTER INSERT ON addendum FOR EACH ROW EXECUTE FUNCTION needlebook_addendum_search();
`;
