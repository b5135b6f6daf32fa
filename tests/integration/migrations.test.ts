import { describe, expect, it } from 'vitest';
import { checkPostgres } from '../../db/engine/postgres-check';
import type { SqliteEngine } from '../../db/engine/sqlite';
import { DatabaseTooNewError } from '../../db/migrate';
import { LATEST_VERSION, MIGRATIONS } from '../../db/migrations';
import { reopenableDb, TEST_ENGINE, testEngine } from '../support/db';
import { versionFixtures } from './migration-fixtures';

const TABLES = [
  'addendum',
  'app_setting',
  'assessment',
  'assessment_ortho_test',
  'assessment_outcome',
  'assessment_trigger_point',
  'audit_log',
  'billing_line',
  'billing_line_diagnosis',
  'care_case',
  'case_diagnosis',
  'case_reopening',
  'clinic',
  'clinic_mcid',
  'clinic_person',
  'consent',
  'derived_filled',
  'fee_schedule',
  'ledger_verified',
  'passcode_attempt',
  'patient',
  'patient_name_part',
  'patient_safety',
  'payment',
  'phrase',
  'protocol',
  'provider',
  'provider_license',
  'race',
  'review_day',
  'review_row',
  'review_stale',
  'schema_history',
  'signed_ledger',
  'unsaved_draft',
  'visit',
  'visit_acupoint',
  'visit_adjunct',
  'visit_adverse_event',
  'visit_lead_pair',
  'visit_round',
  'visit_trigger_point',
];

describe(`migrations (${TEST_ENGINE})`, () => {
  it('bring an empty database to the latest version with every table (STRICT on SQLite)', async () => {
    const db = await testEngine();
    expect(await db.schemaVersion()).toBe(LATEST_VERSION);
    if (TEST_ENGINE === 'sqlite') {
      const tables = (db as SqliteEngine).connection
        .prepare(
          "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'note_search%'",
        )
        .all() as { name: string; strict: number }[];
      expect(tables.map((t) => t.name).sort()).toEqual(TABLES);
      for (const t of tables) expect({ table: t.name, strict: t.strict }).toEqual({ table: t.name, strict: 1 });
    } else {
      const tables = await db.all<{ t: string }>(
        "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('needlebook_schema', 'note_search') ORDER BY 1",
      );
      expect(tables.map((r) => r.t)).toEqual(TABLES);
    }
  });

  it('has a fixture for every version, so each upgrade path is exercised', () => {
    expect(
      Object.keys(versionFixtures)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('has each version written for both engines', () => {
    for (const m of MIGRATIONS) {
      expect(m.sqlite.length).toBeGreaterThan(50);
      expect(m.postgres.length).toBeGreaterThan(50);
    }
  });

  // From every earlier version (0 = a brand-new database) to the latest, with that version's data in it.
  it.each(Array.from({ length: LATEST_VERSION }, (_, v) => v))('upgrade from version %i keeps every row', async (from) => {
    const place = reopenableDb();
    const old = await place.open({ targetVersion: from });
    expect(await old.schemaVersion()).toBe(from);
    const fixture = from > 0 ? versionFixtures[from]! : null;
    await fixture?.seed(old);
    await old.close();

    const db = await place.open();
    try {
      expect(await db.schemaVersion()).toBe(LATEST_VERSION);
      expect(await db.check()).toBe('ok');
      if (TEST_ENGINE === 'sqlite') expect((db as SqliteEngine).connection.pragma('foreign_key_check')).toEqual([]);
      await fixture?.check(db, from);
    } finally {
      await db.close();
    }
  });

  it('refuses a database from a newer version and leaves it untouched', async () => {
    const place = reopenableDb();
    if (TEST_ENGINE === 'sqlite') await place.raw(`PRAGMA user_version = ${LATEST_VERSION + 1}`);
    else {
      await place.raw(`CREATE SCHEMA "${place.schema}"`);
      await place.raw(`CREATE TABLE needlebook_schema (version integer NOT NULL); INSERT INTO needlebook_schema VALUES (${LATEST_VERSION + 1})`);
    }
    await expect(place.open()).rejects.toThrow(DatabaseTooNewError);
    await expect(place.open()).rejects.toThrow(/newer Needlebook .* Update Needlebook/);
    if (TEST_ENGINE === 'sqlite') {
      expect(await place.raw('PRAGMA user_version')).toEqual([{ user_version: LATEST_VERSION + 1 }]);
      expect(await place.raw('SELECT count(*) AS n FROM sqlite_schema')).toEqual([{ n: 0 }]);
    } else {
      expect(await place.raw('SELECT version FROM needlebook_schema')).toEqual([{ version: LATEST_VERSION + 1 }]);
      expect(await place.raw('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema()')).toEqual([{ n: 1 }]);
    }
  });

  it('rolls back every pending migration when one fails', async () => {
    const place = reopenableDb();
    // A table the first migration wants to create makes it fail half-way.
    if (TEST_ENGINE === 'postgres') await place.raw(`CREATE SCHEMA "${place.schema}"`);
    await place.raw('CREATE TABLE patient (x INTEGER)');
    await expect(place.open()).rejects.toThrow(/patient/);
    if (TEST_ENGINE === 'sqlite') {
      expect(await place.raw('PRAGMA user_version')).toEqual([{ user_version: 0 }]);
      expect(await place.raw("SELECT name FROM sqlite_schema WHERE name = 'clinic'")).toEqual([]);
    } else {
      expect(await place.raw('SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1')).toEqual([{ tablename: 'patient' }]);
    }
  });

  it('checks foreign keys inside the migration transaction: broken references leave the database as it was', async () => {
    const place = reopenableDb();
    const v1 = await place.open({ targetVersion: 1 });
    await versionFixtures[1]!.seed(v1);
    await v1.close();
    if (TEST_ENGINE === 'sqlite') {
      // A damaged file: a race whose patient is gone (written with foreign keys off, as a stray tool could).
      await place.raw("PRAGMA foreign_keys = OFF; INSERT INTO race (patient_id, name, race_date, distance) VALUES (99, 'Ghost 10K', '2026-05-01', '10K')");
      await expect(place.open()).rejects.toThrow(/1 broken references; nothing was changed/);
      expect(await place.raw('PRAGMA user_version')).toEqual([{ user_version: 1 }]);
      expect(await place.raw("SELECT name FROM sqlite_schema WHERE name = 'visit'")).toEqual([]);
    } else {
      // PostgreSQL checks every reference as the statement runs: the damage cannot be written at all.
      await expect(place.raw("INSERT INTO race (patient_id, name, race_date, distance) VALUES (99, 'Ghost 10K', '2026-05-01', '10K')")).rejects.toThrow(
        /foreign key/,
      );
      const db = await place.open();
      expect(await db.schemaVersion()).toBe(LATEST_VERSION);
      await db.close();
    }
  });

  it('sets the pragmas on every open (SQLite), or has every guard trigger in place (PostgreSQL)', async () => {
    const place = reopenableDb();
    await (await place.open()).close();
    const db = await place.open();
    try {
      if (TEST_ENGINE === 'sqlite') {
        const raw = (db as SqliteEngine).connection;
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
        expect(raw.pragma('synchronous', { simple: true })).toBe(2);
      } else {
        const lines: string[] = [];
        const url = new URL(process.env.NEEDLEBOOK_TEST_PG!);
        url.searchParams.set('options', `-c search_path=${place.schema}`);
        expect(await checkPostgres(url.toString(), (l) => lines.push(l))).toBe(0);
        expect(lines).toContain('guards: ok');
      }
    } finally {
      await db.close();
    }
  });
});
