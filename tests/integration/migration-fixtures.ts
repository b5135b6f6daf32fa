import type { Database } from 'better-sqlite3';
import { expect } from 'vitest';

/**
 * Data as each schema version stored it. When migration N+1 arrives, the fixture for N keeps
 * proving that a file written at N survives the upgrade with every row intact.
 */
export const versionFixtures: Record<number, { seed(db: Database): void; check(db: Database): void }> = {
  1: {
    seed(db) {
      db.exec(`
        INSERT INTO clinic (id, name, tax_id, place_of_service, updated_at) VALUES (1, 'Stride Acupuncture', '12-3456789', '11', '2026-01-01T00:00:00Z');
        INSERT INTO provider (name, credentials, npi, taxonomy_code, created_at, updated_at)
          VALUES ('Mara Quinn', 'L.Ac.', '1234567893', '171100000X', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
        INSERT INTO patient (first_name, last_name, date_of_birth, sex, created_at, updated_at)
          VALUES ('Ana', 'Reyes', '1990-04-02', 'female', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
        INSERT INTO race (patient_id, name, race_date, distance) VALUES (1, 'Portland Marathon', '2026-10-04', 'Marathon');
        INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES ('2026-01-01T00:00:00Z', 'test', 'create', 'patient', 1);
      `);
    },
    check(db) {
      expect(db.prepare('SELECT name, tax_id AS taxId FROM clinic').get()).toEqual({ name: 'Stride Acupuncture', taxId: '12-3456789' });
      expect(db.prepare('SELECT npi FROM provider').all()).toEqual([{ npi: '1234567893' }]);
      expect(db.prepare('SELECT sort_name AS s FROM patient').get()).toEqual({ s: 'reyes\tana' });
      expect(db.prepare('SELECT count(*) AS n FROM race').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    },
  },
};
