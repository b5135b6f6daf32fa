import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, grantClinicRights } from '../../db/clinic/roles';
import { createDemoClinic } from '../../db/demo/demo';
import { openPostgres } from '../../db/engine/postgres';
import type { Engine } from '../../db/engine/types';
import { checkRecords } from '../../db/integrity-check';
import { contentHash, LEDGER_KINDS, LEDGER_SHAPES, readSigned } from '../../db/queries/ledger';

/**
 * The clinic's server against its own logins (docs/threat-model.md): a practitioner, the front desk
 * and a clinic owner, each typing into `psql` with their own login. Every attack here was tried by
 * hand first; each must be refused by the server, write nothing, and leave `needlebook check` ok.
 * PostgreSQL only: a solo SQLite file has no logins (its holder is its owner).
 */
const admin = process.env.NEEDLEBOOK_TEST_PG!;
const tag = randomBytes(4).toString('hex');
const schema = `hostile_${tag}`;
const PASSWORD = 'correct-horse-battery';
const people = {
  mara: { login: `mara_${tag}`, name: 'Mara Quinn', role: 'practitioner' as const, providerId: 1 },
  theo: { login: `theo_${tag}`, name: 'Theo Lindqvist', role: 'practitioner' as const, providerId: 2 },
  desk: { login: `desk_${tag}`, name: 'Jo at the desk', role: 'front_desk' as const, providerId: null },
  boss: { login: `boss_${tag}`, name: 'Clinic owner', role: 'owner' as const, providerId: null },
};
type Person = keyof typeof people;
/** The three kinds of login, each attacking as itself. */
const ATTACKERS: Person[] = ['theo', 'desk', 'boss'];

function urlFor(login: string | null): string {
  const u = new URL(admin);
  if (login) {
    u.username = login;
    u.password = PASSWORD;
  }
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** Plain SQL as a person, outside Needlebook: one connection, as psql would hold it. */
async function asPerson<T>(person: Person, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor(people[person].login) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs each statement on its own (a refused one must not hide the next); returns what was not refused. */
async function allowed(client: pg.Client, statements: readonly string[]): Promise<string[]> {
  const through: string[] = [];
  for (const s of statements) {
    try {
      await client.query(s);
      through.push(s);
    } catch {
      // Refused, as it must be.
    }
  }
  return through;
}

describe('the clinic server against its own logins (postgres)', () => {
  let owner: Engine;
  let ledgerBefore = 0;
  let maraDraft = 0;
  let theoDraft = 0;
  let maraSigned = 0;

  const count = async (sql: string, params: unknown[] = []) => Number((await owner.get<{ n: number }>(sql, params))!.n);
  const checkOk = async () => {
    const lines: string[] = [];
    const ok = await checkRecords(owner, (l) => lines.push(l));
    return { ok, lines };
  };

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    owner = await openPostgres(urlFor(null), { max: 2 });
    await grantClinicRights(owner);
    await createDemoClinic(owner, { today: new Date('2026-11-20T12:00:00Z') });
    for (const p of Object.values(people)) await addPerson(owner, { ...p, password: PASSWORD }, new Date().toISOString());
    const draft = (provider: number) =>
      owner.get<{ id: number }>('SELECT id FROM visit WHERE signed_at IS NULL AND provider_id = ? ORDER BY id LIMIT 1', [provider]);
    maraDraft = (await draft(1))!.id;
    theoDraft = (await draft(2))!.id;
    maraSigned = (await owner.get<{ id: number }>('SELECT id FROM visit WHERE signed_by = 1 ORDER BY id LIMIT 1'))!.id;
    ledgerBefore = await count('SELECT count(*) AS n FROM signed_ledger');
    expect(ledgerBefore).toBeGreaterThan(10);
    expect((await checkOk()).ok).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await owner?.close();
  });

  it.each(ATTACKERS)('refuses %s any temporary table or object of its own, so nothing can shadow what the server reads', async (who) => {
    const through = await asPerson(who, (db) =>
      allowed(db, [
        'CREATE TEMP TABLE clinic_person (login text, provider_id integer, role text)',
        'CREATE TEMP TABLE pg_class (oid oid, relowner oid)',
        'CREATE TEMP TABLE provider (id integer, passcode_hash text)',
        'CREATE TEMP TABLE signed_ledger (seq integer)',
        'CREATE TEMP VIEW audit_log AS SELECT 1 AS id',
        `CREATE TABLE ${schema}.clinic_person_2 (login text)`,
        'CREATE TABLE public.clinic_person (login text, provider_id integer)',
        'CREATE FUNCTION public.needlebook_signs_as(signer integer) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$',
        `CREATE FUNCTION ${schema}.needlebook_x() RETURNS boolean LANGUAGE sql AS $$ SELECT true $$`,
        `CREATE SCHEMA evil_${tag}`,
        "CREATE FUNCTION pg_temp.current_user() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$",
      ]),
    );
    expect(through).toEqual([]);
  });

  it('pins every function the app created to its own schema, with pg_temp searched last', async () => {
    const functions = await owner.all<{ name: string; config: string[] | null }>(
      `SELECT p.proname AS name, p.proconfig AS config FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() ORDER BY p.proname`,
    );
    expect(functions.length).toBeGreaterThan(10);
    const unpinned = functions.filter((f) => !(f.config ?? []).includes(`search_path=pg_catalog, ${schema}, pg_temp`)).map((f) => f.name);
    expect(unpinned).toEqual([]);
  });

  it('refuses signing, unsigning or re-signing as another provider, and addenda under another name', async () => {
    const signAs = (id: number, by: number, name: string) =>
      `UPDATE visit SET signed_at = '2026-11-20T10:00:00.000Z', signed_by = ${by}, signer_name = '${name}' WHERE id = ${id}`;
    const through = await asPerson('theo', (db) =>
      allowed(db, [
        signAs(maraDraft, 1, 'Mara Quinn'),
        // Signing a colleague's draft in one's own name is still signing their visit.
        signAs(maraDraft, 2, 'Theo Lindqvist'),
        `UPDATE visit SET signed_at = NULL, signed_by = NULL WHERE id = ${maraSigned}`,
        `UPDATE visit SET signed_by = 2 WHERE id = ${maraSigned}`,
        `INSERT INTO addendum (record_kind, record_id, author_id, written_at, text) VALUES ('visit', ${maraSigned}, 1, '2026-11-20T10:00:00Z', 'Not hers')`,
        `INSERT INTO visit (case_id, provider_id, started_at, face_minutes, signed_at, signed_by, signer_name)
           SELECT case_id, 1, started_at, 30, '2026-11-20T10:00:00Z', 1, 'Mara Quinn' FROM visit WHERE id = ${maraDraft}`,
      ]),
    );
    expect(through).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM visit WHERE id = ? AND signed_at IS NOT NULL', [maraDraft])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM signed_ledger')).toBe(ledgerBefore);
  });

  it.each(ATTACKERS)('lets %s write no ledger row, and change none', async (who) => {
    const through = await asPerson(who, (db) =>
      allowed(db, [
        `INSERT INTO signed_ledger (seq, record_kind, record_id, content_hash, chain_hash, recorded_at) VALUES (${ledgerBefore + 1}, 'visit', ${maraDraft}, '${'a'.repeat(64)}', '${'b'.repeat(64)}', '2026-11-20T10:00:00Z')`,
        `INSERT INTO signed_ledger (seq, record_kind, record_id, content_hash, chain_hash, recorded_at) VALUES (${ledgerBefore + 100}, 'genesis', 0, '${'a'.repeat(64)}', '${'b'.repeat(64)}', 'x')`,
        "UPDATE signed_ledger SET recorded_at = 'x'",
        'DELETE FROM signed_ledger',
        'TRUNCATE signed_ledger',
        `SELECT needlebook_seal('visit', ${maraDraft})`,
        'ALTER TABLE signed_ledger DISABLE TRIGGER ALL',
        'SET session_replication_role = replica',
      ]),
    );
    expect(through).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM signed_ledger')).toBe(ledgerBefore);
    expect(await checkOk()).toMatchObject({ ok: true });
  });

  it.each(ATTACKERS)('writes the server’s word into every audit row %s appends, whatever it sets or types', async (who) => {
    const me = people[who];
    await asPerson(who, async (db) => {
      // The import switch, set every way a login can set a setting.
      await db.query("SET needlebook.importing = 'on'");
      await db.query("SELECT set_config('needlebook.importing', 'on', false)");
      await db.query(
        `INSERT INTO audit_log (at, actor, provider_id, action, entity, detail, db_user) VALUES ('2001-01-01T00:00:00Z', 'someone', 1, 'view', 'patient', 'forged ${who} ${tag}', '${people.mara.login}')`,
      );
    });
    const row = await owner.get<{ at: string; actor: string; providerId: number | null; dbUser: string }>(
      `SELECT at, actor, provider_id AS "providerId", db_user AS "dbUser" FROM audit_log WHERE detail = ?`,
      [`forged ${who} ${tag}`],
    );
    expect(row).toMatchObject({ actor: me.login, providerId: me.providerId, dbUser: me.login });
    expect(row!.at.startsWith('2001')).toBe(false);
    const through = await asPerson(who, (db) =>
      allowed(db, ["UPDATE audit_log SET detail = 'changed'", 'DELETE FROM audit_log', 'TRUNCATE audit_log', 'ALTER TABLE audit_log DISABLE TRIGGER ALL']),
    );
    expect(through).toEqual([]);
  });

  it('lets the front desk and practitioners read only their own audit rows; the owner reads all', async () => {
    const others = (who: Person) =>
      asPerson(who, async (db) => Number((await db.query('SELECT count(*) AS n FROM audit_log WHERE db_user IS DISTINCT FROM current_user')).rows[0].n));
    expect(await others('desk')).toBe(0);
    expect(await others('theo')).toBe(0);
    expect(await others('boss')).toBeGreaterThan(0);
  });

  it.each(ATTACKERS)('keeps every passcode hash from %s, and lets nobody set another’s passcode', async (who) => {
    const through = await asPerson(who, (db) =>
      allowed(db, [
        'SELECT passcode_hash FROM provider',
        'SELECT * FROM provider',
        "UPDATE provider SET passcode_hash = 'scrypt$16384$8$1$AAAA$BBBB' WHERE id = 1",
        'UPDATE provider SET passcode_hash = NULL WHERE id = 1',
        "SELECT needlebook_set_passcode(1, 'scrypt$16384$8$1$AAAA$BBBB')",
        'SELECT * FROM passcode_attempt',
        'DELETE FROM passcode_attempt',
      ]),
    );
    expect(through).toEqual([]);
  });

  it.each(ATTACKERS)('lets %s change nobody’s place in the clinic behind the app', async (who) => {
    const through = await asPerson(who, (db) =>
      allowed(db, [
        `UPDATE clinic_person SET provider_id = 1 WHERE login = '${people[who].login}'`,
        `INSERT INTO clinic_person (login, name, role, provider_id, created_at) VALUES ('intruder_${tag}', 'X', 'practitioner', 1, 'now')`,
        `DELETE FROM clinic_person WHERE login = '${people.mara.login}'`,
        // The tables' owner (the administrator's login): no clinic login may become it, or take it over.
        `SET ROLE ${new URL(admin).username}`,
        `GRANT ${new URL(admin).username} TO ${people[who].login}`,
        `SELECT needlebook_person_login('${new URL(admin).username}', 'a-new-password-here', 'owner')`,
        `SELECT needlebook_person_remove('${new URL(admin).username}')`,
        // Nor make logins or hand groups on outside the audited path.
        `CREATE ROLE intruder_${tag} LOGIN PASSWORD 'correct-horse-battery'`,
        `GRANT needlebook_owner TO ${people.theo.login}`,
        `ALTER ROLE ${people.mara.login} PASSWORD 'taken-over-password'`,
        `ALTER ROLE ${people[who].login} CREATEROLE`,
      ]),
    );
    // An owner may add and remove people — through the app's path, which is audited — never by editing the table.
    expect(through).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM clinic_person WHERE login = ? AND provider_id = 1', [people.mara.login])).toBe(1);
  });

  it.each(['theo', 'desk'] as Person[])('keeps consents as records: %s can neither change nor delete one', async (who) => {
    const consent = (await owner.get<{ id: number }>('SELECT id FROM consent ORDER BY id LIMIT 1'))!.id;
    const through = await asPerson(who, (db) =>
      allowed(db, [`UPDATE consent SET signed_on = '2020-01-01' WHERE id = ${consent}`, `DELETE FROM consent WHERE id = ${consent}`, 'TRUNCATE consent']),
    );
    expect(through).toEqual([]);
  });

  it('seals a consent as it is written, and a visit as it is signed, whoever writes it', async () => {
    const patient = (await owner.get<{ id: number }>('SELECT id FROM patient ORDER BY id LIMIT 1'))!.id;
    await asPerson('desk', (db) =>
      db.query(
        `INSERT INTO consent (patient_id, kind, signed_on, form_version, recorded_at) VALUES ($1, 'electroacupuncture', '2026-11-20', 'v2', '2026-11-20T10:00:00Z')`,
        [patient],
      ),
    );
    await asPerson('theo', (db) =>
      db.query("UPDATE visit SET signed_at = '2026-11-20T10:00:00.000Z', signed_by = 2, signer_name = 'Theo Lindqvist' WHERE id = $1", [theoDraft]),
    );
    const sealed = await owner.all<{ kind: string }>('SELECT record_kind AS kind FROM signed_ledger WHERE seq > ? ORDER BY seq', [ledgerBefore]);
    expect(sealed.map((s) => s.kind)).toEqual(['consent', 'visit']);
    ledgerBefore += 2;
    expect(await checkOk()).toMatchObject({ ok: true });
  });

  it('hashes each signed record on the server exactly as the app does, so a ledger sealed before version 25 still verifies', async () => {
    let compared = 0;
    for (const kind of LEDGER_KINDS) {
      const { rows, children } = await readSigned(owner, kind);
      const server = new Map(
        (await owner.all<{ id: number; h: string }>(`SELECT id, needlebook_content_hash(?, id) AS h FROM ${LEDGER_SHAPES[kind].table}`, [kind])).map((r) => [
          Number(r.id),
          r.h,
        ]),
      );
      for (const row of rows) {
        const id = Number(row.id);
        expect(server.get(id), `${kind} ${id}`).toBe(
          contentHash(
            kind,
            row,
            children.map((m) => m.get(id) ?? []),
          ),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('still reports every signed record verified after all of the above', async () => {
    const { ok, lines } = await checkOk();
    expect(lines.join('\n')).toMatch(/signed records: \d+ verified .* ok/);
    expect(ok).toBe(true);
  });
});
