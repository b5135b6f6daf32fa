/**
 * Version 1: the clinic, its providers, patients with their races, and the append-only audit log.
 * STRICT tables so a wrong type is refused by SQLite itself, not just by our schemas.
 */
export default `
CREATE TABLE clinic (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL CHECK (length(name) > 0),
  address_line1 TEXT,
  address_line2 TEXT,
  city TEXT,
  state TEXT,
  postal_code TEXT,
  phone TEXT,
  email TEXT,
  tax_id TEXT,
  place_of_service TEXT NOT NULL DEFAULT '11',
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE provider (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) > 0),
  credentials TEXT NOT NULL,
  npi TEXT NOT NULL UNIQUE CHECK (length(npi) = 10),
  license_number TEXT,
  license_state TEXT,
  taxonomy_code TEXT NOT NULL,
  signature_name TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE patient (
  id INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  date_of_birth TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'intersex', 'unknown')),
  phone TEXT,
  email TEXT,
  address_line1 TEXT,
  address_line2 TEXT,
  city TEXT,
  state TEXT,
  postal_code TEXT,
  insurance_payer TEXT,
  insurance_member_id TEXT,
  insurance_group TEXT,
  primary_sport TEXT,
  weekly_volume REAL,
  volume_unit TEXT NOT NULL DEFAULT 'km' CHECK (volume_unit IN ('km', 'mi')),
  long_run REAL,
  training_phase TEXT CHECK (training_phase IN ('base', 'peak', 'taper', 'recovery', 'off-season')),
  archived_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- The list sorts by this; generated so it can never disagree with the names.
  sort_name TEXT GENERATED ALWAYS AS (lower(last_name) || char(9) || lower(first_name)) VIRTUAL
) STRICT;

CREATE INDEX patient_by_name ON patient (sort_name, id);
CREATE INDEX patient_by_birth ON patient (date_of_birth, id);
CREATE INDEX patient_by_update ON patient (updated_at, id);

CREATE TABLE race (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  name TEXT NOT NULL,
  race_date TEXT NOT NULL,
  distance TEXT NOT NULL
) STRICT;
CREATE INDEX race_by_patient ON race (patient_id, race_date);

-- Patients are archived, never deleted.
CREATE TRIGGER patient_never_deleted BEFORE DELETE ON patient
BEGIN
  SELECT RAISE(ABORT, 'patients are archived, never deleted');
END;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  detail TEXT
) STRICT;
CREATE INDEX audit_by_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
`;
