/**
 * Version 2: episodes of care, assessments, visits with their treatment rows, addenda, and
 * full-text search over notes. A signed visit or assessment — and every row under it — is
 * frozen by triggers, so no code path (ours or a stray SQL tool) can change a signed note.
 */

/** Freezes a child table once its parent record is signed: no insert, update or delete. */
function frozenWithParent(child: string, parent: string, fk: string): string {
  const signed = (row: 'NEW' | 'OLD') => `(SELECT signed_at FROM ${parent} WHERE id = ${row}.${fk}) IS NOT NULL`;
  const refuse = `SELECT RAISE(ABORT, 'signed ${parent}: its treatment rows cannot change; write an addendum');`;
  return `
CREATE TRIGGER ${child}_frozen_insert BEFORE INSERT ON ${child} WHEN ${signed('NEW')} BEGIN ${refuse} END;
CREATE TRIGGER ${child}_frozen_update BEFORE UPDATE ON ${child} WHEN ${signed('OLD')} OR ${signed('NEW')} BEGIN ${refuse} END;
CREATE TRIGGER ${child}_frozen_delete BEFORE DELETE ON ${child} WHEN ${signed('OLD')} BEGIN ${refuse} END;`;
}

function frozenWhenSigned(table: string): string {
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
