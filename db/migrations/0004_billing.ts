/**
 * Version 4: fee schedule, billing lines and payments. Billing is not part of the signed clinical
 * record, so these tables have no signature triggers; every change to them is audited instead.
 * `visit.reinserted` is clinical (needles re-inserted), charted before signing: it decides whether
 * additional 15-minute acupuncture units are billable.
 */
const FEES: [string, string, number][] = [
  ['97810', 'Acupuncture, without electrical stimulation; initial 15 minutes', 8500],
  ['97811', 'Acupuncture, without electrical stimulation; each additional 15 minutes, with re-insertion', 4500],
  ['97813', 'Acupuncture, with electrical stimulation; initial 15 minutes', 9500],
  ['97814', 'Acupuncture, with electrical stimulation; each additional 15 minutes, with re-insertion', 5000],
  ['20560', 'Needle insertion(s) without injection(s); 1 or 2 muscle(s)', 6000],
  ['20561', 'Needle insertion(s) without injection(s); 3 or more muscles', 8000],
  ['99202', 'Office visit, new patient, straightforward', 9000],
  ['99203', 'Office visit, new patient, low complexity', 13000],
  ['99204', 'Office visit, new patient, moderate complexity', 19000],
  ['99205', 'Office visit, new patient, high complexity', 24000],
  ['99212', 'Office visit, established patient, straightforward', 7000],
  ['99213', 'Office visit, established patient, low complexity', 10000],
  ['99214', 'Office visit, established patient, moderate complexity', 14500],
  ['99215', 'Office visit, established patient, high complexity', 19500],
  ['97140', 'Manual therapy techniques, each 15 minutes', 5500],
  ['97112', 'Neuromuscular re-education, each 15 minutes', 5500],
];

export default `
ALTER TABLE visit ADD COLUMN reinserted INTEGER NOT NULL DEFAULT 0 CHECK (reinserted IN (0, 1));

CREATE TABLE fee_schedule (
  code TEXT PRIMARY KEY CHECK (code GLOB '[0-9A-Z][0-9][0-9][0-9][0-9A-Z]'),
  description TEXT NOT NULL,
  fee_cents INTEGER NOT NULL CHECK (fee_cents >= 0),
  updated_at TEXT
) STRICT;
INSERT INTO fee_schedule (code, description, fee_cents) VALUES
${FEES.map(([code, description, cents]) => `  ('${code}', '${description.replace(/'/g, "''")}', ${cents})`).join(',\n')};

CREATE TABLE billing_line (
  id INTEGER PRIMARY KEY,
  visit_id INTEGER NOT NULL REFERENCES visit (id),
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  units INTEGER NOT NULL CHECK (units BETWEEN 1 AND 12),
  modifiers TEXT NOT NULL DEFAULT '',
  pointers TEXT NOT NULL DEFAULT '',
  fee_cents INTEGER NOT NULL CHECK (fee_cents >= 0),
  UNIQUE (visit_id, position)
) STRICT;

CREATE TABLE payment (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  visit_id INTEGER REFERENCES visit (id),
  paid_on TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  method TEXT NOT NULL CHECK (method IN ('card', 'cash', 'check', 'hsa_fsa', 'bank_transfer', 'other')),
  reference TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX payment_by_patient ON payment (patient_id, paid_on);
CREATE INDEX payment_by_visit ON payment (visit_id);
`;
