import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson } from '../../db/clinic/roles';
import { compareRecords } from '../../db/clinic/transfer';
import { createDemoClinic } from '../../db/demo/demo';
import { openPostgres } from '../../db/engine/postgres';
import { openRaw } from '../../db/engine/cipher';
import { keyFromSecret } from '../../db/key-intake';
import { openSqlite } from '../../db/engine/sqlite';
import type { Engine } from '../../db/engine/types';
import { openHost, type Host } from '../../db/host';
import { readLedger } from '../../db/queries/ledger';
import type { Visit } from '../../shared/visit';
import { valueOf } from '../support/db';
import { fhirValidate, referencesIn } from '../support/fhir';
import { inspectPdf } from '../support/pdf';
import type { JsonFile } from '../../shared/contract';

interface FhirBundle {
  entry: { resource: { resourceType: string; id: string } }[];
}

/**
 * Clinic seats on a real PostgreSQL (docs/clinic-mode.md): a solo demo file moved in with the real
 * command line, three people with their own logins, and what each may do held by the server —
 * checked with plain SQL as another tool would send it, and through the service as the app does.
 */
const admin = process.env.NEEDLEBOOK_TEST_PG!;
const tag = randomBytes(4).toString('hex');
const schema = `clinic_${tag}`;
const PASSWORD = 'correct-horse-battery';
const people = {
  mara: { login: `mara_${tag}`, name: 'Mara Quinn', role: 'practitioner' as const, providerId: 1 },
  theo: { login: `theo_${tag}`, name: 'Theo Lindqvist', role: 'practitioner' as const, providerId: 2 },
  desk: { login: `desk_${tag}`, name: 'Jo at the desk', role: 'front_desk' as const, providerId: null },
};
type Person = keyof typeof people;

/** The clinic's URL for a person (their login and password), or for the administrator. */
function urlFor(person?: Person, host?: string): string {
  return loginUrl(person ? people[person].login : null, host);
}

/** The clinic's URL for any login with the tests' password (null: the administrator). */
function loginUrl(login: string | null, host?: string): string {
  const u = new URL(admin);
  if (login) {
    u.username = login;
    u.password = PASSWORD;
  }
  if (host) u.host = host;
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

const needlebook = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['electron/needlebook.mjs', ...args], { encoding: 'utf8', env: { ...process.env, NEEDLEBOOK_PASSWORD: PASSWORD } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** Plain SQL as a person, outside Needlebook. */
async function asPerson<T>(person: Person, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor(person) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A ledger's seals. Its genesis row is each database's own, written when that database's ledger
 * began (migration 26), so only its time may differ between a file and a clinic it moved to.
 */
const sealsOf = (rows: Awaited<ReturnType<typeof readLedger>>) => rows.map((r) => (r.kind === 'genesis' ? { ...r, recordedAt: 'its own' } : r));

const hosts: Host[] = [];
async function seat(person: Person, host?: string): Promise<Host> {
  const opened = await openHost(urlFor(person, host), { actor: 'test', session: true, log: () => undefined });
  hosts.push(opened);
  return opened;
}
const call = async <T>(host: Host, channel: string, input: unknown = {}): Promise<T> => valueOf(await host.handle(channel, input)) as T;

describe('clinic seats on PostgreSQL', () => {
  const folder = mkdtempSync(join(tmpdir(), 'needlebook-clinic-'));
  const demoFile = join(folder, 'solo.db');
  let owner: Engine;

  beforeAll(async () => {
    const solo = openSqlite(demoFile);
    await createDemoClinic(solo, { today: new Date('2026-11-20T12:00:00Z') });
    await solo.close();
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const init = needlebook('clinic', 'init', '--url', urlFor(), '--login', `owner_${tag}`, '--name', 'Clinic owner');
    expect(init.err).toBe('');
    expect(init.out).toMatch(/^Clinic ready at .*: tables at version \d+, roles granted, owner owner_/);
    const moved = needlebook('clinic', 'import', '--db', demoFile, '--url', urlFor());
    expect(moved.err).toBe('');
    expect(moved.out).toMatch(/36 patients, 199 visits.*every table compared equal and the ledger verified\.$/m);
    owner = await openPostgres(urlFor(), { max: 2 });
    for (const p of Object.values(people)) await addPerson(owner, { ...p, password: PASSWORD }, new Date().toISOString());
  }, 60_000);
  afterAll(async () => {
    for (const h of hosts) await h.close();
    await owner?.close();
  });

  it('refuses the front desk note text in plain SQL, and lets it read what billing needs', async () => {
    await asPerson('desk', async (db) => {
      await expect(db.query('SELECT subjective FROM visit LIMIT 1')).rejects.toThrow(/permission denied/);
      await expect(db.query('SELECT * FROM visit LIMIT 1')).rejects.toThrow(/permission denied/);
      await expect(db.query('SELECT text FROM addendum')).rejects.toThrow(/permission denied/);
      await expect(db.query('SELECT body FROM note_search')).rejects.toThrow(/permission denied/);
      await expect(db.query('SELECT chief_complaint FROM assessment')).rejects.toThrow(/permission denied/);
      await expect(db.query("UPDATE clinic SET name = 'Mine'")).rejects.toThrow(/permission denied/);
      const billable = await db.query('SELECT id, started_at, face_minutes, signed_at FROM visit WHERE signed_at IS NOT NULL');
      expect(billable.rowCount).toBeGreaterThan(100);
    });
    // A practitioner reads the clinic's clinical record, and cannot change its settings.
    await asPerson('theo', async (db) => {
      expect((await db.query('SELECT count(*)::int AS n FROM addendum')).rows[0].n).toBe(17);
      await expect(db.query("UPDATE fee_schedule SET fee_cents = 1 WHERE code = '97810'")).rejects.toThrow(/permission denied/);
    });
  });

  it('lets the front desk register, bill and export through the app, and refuses it the note', async () => {
    const desk = await seat('desk');
    expect(await call(desk, 'session')).toMatchObject({ seat: { login: people.desk.login, role: 'front_desk' }, provider: null, locked: false });
    const patient = await call<{ id: number }>(desk, 'savePatient', { firstName: 'Ada', lastName: 'Okafor', dateOfBirth: '1990-04-02', sex: 'female' });
    expect(patient.id).toBeGreaterThan(36);
    const signed = (await owner.get<{ id: number; patientId: number; day: string }>(
      'SELECT v.id, c.patient_id AS "patientId", substr(v.started_at, 1, 10) AS day FROM visit v JOIN care_case c ON c.id = v.case_id WHERE v.signed_at IS NOT NULL ORDER BY v.id LIMIT 1',
    ))!;
    const bill = await call<{ lines: { code: string; units: number; modifiers: string[]; pointers: string[]; feeCents: number }[] }>(desk, 'getVisitBilling', {
      visitId: signed.id,
    });
    expect(bill.lines.length).toBeGreaterThan(0);
    const lines = bill.lines.map((l) => ({ code: l.code, units: l.units, modifiers: l.modifiers, pointers: l.pointers, fee: l.feeCents / 100 }));
    expect((await call<{ lines: unknown[] }>(desk, 'saveVisitBilling', { visitId: signed.id, lines })).lines).toHaveLength(lines.length);
    const pdf = await call<{ pdfBase64: string }>(desk, 'superbill', { patientId: signed.patientId, from: signed.day, to: signed.day });
    expect(Buffer.from(pdf.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const refused = await desk.handle('getVisit', { id: signed.id });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/clinic database refused it: your role does not allow this \(visit\)/) },
    });
    // Locked, the seat answers nothing clinical; its person unlocks it with their clinic password.
    expect(await call(desk, 'lock')).toMatchObject({ locked: true });
    expect(await desk.handle('getVisitBilling', { visitId: signed.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/locked/) },
    });
    expect(await desk.handle('unlock', { passcode: 'not-the-password' })).toMatchObject({
      ok: false,
      error: { fields: { passcode: 'That password is not right' } },
    });
    expect(await call(desk, 'unlock', { passcode: PASSWORD })).toMatchObject({ locked: false, seat: { login: people.desk.login } });
    // The audit rows name the login, as the server knows it.
    const rows = await owner.all<{ db_user: string; action: string }>('SELECT db_user, action FROM audit_log WHERE db_user = ? ORDER BY id', [
      people.desk.login,
    ]);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['create', 'view', 'export', 'lock', 'unlock']));
  });

  it('shows the front desk a case timeline with what was needled and no note text, beside the practitioner’s', async () => {
    const desk = await seat('desk');
    const mara = await seat('mara');
    // A case with an addendum, and an adjunct's note on one of its visits if there is one.
    const { caseId } = (await owner.get<{ caseId: number }>(
      `SELECT v.case_id AS "caseId" FROM addendum a JOIN visit v ON v.id = a.record_id AND a.record_kind = 'visit' ORDER BY a.id LIMIT 1`,
    ))!;
    type Entry = { kind: string; id: number; addenda: unknown[]; treatment?: { acupoints: unknown[]; adjuncts: { note: string | null }[] } };
    const full = await call<{ timeline: Entry[] }>(mara, 'getCase', { id: caseId });
    const front = await call<{ timeline: Entry[] }>(desk, 'getCase', { id: caseId });
    expect(front.timeline.map((e) => `${e.kind}/${e.id}`)).toEqual(full.timeline.map((e) => `${e.kind}/${e.id}`));
    expect(full.timeline.some((e) => e.addenda.length > 0)).toBe(true);
    for (const [i, e] of front.timeline.entries()) {
      expect(e.addenda).toEqual([]);
      if (e.kind !== 'visit') continue;
      expect(e.treatment!.acupoints).toEqual(full.timeline[i]!.treatment!.acupoints);
      expect(e.treatment!.adjuncts.map((a) => a.note)).toEqual(e.treatment!.adjuncts.map(() => null));
    }
  });

  it('gives the front desk a FHIR export without note text, which still passes HL7’s schema with every reference resolved', async () => {
    const desk = await seat('desk');
    const mara = await seat('mara');
    const { patientId } = (await owner.get<{ patientId: number }>(
      `SELECT c.patient_id AS "patientId" FROM addendum a JOIN visit v ON v.id = a.record_id AND a.record_kind = 'visit' JOIN care_case c ON c.id = v.case_id
        ORDER BY a.id LIMIT 1`,
    ))!;
    const bundleOf = async (host: Host) => JSON.parse((await call<JsonFile>(host, 'fhirBundle', { patientId })).json) as FhirBundle;
    const full = await bundleOf(mara);
    const front = await bundleOf(desk);
    const types = (b: FhirBundle) => b.entry.map((e) => e.resource.resourceType);
    expect(types(full)).toContain('DocumentReference');
    expect(types(front)).not.toContain('DocumentReference');
    expect(front.entry.some((e) => e.resource.id.endsWith('-tcm'))).toBe(false);
    // Everything else the practitioner's export has, the front desk's has too: visits, billing, scores.
    const ids = (b: FhirBundle) => new Set(b.entry.map((e) => `${e.resource.resourceType}/${e.resource.id}`));
    const missing = [...ids(full)].filter((id) => !ids(front).has(id) && !id.startsWith('DocumentReference/') && !id.endsWith('-tcm'));
    expect(missing).toEqual([]);
    const subjective = await owner.get<{ s: string }>(
      `SELECT v.subjective AS s FROM visit v JOIN care_case c ON c.id = v.case_id WHERE c.patient_id = ? AND v.signed_at IS NOT NULL AND v.subjective IS NOT NULL LIMIT 1`,
      [patientId],
    );
    expect(JSON.stringify(front)).not.toContain(Buffer.from(`Subjective: ${subjective!.s}`).toString('base64').slice(0, 24));
    expect(fhirValidate(front)).toEqual([]);
    const inside = ids(front);
    expect(front.entry.flatMap((e) => referencesIn(e.resource)).filter((r) => !inside.has(r))).toEqual([]);
    const rows = await owner.all<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE db_user = ? AND action = 'export' AND entity = 'patient' ORDER BY id DESC LIMIT 1",
      [people.desk.login],
    );
    expect(rows[0]!.detail).toMatch(/^FHIR bundle, \d+ resources, without note text$/);
    // The chart copy likewise: every signed visit and its billing, none of what was written.
    const copy = await call<{ pdfBase64: string }>(desk, 'chartCopy', { patientId });
    const text = inspectPdf(Buffer.from(copy.pdfBase64, 'base64')).text.replace(/\s+/g, ' ');
    expect(text).toContain('Made at the front desk: note text, TCM findings, safety warnings and addenda are not included.');
    expect(text).toContain('Electronically signed by');
    expect(text).not.toContain(subjective!.s.replace(/\s+/g, ' ').slice(0, 30));
    const practitioners = inspectPdf(Buffer.from((await call<{ pdfBase64: string }>(mara, 'chartCopy', { patientId })).pdfBase64, 'base64')).text.replace(
      /\s+/g,
      ' ',
    );
    expect(practitioners).toContain(subjective!.s.replace(/\s+/g, ' ').slice(0, 30));
  });

  it('refuses a practitioner signing, or writing an addendum, as another — in plain SQL and in the app', async () => {
    const draftOfTheo = 107;
    await asPerson('mara', async (db) => {
      await expect(
        db.query("UPDATE visit SET signed_at = '2026-11-20T10:00:00Z', signed_by = 2, signer_name = 'Theo Lindqvist' WHERE id = $1", [draftOfTheo]),
      ).rejects.toThrow(/row-level security/);
      const signedOfMara = (await db.query('SELECT id FROM visit WHERE signed_by = 1 LIMIT 1')).rows[0].id;
      await expect(
        db.query("INSERT INTO addendum (record_kind, record_id, author_id, written_at, text) VALUES ('visit', $1, 2, '2026-11-20T10:00:00Z', 'Not mine')", [
          signedOfMara,
        ]),
      ).rejects.toThrow(/row-level security/);
      // A forged audit row still names who sent it.
      await db.query(
        "INSERT INTO audit_log (at, actor, action, entity, detail, db_user) VALUES ('2026-11-20T10:00:00Z', 'x', 'view', 'patient', 'forged', 'someone_else')",
      );
      expect((await db.query("SELECT db_user, actor FROM audit_log WHERE detail = 'forged'")).rows).toEqual([
        { db_user: people.mara.login, actor: people.mara.login },
      ]);
    });
    const mara = await seat('mara');
    expect(await mara.handle('signIn', { providerId: 2 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('as Mara Quinn') },
    });
    expect(await mara.handle('signVisit', { id: draftOfTheo, providerId: 2 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await owner.get<{ s: string | null }>('SELECT signed_at AS s FROM visit WHERE id = ?', [draftOfTheo]))!.s).toBeNull();
  });

  it('refuses the second of two saves of one draft with who saved it and when, and keeps what each typed', async () => {
    const [a, b] = [await seat('mara'), await seat('mara')];
    const draft = 81;
    const onA = await call<Visit>(a, 'getVisit', { id: draft });
    const onB = await call<Visit>(b, 'getVisit', { id: draft });
    const edit = (v: Visit, subjective: string) => {
      const { id, providerId, startedAt, faceMinutes, rounds, acupoints, triggerPoints, leadPairs, adverseEvents, version } = v;
      return { id, providerId, startedAt, faceMinutes, rounds, acupoints, triggerPoints, leadPairs, adverseEvents, subjective, version };
    };
    await call(b, 'keepUnsaved', { key: `visit.${draft}`, values: JSON.stringify({ subjective: 'Typed on B' }) });
    const saved = await call<Visit>(a, 'saveVisit', edit(onA, 'Typed on A'));
    expect(saved.version).toBe(onA.version + 1);
    const refused = await b.handle('saveVisit', edit(onB, 'Typed on B'));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/^Mara Quinn saved this visit at .+, after you opened it\. Your changes were not saved/) },
    });
    expect((await owner.get<{ s: string }>('SELECT subjective AS s FROM visit WHERE id = ?', [draft]))!.s).toBe('Typed on A');
    // B's typing is still in B's own safety copy; A does not see it.
    expect(await call(b, 'unsavedDraft', { key: `visit.${draft}` })).toMatchObject({ values: JSON.stringify({ subjective: 'Typed on B' }) });
    // Read again, B saves on top of A's version.
    const again = await call<Visit>(b, 'getVisit', { id: draft });
    expect((await call<Visit>(b, 'saveVisit', edit(again, 'Typed on A, then B'))).subjective).toBe('Typed on A, then B');
  });

  it('hears other seats from its open: the first answers of its change count hold still until something changes', async () => {
    const desk = await seat('desk');
    // Asked as the window asks, at once and then every 0.7 s: a count that moved with nothing changed
    // read every record on screen again during the start-up (issue 38).
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await call<{ seq: number; connected: boolean }>(desk, 'changes'));
    expect(answers.map((a) => a.connected)).toEqual([true, true, true]);
    expect(new Set(answers.map((a) => a.seq)).size).toBe(1);
  });

  it('tells another seat that a visit was signed, without its asking, and Review shows it', async () => {
    const [desk, theo] = [await seat('desk'), await seat('theo')];
    const first = await waitFor(async () => {
      const c = await call<{ seq: number; connected: boolean; shared: boolean }>(desk, 'changes');
      return c.connected ? c : null;
    });
    expect(first.shared).toBe(true);
    const before = await call<{ rows: { caseId: number }[] }>(desk, 'reviewCases', {});
    const draft = 151;
    const v = await call<Visit>(theo, 'getVisit', { id: draft });
    await call(theo, 'saveVisit', {
      id: draft,
      providerId: 2,
      startedAt: v.startedAt,
      faceMinutes: 30,
      subjective: 'Hamstring easier',
      acupoints: [{ code: 'BL40', side: 'B' }],
      version: v.version,
    });
    await call(theo, 'signVisit', { id: draft, providerId: 2 });
    // Heard through the change feed, not by reading the record again; how soon is the bench's to measure.
    await waitFor(async () => ((await call<{ seq: number }>(desk, 'changes')).seq > first.seq ? true : null));
    const after = await call<{ rows: { caseId: number; sessions: unknown }[] }>(desk, 'reviewCases', {});
    expect(after.rows.length).toBe(before.rows.length);
    expect(
      (await owner.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'sign' AND entity_id = ? AND db_user = ?", [
        draft,
        people.theo.login,
      ]))!.n,
    ).toBe(1);
  });

  it('says plainly when the server cannot be reached, and reconnects by itself', async () => {
    const proxy = await tcpProxy(new URL(admin).host);
    const desk = await seat('desk', `127.0.0.1:${proxy.port}`);
    await waitFor(async () => ((await call<{ connected: boolean }>(desk, 'changes')).connected ? true : null));
    proxy.cut();
    const down = await waitFor(async () => ((await call<{ connected: boolean }>(desk, 'changes')).connected ? null : true));
    expect(down).toBe(true);
    const refused = await desk.handle('savePatient', { firstName: 'Lost', lastName: 'Connection', dateOfBirth: '1991-01-01', sex: 'male' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'unreachable', message: expect.stringMatching(/not answering\. Nothing was saved; what you typed is kept/) },
    });
    proxy.resume();
    await waitFor(async () => ((await call<{ connected: boolean }>(desk, 'changes')).connected ? true : null));
    expect(await desk.handle('savePatient', { firstName: 'Back', lastName: 'Again', dateOfBirth: '1991-01-01', sex: 'male' })).toMatchObject({ ok: true });
    await desk.close();
    hosts.splice(hosts.indexOf(desk), 1);
    await proxy.close();
  });

  it('lets the owner, and only the owner, add a person whose login the server then lets in', async () => {
    const ownerSeat = await openHost(loginUrl(`owner_${tag}`), { actor: 'test', session: true, log: () => undefined });
    hosts.push(ownerSeat);
    expect(await call(ownerSeat, 'session')).toMatchObject({ seat: { role: 'owner' } });
    const login = `kai_${tag}`;
    const listed = await call<{ login: string; role: string }[]>(ownerSeat, 'savePerson', {
      login,
      name: 'Kai Ames',
      role: 'front_desk',
      providerId: null,
      password: PASSWORD,
    });
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ login, role: 'front_desk' })]));
    const client = new pg.Client({ connectionString: loginUrl(login) });
    await client.connect();
    await expect(client.query('SELECT subjective FROM visit LIMIT 1')).rejects.toThrow(/permission denied/);
    await client.end();
    // Refused: a new person without a password, a login the server has for something else, anyone but the owner.
    expect(await ownerSeat.handle('savePerson', { login: `new_${tag}`, name: 'No Password', role: 'front_desk', providerId: null })).toMatchObject({
      ok: false,
      error: { fields: { password: 'Password is required for a new person' } },
    });
    await owner.exec(`CREATE ROLE stranger_${tag} LOGIN`);
    expect(
      await ownerSeat.handle('savePerson', { login: `stranger_${tag}`, name: 'Taken', role: 'front_desk', providerId: null, password: PASSWORD }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', fields: { login: 'That login is taken on the server' } },
    });
    const theo = await seat('theo');
    expect(await theo.handle('savePerson', { login: `x_${tag}`, name: 'X', role: 'owner', providerId: null, password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await call<{ login: string }[]>(theo, 'listPeople')).map((p) => p.login)).toEqual(expect.arrayContaining([login, people.theo.login]));
    expect(await theo.handle('removePerson', { login })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A forgotten passcode: its person sets one, only an owner resets it, and the server says who did.
    await call(theo, 'setPasscode', { providerId: people.theo.providerId, passcode: 'theo-passphrase' });
    expect(await theo.handle('resetPasscode', { providerId: people.mara.providerId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await call(ownerSeat, 'resetPasscode', { providerId: people.theo.providerId });
    expect(await owner.get('SELECT has_passcode AS has, passcode_hash AS hash FROM provider WHERE id = ?', [people.theo.providerId])).toEqual({
      has: 0,
      hash: null,
    });
    expect(await owner.all("SELECT db_user, detail FROM audit_log WHERE entity = 'provider' AND detail LIKE 'passcode%' ORDER BY id")).toEqual(
      expect.arrayContaining([
        { db_user: people.theo.login, detail: 'passcode set' },
        { db_user: `owner_${tag}`, detail: 'passcode reset by an owner' },
      ]),
    );
    // Access taken away: the login no longer signs in, and is no longer one of the clinic's people.
    const kept = new pg.Client({ connectionString: loginUrl(login) });
    await kept.connect();
    const after = await call<{ login: string }[]>(ownerSeat, 'removePerson', { login });
    expect(after.map((p) => p.login)).not.toContain(login);
    // A connection still open loses its rights at once: not even the clinic's schema is its to see.
    await expect(kept.query('SELECT id FROM patient LIMIT 1')).rejects.toThrow(/permission denied|does not exist/);
    await kept.end();
    const gone = new pg.Client({ connectionString: loginUrl(login) });
    await expect(gone.connect()).rejects.toThrow(/not permitted to log in/);
    expect(await ownerSeat.handle('removePerson', { login: `owner_${tag}` })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('tells a seat on an older clinic database that the administrator upgrades it, and changes nothing', async () => {
    const older = `${schema}_old`;
    await (await openPostgres(admin, { schema: older, targetVersion: 20, max: 1 })).close();
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`GRANT USAGE ON SCHEMA ${older} TO needlebook_practitioner; GRANT SELECT ON ${older}.needlebook_schema TO needlebook_practitioner`);
    await client.end();
    const u = new URL(urlFor('mara'));
    u.searchParams.set('options', `-c search_path=${older}`);
    await expect(openHost(u.toString(), { actor: 'test', log: () => undefined })).rejects.toThrow(
      /^The clinic database is at version 20 and this Needlebook needs \d+\. The clinic’s administrator upgrades it first/,
    );
    const still = await openPostgres(admin, { schema: older, targetVersion: 20, max: 1 });
    expect(await still.schemaVersion()).toBe(20);
    await still.close();
  });

  it('exports the clinic to a solo file whose records equal the file it came from, ledger and all', async () => {
    const out = join(folder, 'export.db');
    const exported = needlebook('clinic', 'export', '--url', urlFor(), '--out', out, '--unencrypted');
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    const [original, copy] = [openSqlite(demoFile), openSqlite(out)];
    try {
      // The clinic has since changed (the tests above: patients added, a visit billed, drafts saved and one signed, typing kept):
      // every other table is equal to the file it came from.
      const differences = await compareRecords(original, copy);
      expect(differences.map((d) => d.table).filter((t) => !/^(patient|visit|visit_\w+|billing_line\w*|unsaved_draft)$/.test(t))).toEqual([]);
      const [a, b] = [sealsOf(await readLedger(original)), sealsOf(await readLedger(copy))];
      expect(b.slice(0, a.length)).toEqual(a);
      expect(needlebook('check', '--db', out).out).toMatch(/signed records: \d+ verified in \d+ ms, ok/);
      expect(needlebook('clinic', 'export', '--url', urlFor(), '--out', out, '--unencrypted')).toMatchObject({
        code: 1,
        err: expect.stringContaining('exists'),
      });
    } finally {
      await original.close();
      await copy.close();
    }
  });

  it('writes the clinic export encrypted with the key given: no word of a note in any byte, and it opens with the key', async () => {
    const out = join(folder, 'export-encrypted.db');
    const noted = await owner.get<{ subjective: string }>("SELECT subjective FROM visit WHERE subjective LIKE '% %' ORDER BY length(subjective) DESC LIMIT 1");
    const word = noted!.subjective.split(/[^A-Za-z]+/).sort((a, b) => b.length - a.length)[0]!;
    expect(word.length).toBeGreaterThan(6);
    const r = spawnSync(process.execPath, ['electron/needlebook.mjs', 'clinic', 'export', '--url', urlFor(), '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, NEEDLEBOOK_PASSWORD: PASSWORD, NEEDLEBOOK_KEY: 'the clinic export passphrase' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/(?:[0-9A-Z]{4}-){13}[0-9A-Z]{3}/);
    expect(readFileSync(out).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
    for (const f of readdirSync(folder).filter((n) => n.startsWith('export-encrypted')))
      expect(readFileSync(join(folder, f)).includes(Buffer.from(word))).toBe(false);
    // The control: the word is in the export, read through its key.
    const raw = openRaw(out, { readonly: true }, keyFromSecret(out, 'the clinic export passphrase'));
    try {
      expect((raw.prepare('SELECT count(*) AS n FROM visit WHERE subjective LIKE ?').get(`%${word}%`) as { n: number }).n).toBeGreaterThan(0);
    } finally {
      raw.close();
    }
  });

  it('moves the demo file in and straight back out equal, and a second import writes nothing', async () => {
    const fresh = `${schema}_2`;
    const url = new URL(urlFor());
    url.searchParams.set('options', `-c search_path=${fresh}`);
    await owner.exec(`CREATE SCHEMA ${fresh}`);
    // A seat that opens the clinic before the file is moved in (its open fills the search words of
    // the patients on file: none yet) does not leave the moved records unsearchable.
    await (await openHost(url.toString(), { actor: 'test', log: () => undefined })).close();
    expect(needlebook('clinic', 'import', '--db', demoFile, '--url', url.toString()).out).toMatch(/every table compared equal/);
    const after = await openHost(url.toString(), { actor: 'test', log: () => undefined });
    try {
      const byName = valueOf(await after.handle('listPatients', { search: 'ana re', limit: 25 })) as { rows: { firstName: string }[] };
      expect(byName.rows.map((p) => p.firstName)).toContain('Ana');
      const byPoint = valueOf(await after.handle('searchNotes', { query: 'ST36', limit: 10 })) as { source: string }[];
      expect(byPoint.map((h) => h.source)).toContain('treatment');
    } finally {
      await after.close();
    }
    const again = needlebook('clinic', 'import', '--db', demoFile, '--url', url.toString());
    expect(again.out).toMatch(/^Every record is already in .*, equal: nothing was written\.$/m);
    const out = join(folder, 'round-trip.db');
    expect(needlebook('clinic', 'export', '--url', url.toString(), '--out', out, '--unencrypted').code).toBe(0);
    const [original, copy] = [openSqlite(demoFile), openSqlite(out)];
    try {
      expect(await compareRecords(original, copy)).toEqual([]);
      expect(sealsOf(await readLedger(copy))).toEqual(sealsOf(await readLedger(original)));
    } finally {
      await original.close();
      await copy.close();
    }
  });

  it('connects over TLS with the server certificate verified when the URL asks (sslmode=verify-full)', async () => {
    const u = new URL(urlFor('desk'));
    u.searchParams.set('sslmode', 'verify-full');
    u.searchParams.set('sslrootcert', process.env.NEEDLEBOOK_TEST_PG_CA!);
    const engine = await openPostgres(u.toString(), { max: 1 });
    try {
      expect(await engine.get('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).toEqual({ ssl: true });
    } finally {
      await engine.close();
    }
    // A certificate the CA did not sign is refused.
    u.searchParams.set('sslrootcert', join(folder, 'other-ca.crt'));
    spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=other',
      '-keyout',
      join(folder, 'other.key'),
      '-out',
      join(folder, 'other-ca.crt'),
    ]);
    await expect(openPostgres(u.toString(), { max: 1 })).rejects.toThrow(/certificate/);
  });
});

async function waitFor<T>(probe: () => Promise<T | null>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A loopback relay to the server that can be cut (every connection dropped, new ones refused) and resumed. */
async function tcpProxy(target: string) {
  const [host, port] = [target.split(':')[0]!, Number(target.split(':')[1])];
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = connect(port, host);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => (client.destroy(), upstream.destroy());
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    cut: () => {
      open = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    resume: () => {
      open = true;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
