import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/engine/postgres';
import type { Engine } from '../../db/engine/types';
import { visitBilling } from '../../db/queries/billing';
import { getVisit } from '../../db/queries/visits';

/**
 * What the server runs for every row a save writes (migration 35, issue 38): its helpers keep
 * their plans for the session rather than being planned at each call, and the Review triggers of
 * treatment rows, consents and races find their cases by key, not by reading the whole table. And
 * the helpers answer what they answered before, at each call, for whoever is at the connection:
 * nothing of an answer is kept from one call, one login or one membership to the next. The
 * statements that read a visit and its bill back after a save are planned once a session too
 * (db/engine/among.ts).
 */
const admin = process.env.NEEDLEBOOK_TEST_PG!;
const tag = randomBytes(4).toString('hex');
const schema = `planned_${tag}`;
/** A role that owns the ledger table here in place of the test cluster's superuser, and a login that may be made one of it. */
const OWNER = `planned_owner_${tag}`;
const SEAT = `planned_seat_${tag}`;
/** One of the clinic's owners, reading the audit log (not the tables' owner: row security applies). */
const BOSS = `planned_boss_${tag}`;

function url(): string {
  const u = new URL(admin);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

describe('the server’s per-row helpers and triggers (postgres)', () => {
  let db: Engine;
  let client: pg.Client;
  let draft = 0;

  beforeAll(async () => {
    db = await openPostgres(url(), { schema, max: 2 });
    client = new pg.Client({ connectionString: url() });
    await client.connect();
    await db.exec(`
      INSERT INTO provider (name, credentials, npi, taxonomy_code, created_at, updated_at) VALUES ('Mara Quinn', 'L.Ac.', '1234567893', '171100000X', 't', 't');
      INSERT INTO patient (first_name, last_name, date_of_birth, sex, created_at, updated_at) VALUES ('Ana', 'Reyes', '1990-04-02', 'female', 't', 't');
      INSERT INTO care_case (patient_id, condition_id, condition_text, side, onset_date, start_date, created_at, updated_at)
        VALUES (1, 'it-band-syndrome', 'IT band syndrome', 'right', '2026-02-16', '2026-03-02', 't', 't');
      INSERT INTO visit (case_id, provider_id, started_at, created_at, updated_at)
        SELECT 1, 1, '2026-03-02T10:00', 't', 't' FROM generate_series(1, 400);`);
    draft = (await db.get<{ id: number }>('SELECT max(id) AS id FROM visit'))!.id;
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await db?.close();
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.query(`DROP ROLE IF EXISTS ${SEAT}`);
      await c.query(`DROP ROLE IF EXISTS ${OWNER}`);
      await c.query(`DROP ROLE IF EXISTS ${BOSS}`);
    } finally {
      await c.end();
    }
  });

  it('has no SQL-language function of its own: each would be parsed and planned again at every call', async () => {
    const functions = await db.all<{ name: string; language: string }>(
      `SELECT p.proname AS name, l.lanname AS language FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
        WHERE p.pronamespace = current_schema()::regnamespace ORDER BY p.proname`,
    );
    // The helpers the triggers and policies call for every row are among them.
    const names = functions.map((f) => f.name);
    for (const helper of ['needlebook_owns_tables', 'needlebook_importing', 'needlebook_is_clinic_owner', 'needlebook_signs_as', 'needlebook_row_text'])
      expect(names).toContain(helper);
    expect(functions.filter((f) => f.language !== 'plpgsql')).toEqual([]);
  });

  it('finds the case of each treatment row written or taken out by its visit’s key, never reading every visit', async () => {
    await client.query('BEGIN');
    try {
      // More statements than the server's five custom plans: the plan it then keeps is the one that counts.
      for (let i = 0; i < 12; i++) {
        await client.query("INSERT INTO visit_acupoint (visit_id, position, point_code, side) VALUES ($1, $2, 'ST36', 'L')", [draft, i]);
        await client.query("INSERT INTO visit_trigger_point (visit_id, position, muscle_id, side) VALUES ($1, $2, 'gluteus-medius', 'R')", [draft, i]);
      }
      await client.query('DELETE FROM visit_acupoint WHERE visit_id = $1', [draft]);
      const reads = (
        await client.query<{ seq: string; idx: string }>(
          "SELECT seq_scan AS seq, idx_scan AS idx FROM pg_stat_xact_user_tables WHERE relid = 'visit'::regclass",
        )
      ).rows[0]!;
      expect(Number(reads.seq)).toBe(0);
      expect(Number(reads.idx)).toBeGreaterThan(0);
      expect((await client.query('SELECT case_id FROM review_stale')).rows).toEqual([{ case_id: 1 }]);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('plans the statements that read a visit and its bill back after each save once a session, not at every call', async () => {
    // A statement the server keeps planning for the values it is given (a list of ids among them) shows its custom plans mount.
    const planned = await db.transaction(async (tx) => {
      const ctx = { db: tx, now: () => new Date('2026-03-02T12:00:00Z'), actor: 'test' };
      for (let i = 0; i < 12; i++) {
        await getVisit(ctx, draft);
        await visitBilling(ctx, draft);
      }
      return tx.all<{ statement: string; custom: number }>('SELECT statement, custom_plans AS custom FROM pg_prepared_statements WHERE custom_plans > 5');
    });
    expect(planned.map((p) => p.statement.replace(/\s+/g, ' ').slice(0, 120))).toEqual([]);
  });

  it('asks once a statement, not once a row, whether a clinic owner reading the audit log is one', async () => {
    await db.exec(`
      CREATE ROLE ${BOSS} NOLOGIN;
      GRANT USAGE ON SCHEMA ${schema} TO ${BOSS};
      GRANT SELECT ON audit_log, clinic_person TO ${BOSS};
      INSERT INTO clinic_person (login, name, role, provider_id, created_at) VALUES ('${BOSS}', 'Clinic owner', 'owner', NULL, 't');
      INSERT INTO audit_log (at, actor, action, entity, entity_id) SELECT 't', 'test', 'view', 'patient', g FROM generate_series(1, 40) g;`);
    await client.query('BEGIN');
    try {
      await client.query("SET LOCAL track_functions = 'all'");
      await client.query(`SET LOCAL SESSION AUTHORIZATION ${BOSS}`);
      // Every row another login wrote, all read: the owner reads them all.
      const { n } = (await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_log WHERE db_user IS DISTINCT FROM session_user')).rows[0]!;
      expect(Number(n)).toBeGreaterThanOrEqual(40);
      const calls = (await client.query<{ calls: string }>("SELECT calls FROM pg_stat_xact_user_functions WHERE funcname = 'needlebook_is_clinic_owner'"))
        .rows[0]!;
      expect(Number(calls.calls)).toBe(1);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('answers for the login at the connection at each call: another session user, SET ROLE or a membership granted or taken mid-session', async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(`CREATE ROLE ${OWNER} NOLOGIN; CREATE ROLE ${SEAT} NOLOGIN`);
      await c.query(`GRANT USAGE ON SCHEMA ${schema} TO ${SEAT}`);
      // The ledger's owner is whom the helpers ask about: here a role of the test's own, not the cluster's superuser.
      await c.query(`ALTER TABLE ${schema}.signed_ledger OWNER TO ${OWNER}`);
    } finally {
      await c.end();
    }
    const ask = async () =>
      (
        await client.query<{ owns: boolean; importing: boolean; who: string }>(
          'SELECT needlebook_owns_tables() AS owns, needlebook_importing() AS importing, session_user AS who',
        )
      ).rows[0]!;
    // The test's own login, a superuser, is a member of every role: the tables' owner, importing only with the switch.
    await client.query("SET needlebook.importing = 'off'");
    expect(await ask()).toMatchObject({ owns: true, importing: false });
    await client.query("SET needlebook.importing = 'on'");
    expect(await ask()).toMatchObject({ owns: true, importing: true });
    // SET ROLE leaves session_user as it was: the answer with it.
    await client.query(`SET ROLE ${SEAT}`);
    expect(await ask()).toMatchObject({ owns: true, importing: true });
    await client.query('RESET ROLE');
    // Another session user on the same connection, straight after: not the owner, the switch grants nothing.
    await client.query(`SET SESSION AUTHORIZATION ${SEAT}`);
    try {
      expect(await ask()).toEqual({ owns: false, importing: false, who: SEAT });
      // Made a member of the tables' owner from another connection, then not: each call sees it.
      const grant = async (sql: string) => {
        const g = new pg.Client({ connectionString: admin });
        await g.connect();
        try {
          await g.query(sql);
        } finally {
          await g.end();
        }
      };
      await grant(`GRANT ${OWNER} TO ${SEAT}`);
      expect(await ask()).toEqual({ owns: true, importing: true, who: SEAT });
      await grant(`REVOKE ${OWNER} FROM ${SEAT}`);
      expect(await ask()).toEqual({ owns: false, importing: false, who: SEAT });
    } finally {
      await client.query('RESET SESSION AUTHORIZATION');
      await client.query('RESET needlebook.importing');
    }
    expect(await ask()).toMatchObject({ owns: true, importing: false });
  });
});
