import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrate, schemaVersion } from '../../db/migrate';
import { LATEST_VERSION, MIGRATIONS } from '../../db/migrations';
import { openDatabase } from '../../db/open';
import { versionFixtures } from './migration-fixtures';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'needlebook-mig-')), 'clinic.db');

describe('migrations', () => {
  it('bring an empty file to the latest version with STRICT tables', () => {
    const db = openDatabase(':memory:');
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) expect({ table: t.name, strict: t.strict }).toEqual({ table: t.name, strict: 1 });
  });

  it('has a fixture for every version, so each upgrade path is exercised', () => {
    expect(Object.keys(versionFixtures).map(Number).sort((a, b) => a - b)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  // From every earlier version (0 = a brand-new file) to the latest, with that version's data in it.
  it.each(Array.from({ length: LATEST_VERSION }, (_, v) => v))('upgrade from version %i keeps every row', (from) => {
    const file = tempFile();
    const old = openDatabase(file, { targetVersion: from });
    expect(schemaVersion(old)).toBe(from);
    const fixture = from > 0 ? versionFixtures[from]! : null;
    fixture?.seed(old);
    old.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    fixture?.check(db);
    db.close();
  });

  it('refuses a file from a newer version and leaves it untouched', () => {
    const file = tempFile();
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer Needlebook .* Update Needlebook/);
    const again = new BetterSqlite3(file);
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    expect(again.prepare("SELECT count(*) AS n FROM sqlite_schema").get()).toEqual({ n: 0 });
    again.close();
  });

  it('rolls back every pending migration when one fails', () => {
    const db = new BetterSqlite3(':memory:');
    // A table the first migration wants to create makes it fail half-way.
    db.exec('CREATE TABLE patient (x INTEGER) STRICT');
    expect(() => migrate(db)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'clinic'").get()).toBeUndefined();
  });

  it('sets the pragmas on every open', () => {
    const file = tempFile();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});
