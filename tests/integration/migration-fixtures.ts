import { expect } from 'vitest';
import type { Db } from '../../db/engine/types';
import { LATEST_VERSION } from '../../db/migrations';
import { searchNotes } from '../../db/queries/note-search';
import { unsignedNotes } from '../../db/queries/unsigned-notes';
import { readKeptRow, reviewCases } from '../../db/queries/review-rows';
import { fillNameParts } from '../../db/queries/patients';
import { keepUnsaved } from '../../db/queries/unsaved-drafts';
import { LEDGER_KINDS, LEDGER_SHAPES, verifyLedger } from '../../db/queries/ledger';
import { patientRecord } from '../../db/queries/patient-record';
import { loadPdfFonts } from '../../db/pdf-fonts';
import { chartCopyPdf, signedAtText } from '../../shared/reports/chart-copy';
import { inspectPdf } from '../support/pdf';

/**
 * Data as each schema version stored it. When migration N+1 arrives, the fixture for N keeps
 * proving that a database written at N survives the upgrade with every row intact, on both engines.
 */
export const versionFixtures: Record<number, { seed(db: Db): Promise<void>; check(db: Db, seededAt: number): Promise<void> }> = {
  1: {
    async seed(db) {
      await db.exec(`
        INSERT INTO clinic (id, name, tax_id, place_of_service, updated_at) VALUES (1, 'Stride Acupuncture', '12-3456789', '11', '2026-01-01T00:00:00Z');
        INSERT INTO provider (name, credentials, npi, taxonomy_code, created_at, updated_at)
          VALUES ('Mara Quinn', 'L.Ac.', '1234567893', '171100000X', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
        INSERT INTO patient (first_name, last_name, date_of_birth, sex, created_at, updated_at)
          VALUES ('Ana', 'Reyes', '1990-04-02', 'female', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
        INSERT INTO race (patient_id, name, race_date, distance) VALUES (1, 'Portland Marathon', '2026-10-04', 'Marathon');
        INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES ('2026-01-01T00:00:00Z', 'test', 'create', 'patient', 1);
      `);
    },
    async check(db) {
      expect(await db.get('SELECT name, tax_id AS "taxId" FROM clinic')).toEqual({ name: 'Stride Acupuncture', taxId: '12-3456789' });
      expect(await db.all('SELECT npi FROM provider')).toEqual([{ npi: '1234567893' }]);
      expect(await db.get('SELECT sort_name AS s FROM patient')).toEqual({ s: 'reyes\tana' });
      expect(await db.get('SELECT count(*) AS n FROM race')).toEqual({ n: 1 });
      // Besides the upgrade's own seal of records signed before the ledger (fixture 13).
      expect(await db.get("SELECT count(*) AS n FROM audit_log WHERE action <> 'seal'")).toEqual({ n: 1 });
    },
  },
  2: {
    async seed(db) {
      await versionFixtures[1]!.seed(db);
      await db.exec(`
        INSERT INTO care_case (patient_id, condition_id, condition_text, side, onset_date, start_date, created_at, updated_at)
          VALUES (1, 'it-band-syndrome', 'IT band syndrome', 'right', '2026-02-16', '2026-03-02', '2026-03-02T15:00:00Z', '2026-03-02T15:00:00Z');
        INSERT INTO case_diagnosis (case_id, position, code, description) VALUES (1, 0, 'M76.31', 'Iliotibial band syndrome, right leg');
        INSERT INTO assessment (case_id, provider_id, kind, assessed_on, pain_current, created_at, updated_at)
          VALUES (1, 1, 'initial', '2026-03-02', 6, '2026-03-02T15:00:00Z', '2026-03-02T15:00:00Z');
        INSERT INTO assessment_outcome (assessment_id, measure, score) VALUES (1, 'lefs', 52);
        UPDATE assessment SET signed_at = '2026-03-02T15:30:00Z', signed_by = 1 WHERE id = 1;
        INSERT INTO visit (case_id, provider_id, started_at, face_minutes, subjective, pain_before, pain_after, created_at, updated_at)
          VALUES (1, 1, '2026-03-02T10:00', 30, 'Lateral knee pain, taut band in TFL', 6, 3, '2026-03-02T15:00:00Z', '2026-03-02T15:00:00Z');
        INSERT INTO visit_acupoint (visit_id, position, point_code, side) VALUES (1, 0, 'GB34', 'R');
        INSERT INTO visit_trigger_point (visit_id, position, muscle_id, side, twitch) VALUES (1, 0, 'tensor-fasciae-latae', 'R', 1);
        INSERT INTO visit_lead_pair (visit_id, position, from_kind, from_ref, from_side, to_kind, to_ref, to_side, frequency, waveform, intensity_ma, minutes)
          VALUES (1, 0, 'acupoint', 'GB34', 'R', 'muscle', 'tensor-fasciae-latae', 'R', '2', 'continuous', 2.5, 20);
        UPDATE visit SET signed_at = '2026-03-02T16:00:00Z', signed_by = 1 WHERE id = 1;
        INSERT INTO addendum (record_kind, record_id, author_id, written_at, text) VALUES ('visit', 1, 1, '2026-03-03T09:00:00Z', 'Mild bruising at GB34 reported');
      `);
    },
    async check(db, seededAt) {
      await versionFixtures[1]!.check(db, seededAt);
      expect(await db.get('SELECT signed_at AS s, subjective FROM visit WHERE id = 1')).toEqual({
        s: '2026-03-02T16:00:00Z',
        subjective: 'Lateral knee pain, taut band in TFL',
      });
      expect(await db.get('SELECT count(*) AS n FROM visit_lead_pair')).toEqual({ n: 1 });
      expect(await db.get('SELECT score FROM assessment_outcome')).toEqual({ score: 52 });
      const hits = await searchNotes({ db, now: () => new Date('2026-03-04T00:00:00Z'), actor: 'test' }, 'bruising', 10);
      expect(hits.map((h) => [h.recordKind, h.recordId, h.source])).toEqual([['visit', 1, 'addendum']]);
      await expect(db.run("UPDATE visit SET subjective = 'x'")).rejects.toThrow(/signed visit/);
      // From version 28 on: the screen at signing. Notes signed before it have none, and none can be put in after.
      expect(await db.get('SELECT safety_screen_at_signing AS s FROM visit WHERE id = 1')).toEqual({ s: null });
      expect(await db.get('SELECT safety_screen_at_signing AS s FROM assessment WHERE id = 1')).toEqual({ s: null });
      await expect(db.run('UPDATE visit SET safety_screen_at_signing = ? WHERE id = 1', ['{"screen":null}'])).rejects.toThrow(/signed visit/);
      await expect(db.run('UPDATE assessment SET safety_screen_at_signing = ? WHERE id = 1', ['{"screen":null}'])).rejects.toThrow(/signed assessment/);
      const record = await patientRecord({ db, now: () => new Date(), actor: 'test' }, 1);
      expect(record.cases[0]!.visits[0]!.visit.screenAtSigning).toBeNull();
      expect(record.cases[0]!.assessments[0]!.screenAtSigning).toBeNull();
      // The day the file began keeping it: the upgrade that crossed version 28 (none for a file made at 28 or later).
      const crossed = await db.get<{ at: string }>('SELECT applied_at AS at FROM schema_history WHERE version = ?', [LATEST_VERSION]);
      expect(record.screenKeptSince).toBe(seededAt < 28 ? crossed!.at : null);
    },
  },
  3: {
    async seed(db) {
      await versionFixtures[2]!.seed(db);
      await db.exec(`INSERT INTO clinic_mcid (measure, value, updated_at) VALUES ('lefs', 12, '2026-04-01T00:00:00Z');`);
    },
    async check(db, seededAt) {
      await versionFixtures[2]!.check(db, seededAt);
      expect(await db.all('SELECT measure, value FROM clinic_mcid')).toEqual([{ measure: 'lefs', value: 12 }]);
    },
  },
  4: {
    async seed(db) {
      await versionFixtures[3]!.seed(db);
      await db.exec(`
        UPDATE fee_schedule SET fee_cents = 9900 WHERE code = '97813';
        INSERT INTO billing_line (visit_id, position, code, units, modifiers, pointers, fee_cents) VALUES (1, 0, '97813', 1, '', 'A', 9900);
        INSERT INTO payment (patient_id, visit_id, paid_on, amount_cents, method, created_at) VALUES (1, 1, '2026-03-02', 9900, 'card', '2026-03-02T16:00:00Z');
      `);
    },
    async check(db, seededAt) {
      await versionFixtures[3]!.check(db, seededAt);
      expect(await db.get("SELECT fee_cents AS f FROM fee_schedule WHERE code = '97813'")).toEqual({ f: 9900 });
      expect(await db.all('SELECT code, pointers, fee_cents AS fee FROM billing_line')).toEqual([{ code: '97813', pointers: 'A', fee: 9900 }]);
      expect(await db.get('SELECT amount_cents AS a FROM payment')).toEqual({ a: 9900 });
      // From version 5 on, the line keeps the code its pointer named when it was billed.
      expect(await db.all('SELECT billing_line_id AS line, position, code FROM billing_line_diagnosis')).toEqual([{ line: 1, position: 0, code: 'M76.31' }]);
    },
  },
  5: {
    async seed(db) {
      await versionFixtures[4]!.seed(db);
      await db.exec(
        `INSERT INTO billing_line_diagnosis (billing_line_id, position, code, description) VALUES (1, 0, 'M76.31', 'Iliotibial band syndrome, right leg');`,
      );
    },
    async check(db, seededAt) {
      await versionFixtures[4]!.check(db, seededAt);
      // From version 6 on, rows charted before insertion rounds sit in round 0.
      expect(await db.all('SELECT point_code AS code, insertion_round AS round FROM visit_acupoint WHERE visit_id = 1')).toEqual([{ code: 'GB34', round: 0 }]);
    },
  },
  6: {
    async seed(db) {
      await versionFixtures[5]!.seed(db);
      await db.exec(`
        INSERT INTO visit (case_id, provider_id, started_at, face_minutes, created_at, updated_at)
          VALUES (1, 1, '2026-03-09T10:00', 35, '2026-03-09T15:00:00Z', '2026-03-09T15:00:00Z');
        INSERT INTO visit_round (visit_id, position, label, minutes) VALUES (2, 0, 'Supine', 15), (2, 1, 'Prone', 15);
        INSERT INTO visit_acupoint (visit_id, position, point_code, side, insertion_round) VALUES (2, 0, 'GB34', 'R', 0), (2, 1, 'BL40', 'R', 1);
      `);
    },
    async check(db, seededAt) {
      await versionFixtures[5]!.check(db, seededAt);
      expect(await db.all('SELECT label, minutes FROM visit_round WHERE visit_id = 2 ORDER BY position')).toEqual([
        { label: 'Supine', minutes: 15 },
        { label: 'Prone', minutes: 15 },
      ]);
      expect(await db.all('SELECT point_code AS code, insertion_round AS round FROM visit_acupoint WHERE visit_id = 2 ORDER BY position')).toEqual([
        { code: 'GB34', round: 0 },
        { code: 'BL40', round: 1 },
      ]);
      // A signed visit's rounds are frozen like every other treatment row.
      await expect(db.run("INSERT INTO visit_round (visit_id, position, label, minutes) VALUES (1, 1, 'Prone', 10)")).rejects.toThrow(/signed visit/);
      // From version 7 on, patients and cases have the claim fields, empty for earlier records.
      expect(
        await db.get('SELECT count(*) AS n FROM patient p JOIN care_case c ON c.patient_id = p.id WHERE p.insured_name IS NULL OR c.referring_npi IS NOT NULL'),
      ).toEqual({ n: 1 });
    },
  },
  7: {
    async seed(db) {
      await versionFixtures[6]!.seed(db);
      await db.exec(`
        UPDATE patient SET insured_relationship = 'spouse', insured_name = 'Jordan Reyes', insured_date_of_birth = '1988-11-05' WHERE id = 1;
        UPDATE care_case SET referring_name = 'Dr. Lena Park, MD', referring_npi = '1245319599', prior_authorization = 'PA-778812' WHERE id = 1;
      `);
    },
    async check(db, seededAt) {
      await versionFixtures[6]!.check(db, seededAt);
      expect(await db.get('SELECT insured_name AS n, insured_date_of_birth AS d FROM patient WHERE id = 1')).toEqual({ n: 'Jordan Reyes', d: '1988-11-05' });
      expect(await db.get('SELECT referring_npi AS npi, prior_authorization AS pa FROM care_case WHERE id = 1')).toEqual({
        npi: '1245319599',
        pa: 'PA-778812',
      });
    },
  },
  8: {
    async seed(db) {
      await versionFixtures[7]!.seed(db);
      await db.exec(`UPDATE visit SET encounter = 'D' WHERE id = 2; UPDATE clinic SET npi = '2345678900' WHERE id = 1;`);
    },
    async check(db, seededAt) {
      await versionFixtures[7]!.check(db, seededAt);
      expect(await db.get('SELECT encounter FROM visit WHERE id = 2')).toEqual({ encounter: 'D' });
      expect(await db.get('SELECT npi FROM clinic')).toEqual({ npi: '2345678900' });
    },
  },
  9: {
    async seed(db) {
      await versionFixtures[8]!.seed(db);
      await db.exec(`INSERT INTO provider_license (provider_id, position, kind, number, state) VALUES (1, 0, 'L.Ac.', 'AC-60001', 'WA');`);
    },
    async check(db, seededAt) {
      await versionFixtures[8]!.check(db, seededAt);
      expect(await db.all('SELECT kind, number, state FROM provider_license')).toEqual([{ kind: 'L.Ac.', number: 'AC-60001', state: 'WA' }]);
    },
  },
  10: {
    async seed(db) {
      await versionFixtures[9]!.seed(db);
      await db.exec(`UPDATE visit SET evaluation_minutes = 10 WHERE id = 2;`);
    },
    async check(db, seededAt) {
      await versionFixtures[9]!.check(db, seededAt);
      expect(await db.get('SELECT evaluation_minutes AS m FROM visit WHERE id = 2')).toEqual({ m: 10 });
    },
  },
  11: {
    async seed(db) {
      await versionFixtures[10]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[10]!.check(db, seededAt);
      // From version 11 on, a row that would replace a signed visit is refused.
      if (db.dialect.kind === 'sqlite') {
        await expect(
          db.run("INSERT OR REPLACE INTO visit (id, case_id, provider_id, started_at, created_at, updated_at) VALUES (1, 1, 1, '2026-03-02T10:00', 'x', 'x')"),
        ).rejects.toThrow(/signed visit/);
      }
    },
  },
  12: {
    async seed(db) {
      await versionFixtures[11]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[11]!.check(db, seededAt);
      // From version 12 on, a signed record keeps its signer as signed (records signed before take the row then).
      if (seededAt >= 12) return;
      expect(await db.get('SELECT signer_name AS name, signer_credentials AS cred, signer_npi AS npi FROM visit WHERE id = 1')).toEqual({
        name: 'Mara Quinn',
        cred: 'L.Ac.',
        npi: '1234567893',
      });
      expect(await db.get('SELECT signer_name AS name FROM assessment WHERE id = 1')).toEqual({ name: 'Mara Quinn' });
      expect(await db.get('SELECT signer_name AS name FROM visit WHERE id = 2')).toEqual({ name: null });
      await expect(db.run("UPDATE visit SET signer_name = 'Someone else' WHERE id = 1")).rejects.toThrow(/signed visit/);
    },
  },
  13: {
    async seed(db) {
      await versionFixtures[12]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[12]!.check(db, seededAt);
      if (seededAt < 13) {
        // Records signed before the ledger were sealed by the upgrade that added it, once, and verify.
        expect(await db.all("SELECT actor, detail FROM audit_log WHERE action = 'seal'")).toEqual([
          { actor: 'upgrade', detail: `${seededAt >= 10 ? 5 : 3} records signed before the ledger` },
        ]);
        expect((await verifyLedger(db)).problems).toEqual([]);
      }
      // From version 13 on, the ledger and case reopenings are append-only.
      await db.run(
        "INSERT INTO signed_ledger (seq, record_kind, record_id, content_hash, chain_hash, recorded_at) VALUES ((SELECT max(seq) + 1 FROM signed_ledger), 'visit', 999, ?, ?, 'x')",
        ['a'.repeat(64), 'b'.repeat(64)],
      );
      await expect(db.run('UPDATE signed_ledger SET content_hash = ? WHERE seq = 1', ['c'.repeat(64)])).rejects.toThrow(/append-only/);
      await expect(db.run('DELETE FROM signed_ledger')).rejects.toThrow(/append-only/);
      await db.run(
        "INSERT INTO case_reopening (case_id, discharged_on, discharge_reason, reopened_at, reason) VALUES (1, '2026-04-01', 'goals met', 'x', 'flare-up')",
      );
      await expect(db.run("UPDATE case_reopening SET reason = 'other'")).rejects.toThrow(/history/);
    },
  },
  14: {
    async seed(db) {
      await versionFixtures[13]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[13]!.check(db, seededAt);
      // From version 14 on, unsaved typing is kept in the data file, one row per form.
      await db.run("INSERT INTO unsaved_draft (draft_key, payload, provider_id, kept_at) VALUES ('visit:1', '{}', 1, 'x')");
      await expect(db.run("INSERT INTO unsaved_draft (draft_key, payload, kept_at) VALUES ('visit:1', '{}', 'x')")).rejects.toThrow(/UNIQUE|duplicate/);
      await expect(db.run("INSERT INTO app_setting (name, value) VALUES ('colour', 'red')")).rejects.toThrow(/CHECK|check/);
    },
  },
  15: {
    async seed(db) {
      await versionFixtures[14]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[14]!.check(db, seededAt);
      // From version 15 on: a safety screen per patient, consents by kind, and a signed visit's safety record.
      await db.run("INSERT INTO patient_safety (patient_id, pregnant, due_date, implanted_device, reviewed_on) VALUES (1, 1, '2026-09-01', 1, '2026-03-01')");
      await expect(
        db.run("INSERT INTO patient_safety (patient_id, pregnant, due_date, reviewed_on) VALUES (1, 0, '2026-09-01', '2026-03-01')"),
      ).rejects.toThrow();
      await db.run("INSERT INTO consent (patient_id, kind, signed_on, form_version, recorded_at) VALUES (1, 'dry_needling', '2026-03-01', 'DN-2', 'x')");
      await expect(
        db.run("INSERT INTO consent (patient_id, kind, signed_on, form_version, recorded_at) VALUES (1, 'massage', '2026-03-01', 'v1', 'x')"),
      ).rejects.toThrow(/CHECK|check/);
      // Signed visits keep their new columns as they were signed.
      await expect(db.run("UPDATE visit SET safety_override = 'later' WHERE id = 1")).rejects.toThrow(/signed visit/);
    },
  },
  16: {
    async seed(db) {
      await versionFixtures[15]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[15]!.check(db, seededAt);
      // From version 16 on: TCM findings as JSON on the record's row, off for a clinic until turned on.
      expect(await db.get('SELECT tcm_findings AS on_ FROM clinic')).toEqual({ on_: 0 });
      await expect(db.run('UPDATE visit SET tcm = ? WHERE id = 1', [JSON.stringify({ tongueBody: 'red' })])).rejects.toThrow(/signed visit/);
      await expect(db.run("UPDATE visit SET tcm = 'not json' WHERE id = 2")).rejects.toThrow();
      await db.run('UPDATE visit SET tcm = ? WHERE id = 2', [JSON.stringify({ tongueBody: 'pale' })]);
    },
  },
  17: {
    async seed(db) {
      await versionFixtures[16]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[16]!.check(db, seededAt);
      // From version 17 on: each provider's protocols and phrases, one name or trigger each.
      await db.run("INSERT INTO phrase (provider_id, trigger_text, body) VALUES (1, ';pf', 'Plantar fascia tender.')");
      await expect(db.run("INSERT INTO phrase (provider_id, trigger_text, body) VALUES (1, ';pf', 'Again')")).rejects.toThrow(/UNIQUE|duplicate/);
      await db.run("INSERT INTO protocol (provider_id, name, treatment, created_at) VALUES (1, 'ITBS', '{}', 'x')");
    },
  },
  18: {
    async seed(db) {
      await versionFixtures[17]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[17]!.check(db, seededAt);
      // From version 18 on: PSFS activities as JSON on the assessment's own row, sealed with it once signed.
      await expect(db.run('UPDATE assessment SET psfs_activities = ? WHERE id = 1', [JSON.stringify([{ activity: 'Running', score: 4 }])])).rejects.toThrow(
        /signed assessment/,
      );
      expect(await db.get('SELECT psfs_activities AS a FROM assessment WHERE id = 1')).toEqual({ a: null });
    },
  },
  19: {
    async seed(db) {
      await versionFixtures[18]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[18]!.check(db, seededAt);
      // From version 19 on, the drafts are indexed apart: the fixture's draft visit is found through it.
      expect(await db.all('SELECT id FROM visit WHERE signed_at IS NULL ORDER BY started_at, id')).toEqual([{ id: 2 }]);
    },
  },
  20: {
    async seed(db) {
      await versionFixtures[19]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[19]!.check(db, seededAt);
      // From version 20 on: the names' words, folded in JavaScript, are filled when the app opens the database (db/host.ts).
      expect(await db.all('SELECT part FROM patient_name_part')).toEqual([]);
      await fillNameParts({ db, now: () => new Date(), actor: 'test' });
      expect(await db.all('SELECT part FROM patient_name_part WHERE patient_id = 1 ORDER BY part')).toEqual([{ part: 'ana' }, { part: 'reyes' }]);
      // Review rows start empty (the first dashboard call fills them; fixture 34 takes away the row it keeps); writes mark their cases stale.
      expect(await db.all('SELECT case_id FROM review_row')).toEqual([]);
      await db.run("UPDATE race SET name = 'Portland Marathon 2026' WHERE patient_id = 1");
      expect(await db.all('SELECT case_id AS id FROM review_stale')).toEqual([{ id: 1 }]);
      await db.run("UPDATE visit SET subjective = 'Draft edit' WHERE id = 2");
      expect(await db.all('SELECT case_id AS id FROM review_stale')).toEqual([{ id: 1 }]);
    },
  },
  21: {
    async seed(db) {
      await versionFixtures[20]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[20]!.check(db, seededAt);
      // From version 21 on: the clinic's people (empty in a solo file), and draft versions that start empty,
      // so a record signed before keeps its hash.
      expect(await db.all('SELECT login FROM clinic_person')).toEqual([]);
      expect(await db.all('SELECT id, version FROM visit ORDER BY id')).toEqual([
        { id: 1, version: null },
        { id: 2, version: null },
      ]);
      await db.run("INSERT INTO clinic_person (login, name, role, provider_id, created_at) VALUES ('ana', 'Ana', 'practitioner', 1, 'x')");
      await expect(db.run("INSERT INTO clinic_person (login, name, role, created_at) VALUES ('desk', 'Desk', 'practitioner', 'x')")).rejects.toThrow(
        /CHECK|check/,
      );
      await expect(db.run('UPDATE visit SET version = 2 WHERE id = 1')).rejects.toThrow(/signed visit/);
      await db.run("UPDATE visit SET version = 1, updated_by = 'Ana' WHERE id = 2");
    },
  },
  22: {
    async seed(db) {
      await versionFixtures[21]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[21]!.check(db, seededAt);
      // From version 22 on: the patients not archived are counted from their own index, which
      // archiving keeps up to date.
      const active = async () => (await db.get<{ n: number | string }>('SELECT count(*) AS n FROM patient WHERE archived_at IS NULL'))!.n;
      expect(Number(await active())).toBe(1);
      await db.run("UPDATE patient SET archived_at = '2026-12-01T00:00:00Z' WHERE id = 1");
      expect(Number(await active())).toBe(0);
    },
  },
  23: {
    async seed(db) {
      await versionFixtures[22]!.seed(db);
      await db.run("INSERT INTO unsaved_draft (draft_key, payload, provider_id, kept_at) VALUES ('visit.2', '{\"subjective\":\"kept at 23\"}', 1, 'x')");
    },
    async check(db, seededAt) {
      await versionFixtures[22]!.check(db, seededAt);
      // From version 23 on: a patient's edit marks their cases stale only when it changes what Review shows.
      const stale = async () => await db.all('SELECT case_id AS id FROM review_stale');
      await db.run('DELETE FROM review_stale');
      await db.run("UPDATE patient SET phone = '555-0100', weekly_volume = 42 WHERE id = 1");
      expect(await stale()).toEqual([]);
      await db.run("UPDATE patient SET training_phase = 'taper' WHERE id = 1");
      expect(await stale()).toEqual([{ id: 1 }]);
      await db.run('DELETE FROM review_stale');
      await db.run("UPDATE patient SET first_name = 'Anna' WHERE id = 1");
      expect(await stale()).toEqual([{ id: 1 }]);
      // From version 24 on: safety copies carry their order. One kept before has order 0, so any new copy replaces it,
      // and an older one arriving late does not.
      const copy = async () =>
        await db.get<{ payload: string; seq: number | string }>('SELECT payload, kept_seq AS seq FROM unsaved_draft WHERE draft_key = ?', ['visit.2']);
      expect(await copy()).toEqual({ payload: '{"subjective":"kept at 23"}', seq: expect.anything() });
      expect(Number((await copy())!.seq)).toBe(0);
      const ctx = { db, now: () => new Date(), actor: 'test' };
      await keepUnsaved(ctx, 'visit.2', '{"subjective":"kept at 24"}', 1_800_000_000_000_000);
      await keepUnsaved(ctx, 'visit.2', '{"subjective":"older"}', 5);
      expect((await copy())!.payload).toBe('{"subjective":"kept at 24"}');
      expect(Number((await copy())!.seq)).toBe(1_800_000_000_000_000);
    },
  },
  24: {
    async seed(db) {
      await versionFixtures[23]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[23]!.check(db, seededAt);
      // From version 25 on: consents are records, and the provider list says who keeps a passcode without the hash.
      const consent = await db.get<{ id: number }>('SELECT id FROM consent ORDER BY id LIMIT 1');
      if (consent) {
        await expect(db.run("UPDATE consent SET form_version = 'v9' WHERE id = ?", [consent.id])).rejects.toThrow(/a consent is a record/);
        await expect(db.run('DELETE FROM consent WHERE id = ?', [consent.id])).rejects.toThrow(/a consent is a record/);
      }
      const kept = await db.all<{ has: number; hash: string | null }>('SELECT has_passcode AS has, passcode_hash AS hash FROM provider');
      expect(kept.every((p) => Number(p.has) === (p.hash === null ? 0 : 1))).toBe(true);
      expect(await db.all('SELECT * FROM passcode_attempt')).toEqual([]);
    },
  },
  25: {
    async seed(db) {
      await versionFixtures[24]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[24]!.check(db, seededAt);
    },
  },
  26: {
    async seed(db) {
      await versionFixtures[25]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[25]!.check(db, seededAt);
      // From version 26 on: the migration record.
      const record = await db.all<{ version: number; from: number }>('SELECT version, from_version AS "from" FROM schema_history ORDER BY version');
      expect(record.at(-1)).toEqual({ version: LATEST_VERSION, from: seededAt });
      await expect(db.run('DELETE FROM schema_history')).rejects.toThrow(/append-only/);
      await expect(db.run('UPDATE schema_history SET version = 1')).rejects.toThrow(/append-only/);
    },
  },
  27: {
    async seed(db) {
      await versionFixtures[26]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[26]!.check(db, seededAt);
      // From version 27 on: box 7 and box 10, unanswered on cases opened before; no code-set year on lines billed before.
      expect(await db.all('SELECT employment_related AS e, auto_accident AS a, other_accident AS o FROM care_case WHERE id = 1')).toEqual([
        { e: null, a: null, o: null },
      ]);
      expect(await db.get('SELECT count(*) AS n FROM billing_line_diagnosis WHERE code_set_year IS NOT NULL')).toEqual({ n: 0 });
      await expect(db.run('UPDATE care_case SET auto_accident = 2 WHERE id = 1')).rejects.toThrow();
      await expect(db.run("UPDATE patient SET insured_state = 'Oregon' WHERE id = 1")).rejects.toThrow();
      // From version 28 on: the chart copy says a note signed before kept no screen, and since when one is kept,
      // never printing today's screen (the patient has one) as the one that stood then.
      loadPdfFonts();
      const record = await patientRecord({ db, now: () => new Date(), actor: 'test' }, 1);
      expect(record.safety.screen).not.toBeNull();
      const text = inspectPdf(chartCopyPdf({ record, generatedOn: '2026-12-06' })).text.replace(/\s+/g, ' ');
      const atVisit = text.slice(text.indexOf('Visit 1 ·'));
      if (seededAt < 28) {
        const since = signedAtText(record.screenKeptSince!).replace(/ \d{2}:\d{2}$/, '');
        expect(atVisit).toContain(`Not recorded: signed before ${since}, when this record began keeping the screen at each signing`);
      } else {
        // Seeded at 28 or later by hand, without the signing path: no day to name, and still no screen made up.
        expect(atVisit).toContain('Not recorded: signed before this record kept the screen at each signing');
      }
    },
  },
  28: {
    async seed(db) {
      await versionFixtures[27]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[27]!.check(db, seededAt);
    },
  },
  // Migration 0029: the ledger's own lock and deferred seals on PostgreSQL, the note index made
  // again with prefixes on SQLite.
  29: {
    async seed(db) {
      await versionFixtures[28]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[28]!.check(db, seededAt);
      // The notes written before are all still found, by a two-letter prefix (the new prefix index) and by whole words.
      const ctx = { db, now: () => new Date('2026-03-04T00:00:00Z'), actor: 'test' };
      const found = async (text: string, order: 'newest' | 'best') =>
        (await searchNotes(ctx, text, 10, order)).map((h) => [h.recordKind, h.recordId, h.source].join(' '));
      expect(await found('taut ba', 'best')).toContain('visit 1 note');
      expect(await found('bruising', 'newest')).toEqual(['visit 1 addendum']);
    },
  },
  // Migration 0030 (issue 38): the verified ledger head.
  30: {
    async seed(db) {
      await versionFixtures[29]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[29]!.check(db, seededAt);
      // From this version on: no head until the whole ledger is first verified (the first open then waits for it), and one row at most.
      expect(await db.all('SELECT seq FROM ledger_verified')).toEqual([]);
      await db.run("INSERT INTO ledger_verified (one, seq, chain_hash, signed, audit_id, verified_at) VALUES (1, 1, 'h', '{}', 0, 't')");
      await expect(
        db.run("INSERT INTO ledger_verified (one, seq, chain_hash, signed, audit_id, verified_at) VALUES (2, 1, 'h', '{}', 0, 't')"),
      ).rejects.toThrow();
    },
  },
  // Migration 0031 (issue 38): a note's search entry is rewritten only when its text changes.
  31: {
    async seed(db) {
      await versionFixtures[30]!.seed(db);
      // Drafts with words (fixture 6's draft visit has none): a visit with a treatment entry as the
      // service writes it, and an assessment. At version 31 their entries are in note_search.
      await seedDrafts(db, 'note_search');
    },
    async check(db, seededAt) {
      await checkDrafts(db, seededAt);
    },
  },
  // Migration 0032 (issue 38): a draft's entries in an index of their own on SQLite, moved into note_search when it is signed.
  32: {
    async seed(db) {
      await versionFixtures[30]!.seed(db);
      // The same drafts as fixture 31's, their treatment entry where version 32's service writes it.
      await seedDrafts(db, db.dialect.noteSearch.draftIndex ?? 'note_search');
    },
    async check(db, seededAt) {
      await checkDrafts(db, seededAt);
    },
  },
  // Migration 0033 (issue 38): on PostgreSQL a patient's date of birth and last update compare in byte order, as their indexes do; the drafts' indexes carry case and creation time.
  33: {
    async seed(db) {
      await versionFixtures[32]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[32]!.check(db, seededAt);
      // The values are as they were (the patient renamed Anna by fixture 23's check), and are found and ordered by them as before.
      await db.run(
        "INSERT INTO patient (first_name, last_name, date_of_birth, sex, created_at, updated_at) VALUES ('Bea', 'Ortiz', '1984-03-07', 'female', 't', '2026-02-01T00:00:00Z')",
      );
      expect(await db.all('SELECT first_name AS name, date_of_birth AS born FROM patient ORDER BY date_of_birth DESC, id DESC')).toEqual([
        { name: 'Anna', born: '1990-04-02' },
        { name: 'Bea', born: '1984-03-07' },
      ]);
      expect(await db.all("SELECT first_name AS name FROM patient WHERE date_of_birth = '1984-03-07' OR date_of_birth LIKE '1990-%' ORDER BY id")).toEqual([
        { name: 'Anna' },
        { name: 'Bea' },
      ]);
      expect(await db.all('SELECT first_name AS name FROM patient ORDER BY updated_at, id')).toEqual([{ name: 'Anna' }, { name: 'Bea' }]);
      // The drafts written before are listed and counted from the widened indexes, as the app's own statements read them
      // (their patient back on the books: fixture 22's check archived her, and an archived patient's drafts are not listed).
      await db.run('UPDATE patient SET archived_at = NULL WHERE id = 1');
      const ctx = { db, now: () => new Date('2026-03-04T00:00:00Z'), actor: 'test' };
      const drafts = await db.all<{ kind: string; id: number }>(
        "SELECT 'visit' AS kind, id FROM visit WHERE signed_at IS NULL UNION ALL SELECT 'assessment' AS kind, id FROM assessment WHERE signed_at IS NULL",
      );
      const page = await unsignedNotes(ctx, { limit: 50 });
      expect(page.total).toBe(drafts.length);
      expect(page.notes.map((n) => `${n.kind} ${n.id}`).sort()).toEqual(drafts.map((d) => `${d.kind} ${Number(d.id)}`).sort());
    },
  },
  // Migration 0034 (issue 38): each kept Review row says the first day its flags can come or go; a row kept before reads as written until the next day's pass makes it again.
  34: {
    async seed(db) {
      await versionFixtures[33]!.seed(db);
      // A row as version 33's service kept it: the overdue maintenance visit's days in its words.
      await db.run(
        `INSERT INTO review_row (case_id, patient_id, row, patient_key, condition_key, phase_key, sessions_key, reassessment_key, change_key, flags_key, race_date, due, not_improving, consent_missing)
         VALUES (1, 1, ?, 'ana reyes', 'plantar fasciitis', 3, 0, 999, -99, 1, '9999-12-31', 0, 0, 0)`,
        [
          JSON.stringify({
            caseId: 1,
            patientId: 1,
            flags: [{ kind: 'maintenance_due', title: 'Maintenance visit overdue (last 40 days ago)', rule: 'r' }],
            nextRace: null,
          }),
        ],
      );
      await db.run("INSERT INTO review_day (one, day) VALUES (1, '2026-03-03 ICD-10-CM FY2026')");
    },
    async check(db, seededAt) {
      // Kept before: due for the next pass, and read as it was written until then.
      const kept = (await db.all<{ row: string; turns: string }>('SELECT row, changes_on AS turns FROM review_row WHERE case_id = 1'))[0]!;
      expect(kept.turns).toBe('0000-01-01');
      expect(readKeptRow(kept.row, '2026-03-04').flags.map((f) => f.title)).toEqual(['Maintenance visit overdue (last 40 days ago)']);
      // The fixtures before this one see the rows they wrote, and no more (fixture 20's: no Review rows yet).
      await db.run('DELETE FROM review_row');
      await db.run('DELETE FROM review_day');
      await versionFixtures[33]!.check(db, seededAt);
      // A later day's Review makes it again, with the first day it can change.
      const ctx = { db, now: () => new Date('2026-03-05T12:00:00Z'), actor: 'test' };
      await reviewCases(ctx, { filter: 'all', sort: 'flags', direction: 'desc', limit: 50 });
      const made = await db.all<{ turns: string }>('SELECT changes_on AS turns FROM review_row');
      expect(made.length).toBeGreaterThan(0);
      for (const row of made) expect(row.turns > '2026-03-05').toBe(true);
    },
  },
  // Migration 0035 (issue 38): on PostgreSQL the helpers the triggers and policies call are plpgsql, the freeze reads a
  // signed record by a statement of its own, and the Review triggers of treatment rows, consents and races find their
  // cases by key. The same cases are marked, and the same rows refused, as before.
  35: {
    async seed(db) {
      await versionFixtures[34]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[34]!.check(db, seededAt);
      const stale = async () => (await db.all<{ id: number }>('SELECT case_id AS id FROM review_stale ORDER BY case_id')).map((r) => Number(r.id));
      const cases = (await db.all<{ id: number }>('SELECT id FROM care_case WHERE patient_id = 1 ORDER BY id')).map((r) => Number(r.id));
      const draft = await db.insert("INSERT INTO visit (case_id, provider_id, started_at, created_at, updated_at) VALUES (1, 1, '2026-03-05T10:00', 't', 't')");
      // A draft's treatment rows mark its case, written and taken out.
      await db.run('DELETE FROM review_stale');
      await db.run("INSERT INTO visit_acupoint (visit_id, position, point_code, side) VALUES (?, 0, 'ST36', 'L'), (?, 1, 'SP6', 'R')", [draft, draft]);
      await db.run("INSERT INTO visit_adjunct (visit_id, kind, minutes) VALUES (?, 'cupping', 5)", [draft]);
      expect(await stale()).toEqual([1]);
      await db.run('DELETE FROM review_stale');
      await db.run('DELETE FROM visit_acupoint WHERE visit_id = ?', [draft]);
      expect(await stale()).toEqual([1]);
      // A race and a consent mark every case of their patient.
      await db.run('DELETE FROM review_stale');
      await db.run("INSERT INTO race (patient_id, name, race_date, distance) VALUES (1, 'Hood to Coast', '2026-08-28', 'Marathon')");
      expect(await stale()).toEqual(cases);
      await db.run('DELETE FROM review_stale');
      await db.run("INSERT INTO consent (patient_id, kind, signed_on, form_version, recorded_at) VALUES (1, 'acupuncture', '2026-03-05', 'ACU-3', 'x')");
      expect(await stale()).toEqual(cases);
      // A signed record's treatment rows are still frozen; a draft's are not.
      await expect(db.run("INSERT INTO visit_acupoint (visit_id, position, point_code, side) VALUES (1, 9, 'ST36', 'L')")).rejects.toThrow(/signed visit/);
      await expect(db.run('DELETE FROM visit_acupoint WHERE visit_id = 1')).rejects.toThrow(/signed visit/);
      await expect(db.run('DELETE FROM assessment_outcome WHERE assessment_id = 1')).rejects.toThrow(/signed assessment/);
      await db.run('DELETE FROM visit_adjunct WHERE visit_id = ?', [draft]);
      await db.run('DELETE FROM visit WHERE id = ?', [draft]);
    },
  },
  // Migration 0036 (issue 38): the clinic's server hashes a run of signed records in one statement.
  36: {
    async seed(db) {
      await versionFixtures[35]!.seed(db);
    },
    async check(db, seededAt) {
      await versionFixtures[35]!.check(db, seededAt);
      // The records signed before hash in runs as the per-record function sealed them (PostgreSQL),
      // and the verification re-hashes every one of them and finds none altered, on either engine.
      let signed = 0;
      for (const kind of LEDGER_KINDS) {
        const shape = LEDGER_SHAPES[kind];
        const ids = await db.all<{ id: number }>(`SELECT id FROM ${shape.table} WHERE ${shape.signed} ORDER BY id`);
        signed += ids.length;
        if (!db.dialect.serverHashes) continue;
        const one = await db.all(`SELECT id, needlebook_content_hash(?, id) AS h FROM ${shape.table} WHERE ${shape.signed} ORDER BY id`, [kind]);
        const runs = await db.all(`SELECT record_id AS id, content_hash AS h FROM ${db.dialect.serverHashes}(?, 0, 1000)`, [kind]);
        expect(runs).toEqual(one);
      }
      const report = await verifyLedger(db);
      expect(report.checked).toBe(signed);
      expect(report.problems.filter((p) => /altered after/.test(p.problem))).toEqual([]);
    },
  },
};

/** Fixture 31's drafts: a visit with words and a treatment entry (written to `table`, as the service of that version does), and an assessment. */
async function seedDrafts(db: Db, table: string): Promise<void> {
  const visit = await db.insert(
    "INSERT INTO visit (case_id, provider_id, started_at, subjective, created_at, updated_at) VALUES (1, 1, '2026-03-04T10:00', 'Plantar fascia tight after hill repeats', 't', 't')",
  );
  const key = db.dialect.insertionOrder === 'rowid' ? 'rowid' : 'id';
  await db.run(`INSERT INTO ${table} (${key}, body, record_kind, record_id, source) VALUES (?, 'BL57 chengshan', 'visit', ?, 'treatment')`, [
    visit * 4 + 3,
    visit,
  ]);
  await db.run(
    "INSERT INTO assessment (case_id, provider_id, kind, assessed_on, chief_complaint, created_at, updated_at) VALUES (1, 1, 'reassessment', '2026-03-04', 'Achilles stiffness in the morning', 't', 't')",
  );
}

/** Fixture 31's drafts found, then deleted with their entries; the fixtures before see their own rows. */
async function checkDrafts(db: Db, seededAt: number): Promise<void> {
  const ctx = { db, now: () => new Date('2026-03-04T00:00:00Z'), actor: 'test' };
  const found = async (text: string, order: 'newest' | 'best' = 'newest') =>
    (await searchNotes(ctx, text, 10, order)).map((h) => [h.recordKind, h.recordId, h.source].join(' '));
  // The drafts written at 31 are found as before, in either order and with their snippets.
  const { visit } = (await db.get<{ visit: number }>("SELECT id AS visit FROM visit WHERE subjective LIKE 'Plantar%'"))!;
  const { assessment } = (await db.get<{ assessment: number }>("SELECT id AS assessment FROM assessment WHERE chief_complaint LIKE 'Achilles%'"))!;
  for (const order of ['newest', 'best'] as const) {
    expect(await found('plantar fasc', order)).toEqual([`visit ${visit} note`]);
    expect(await found('chengshan', order)).toEqual([`visit ${visit} treatment`]);
    expect(await found('achilles', order)).toEqual([`assessment ${assessment} note`]);
  }
  expect((await searchNotes(ctx, 'hill', 10, 'best'))[0]!.snippet).toContain('\u0002hill\u0003');
  if (db.dialect.noteSearch.draftIndex) {
    // From version 32 on (SQLite): every draft's entries are in the drafts' index, none in note_search, signed ones stay.
    const drafts = `SELECT id * 4 FROM visit WHERE signed_at IS NULL UNION SELECT id * 4 + 3 FROM visit WHERE signed_at IS NULL
          UNION SELECT id * 4 + 1 FROM assessment WHERE signed_at IS NULL`;
    expect(await db.all(`SELECT rowid FROM note_search WHERE rowid IN (${drafts})`)).toEqual([]);
    expect(await db.all(`SELECT rowid FROM note_draft_search WHERE rowid NOT IN (${drafts})`)).toEqual([]);
    expect(
      await db.all(`SELECT record_kind AS kind, record_id AS id, source FROM note_draft_search WHERE rowid IN (?, ?, ?) ORDER BY record_kind, source`, [
        visit * 4,
        visit * 4 + 3,
        assessment * 4 + 1,
      ]),
    ).toEqual([
      { kind: 'assessment', id: assessment, source: 'note' },
      { kind: 'visit', id: visit, source: 'note' },
      { kind: 'visit', id: visit, source: 'treatment' },
    ]);
    expect(await db.get('SELECT count(*) AS n FROM note_search WHERE rowid IN (4, 5, 6)')).toEqual({ n: 3 });
  }
  // Deleted, a draft's entries go with it: the note by the trigger on both engines, and (migration 32) a draft
  // visit's treatment entry too on SQLite, where the service's own delete of it finds nothing left.
  await db.run('DELETE FROM visit WHERE id = ?', [visit]);
  await db.run('DELETE FROM assessment WHERE id = ?', [assessment]);
  for (const text of ['plantar', 'achilles']) expect(await found(text)).toEqual([]);
  if (db.dialect.noteSearch.draftIndex) {
    expect(await found('chengshan')).toEqual([]);
    expect(await db.all('SELECT rowid FROM note_draft_search WHERE rowid IN (?, ?, ?)', [visit * 4, visit * 4 + 3, assessment * 4 + 1])).toEqual([]);
  }
  // The fixtures before this one see the rows they wrote, and no more.
  await versionFixtures[30]!.check(db, seededAt);
  const id = await db.insert(
    "INSERT INTO visit (case_id, provider_id, started_at, subjective, created_at, updated_at) VALUES (1, 1, '2026-03-03T10:00', 'Calf cramp at mile 20', 't', 't')",
  );
  expect(await found('cramp')).toEqual([`visit ${id} note`]);
  // Not the text: the entry stays as it was, and is still found.
  await db.run('UPDATE visit SET pain_before = 4, updated_at = ? WHERE id = ?', ['u', id]);
  expect(await found('cramp')).toEqual([`visit ${id} note`]);
  // The text, from nothing to words and from words to others: the entry follows it.
  await db.run("UPDATE visit SET objective = 'Taut band in soleus', subjective = NULL WHERE id = ?", [id]);
  expect(await found('cramp')).toEqual([]);
  expect(await found('soleus')).toEqual([`visit ${id} note`]);
}
