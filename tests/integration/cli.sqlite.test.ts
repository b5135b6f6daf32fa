import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../db/migrations';
import { readPdf } from '../support/pdf';

const dir = mkdtempSync(join(tmpdir(), 'needlebook-cli-'));
/** Runs the real bin entry, as `npx needlebook` does. */
const needlebook = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['electron/needlebook.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

// One demo clinic made by the command line for the whole file; each test works on its own copy
// (a test may tamper with or damage it), which takes milliseconds where `demo` takes seconds.
const seeded = join(dir, 'seeded.db');
let seeding = { code: null as number | null, out: '', err: '' };
beforeAll(() => {
  seeding = needlebook('demo', '--db', seeded, '--unencrypted');
  expect(seeding.err).toBe('');
  expect(seeding.code).toBe(0);
});
/** A copy of the seeded demo clinic at `db` (closed cleanly by the command line, so its WAL is empty). */
function demoAt(db: string): void {
  copyFileSync(seeded, db);
  for (const suffix of ['-wal', '-shm']) if (existsSync(seeded + suffix)) copyFileSync(seeded + suffix, db + suffix);
}

describe('needlebook command line', () => {
  it('audit prints who did and who looked at what, for one patient, as a table or JSON', () => {
    const db = join(dir, 'audited.db');
    demoAt(db);
    const report = join(dir, 'audited-progress.pdf');
    expect(needlebook('report', 'progress', '--case', '1', '--out', report, '--db', db).code).toBe(0);
    const raw = new BetterSqlite3(db, { readonly: true });
    const { patientId } = raw.prepare('SELECT patient_id AS "patientId" FROM care_case WHERE id = 1').get() as { patientId: number };
    raw.close();

    const json = needlebook('audit', '--db', db, '--patient', String(patientId), '--json');
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.out) as { action: string; entity: string; entityId: number; patientId: number; actor: string }[];
    expect(entries[0]).toMatchObject({ action: 'export', entity: 'case', entityId: 1, patientId, actor: 'needlebook report' });
    expect(entries.every((e) => e.patientId === patientId)).toBe(true);
    expect(entries.some((e) => e.action === 'sign' && e.entity === 'visit')).toBe(true);

    const table = needlebook('audit', '--db', db, '--action', 'export');
    expect(table.out.split('\n')[0]).toBe('AT\tACTOR\tPROVIDER\tACTION\tRECORD\tPATIENT\tDETAIL');
    expect(table.out).toMatch(/\tneedlebook report\t—\texport\tcase 1\t\d+\tprogress report/);
    const bad = needlebook('audit', '--db', db, '--patient', 'abc');
    expect(bad.err).toContain('id must be a number');
    expect(bad.code).toBe(1);
  });

  it('check exits 1 naming a signed visit altered through the driver after its guard was dropped', () => {
    const db = join(dir, 'tampered.db');
    demoAt(db);
    const clean = needlebook('check', '--db', db);
    expect(clean.out).toMatch(/^signed records: \d+ verified in \d+ ms, ok$/m);
    expect(clean.out).toContain('guards: ok');
    expect(clean.code).toBe(0);

    // Through SQLite itself, outside Needlebook. (Not the stock sqlite3 shell: one older than 3.42,
    // as Debian 12 ships, cannot write the note search index since migration 26, FTS5 secure-delete.)
    const raw = new BetterSqlite3(db);
    const { id } = raw.prepare('SELECT id FROM visit WHERE signed_at IS NOT NULL ORDER BY id LIMIT 1').get() as { id: number };
    raw.exec(`DROP TRIGGER visit_signed_no_update; UPDATE visit SET plan = 'changed later' WHERE id = ${id};`);
    raw.close();

    const check = needlebook('check', '--db', db);
    expect(check.out).toContain('guards: missing visit_signed_no_update');
    expect(check.out).toMatch(/^signed records: \d+ verified in \d+ ms, 1 do not match$/m);
    expect(check.out).toContain(`  visit ${id} was altered after it was signed`);
    expect(check.code).toBe(1);
  });

  it('creates a demo clinic, checks it, and refuses to add a second demo on top', () => {
    // What `demo` printed when the file's clinic was made (beforeAll); then a copy to check.
    expect(seeding.out).toMatch(/^Demo clinic created in .*seeded\.db: 1 clinic, 2 providers, 36 patients, \d+ races\.$/m);
    expect(seeding.out).toMatch(/^Charted \d+ cases with \d+ signed assessments and \d+ visits \(\d+ signed\)\.$/m);
    const db = join(dir, 'demo.db');
    demoAt(db);

    const raw = new BetterSqlite3(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM patient WHERE primary_sport IS NOT NULL AND weekly_volume > 0').get()).toEqual({ n: 36 });
    expect((raw.prepare('SELECT count(*) AS n FROM race').get() as { n: number }).n).toBeGreaterThan(30);
    expect(raw.prepare('SELECT count(DISTINCT npi) AS n FROM provider').get()).toEqual({ n: 2 });
    raw.close();

    const check = needlebook('check', '--db', db);
    expect(check.out).toContain(`schema version: ${LATEST_VERSION} (this Needlebook: ${LATEST_VERSION})`);
    expect(check.out).toContain('integrity_check: ok');
    expect(check.code).toBe(0);

    const again = needlebook('demo', '--db', db, '--unencrypted');
    expect(again.code).toBe(1);
    expect(again.err).toContain('already has 36 patients');
  });

  it('check exits 1 for a damaged file and names the problem', () => {
    const db = join(dir, 'damaged.db');
    demoAt(db);
    const raw = new BetterSqlite3(db);
    const { rootpage } = raw.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'patient_by_name'").get() as { rootpage: number };
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close(); // checkpoints the WAL into the main file
    // Scribble over the cells of one index page, as a failing disk would.
    const bytes = readFileSync(db);
    bytes.fill(0x5a, (rootpage - 1) * pageSize + 64, rootpage * pageSize - 8);
    writeFileSync(db, bytes);
    const check = needlebook('check', '--db', db);
    expect(check.code).toBe(1);
    expect(check.out + check.err).not.toContain('integrity_check: ok');
  });

  it('check exits 1 for a missing file without creating it', () => {
    const check = needlebook('check', '--db', join(dir, 'nope.db'));
    expect(check.code).toBe(1);
    expect(check.err).toContain('no data file at');
    expect(needlebook('check', '--db', join(dir, 'nope.db')).err).toContain('no data file at');
  });

  it('uses the app data file when --db is left out', () => {
    const demo = needlebook('demo', '--unencrypted');
    expect(demo.out).toContain(join(dir, 'config', 'Needlebook', 'needlebook.db'));
    expect(needlebook('check').code).toBe(0);
  });

  it('explains itself', () => {
    const help = needlebook('--help').out;
    for (const command of ['demo', 'check', 'cases', 'catalog']) expect(help).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(needlebook('demo', '--help').out).toContain('Usage: needlebook demo [--db FILE|URL]');
    expect(needlebook('check', '--help').out).toContain('Usage: needlebook check [--db FILE|URL]');
    const unknown = needlebook('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('unknown command "frobnicate"');
  });
});

describe('needlebook cases', () => {
  it('prints every case of the demo clinic with its derived framework numbers', () => {
    const db = join(dir, 'cases.db');
    demoAt(db);
    const run = needlebook('cases', '--db', db, '--json');
    expect(run.code).toBe(0);
    const cases = JSON.parse(run.out) as Record<string, unknown>[];
    const raw = new BetterSqlite3(db, { readonly: true });
    expect(cases).toHaveLength((raw.prepare('SELECT count(*) AS n FROM care_case').get() as { n: number }).n);
    for (const c of cases) {
      expect(Object.keys(c).sort()).toEqual(
        [
          'condition',
          'expectedMax',
          'expectedMin',
          'flags',
          'id',
          'nextReassessment',
          'onsetDate',
          'patientId',
          'phase',
          'sessionsDone',
          'startDate',
          'status',
        ].sort(),
      );
      const signed = raw.prepare('SELECT count(*) AS n FROM visit WHERE case_id = ? AND signed_at IS NOT NULL').get(c.id) as { n: number };
      expect(c.sessionsDone).toBe(signed.n);
    }
    raw.close();
    expect(new Set(cases.map((c) => c.phase))).toEqual(new Set(['acute', 'subacute', 'chronic', 'maintenance']));
    expect(needlebook('cases', '--db', db).out.split('\n')[0]).toBe('ID\tPATIENT\tCONDITION\tPHASE\tSESSIONS\tNEXT RE-ASSESSMENT\tFLAGS');
  });
});

describe('needlebook report progress', () => {
  it('writes a progress report PDF for a demo case, and refuses a case that does not exist', () => {
    const db = join(dir, 'report.db');
    demoAt(db);
    const out = join(dir, 'case-2.pdf');
    const run = needlebook('report', 'progress', '--db', db, '--case', '2', '--out', out);
    expect(run.err).toBe('');
    expect(run.out).toContain('written to');
    const { text } = readPdf(out);
    const raw = new BetterSqlite3(db, { readonly: true });
    const c = raw
      .prepare(
        "SELECT p.first_name || ' ' || p.last_name AS name, c.condition_text AS cond FROM care_case c JOIN patient p ON p.id = c.patient_id WHERE c.id = 2",
      )
      .get() as { name: string; cond: string };
    raw.close();
    expect(text).toContain(c.name);
    expect(text).toContain(c.cond);
    const missing = needlebook('report', 'progress', '--db', db, '--case', '999', '--out', join(dir, 'x.pdf'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Case 999 does not exist');
    expect(needlebook('report', 'summary', '--db', db, '--case', '2', '--out', out).err).toContain('unknown report "summary"');
  });
});

describe('needlebook superbill and superbills', () => {
  it('prints a demo patient’s superbill with every field a payer needs, and a month whose index matches its PDFs', () => {
    const db = join(dir, 'bills.db');
    demoAt(db);
    const raw = new BetterSqlite3(db, { readonly: true });
    // The demo patient with the most billed visits, over their whole history.
    const who = raw
      .prepare(
        `SELECT c.patient_id AS id, min(substr(v.started_at, 1, 10)) AS first, max(substr(v.started_at, 1, 10)) AS last
         FROM billing_line b JOIN visit v ON v.id = b.visit_id JOIN care_case c ON c.id = v.case_id GROUP BY c.patient_id ORDER BY count(*) DESC LIMIT 1`,
      )
      .get() as { id: number; first: string; last: string };
    const patient = raw.prepare('SELECT date_of_birth AS dob, insurance_member_id AS member FROM patient WHERE id = ?').get(who.id) as {
      dob: string;
      member: string;
    };
    const codes = raw
      .prepare('SELECT DISTINCT b.code FROM billing_line b JOIN visit v ON v.id = b.visit_id JOIN care_case c ON c.id = v.case_id WHERE c.patient_id = ?')
      .all(who.id) as { code: string }[];
    const dx = raw
      .prepare(
        'SELECT DISTINCT d.code FROM case_diagnosis d JOIN care_case c ON c.id = d.case_id WHERE c.patient_id = ? AND EXISTS (SELECT 1 FROM visit v JOIN billing_line b ON b.visit_id = v.id WHERE v.case_id = c.id)',
      )
      .all(who.id) as { code: string }[];
    const npis = raw
      .prepare(
        'SELECT DISTINCT p.npi FROM provider p JOIN visit v ON v.provider_id = p.id JOIN care_case c ON c.id = v.case_id WHERE c.patient_id = ? AND v.signed_at IS NOT NULL',
      )
      .all(who.id) as { npi: string }[];
    const charged = raw
      .prepare(
        'SELECT sum(b.units * b.fee_cents) AS c FROM billing_line b JOIN visit v ON v.id = b.visit_id JOIN care_case c ON c.id = v.case_id WHERE c.patient_id = ?',
      )
      .get(who.id) as { c: number };
    const paid = raw
      .prepare(
        'SELECT coalesce(sum(amount_cents), 0) AS c FROM payment WHERE patient_id = ? AND (visit_id IN (SELECT DISTINCT visit_id FROM billing_line) OR (visit_id IS NULL AND paid_on BETWEEN ? AND ?))',
      )
      .get(who.id, who.first, who.last) as { c: number };
    raw.close();

    const out = join(dir, 'superbill.pdf');
    const run = needlebook('superbill', '--db', db, '--patient', String(who.id), '--from', who.first, '--to', who.last, '--out', out);
    expect(run.code).toBe(0);
    const { text, pages } = readPdf(out);
    expect(pages).toBeGreaterThan(1);
    const [y, m, d] = patient.dob.split('-').map(Number) as [number, number, number];
    const dob = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    for (const expected of [...npis.map((n) => n.npi), '93-4417820', dob, patient.member, ...codes.map((c) => c.code), ...dx.map((c) => c.code)])
      expect(text).toContain(expected);
    const usd = (cents: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
    expect(text).toMatch(new RegExp(`Total charged\\s+\\${usd(charged.c)}`));
    expect(text).toMatch(new RegExp(`Total paid\\s+\\${usd(paid.c)}`));
    expect(text).toMatch(new RegExp(`Balance due\\s+\\(?\\${usd(Math.abs(charged.c - paid.c))}`));

    const month = who.last.slice(0, 7);
    const folder = join(dir, 'month');
    expect(needlebook('superbills', '--db', db, '--month', month, '--out', folder).code).toBe(0);
    // One ZIP in the folder, renamed into place whole (no temporary file beside it), that Info-ZIP tests clean.
    expect(readdirSync(folder)).toEqual([`superbills-${month}.zip`]);
    const zipPath = join(folder, `superbills-${month}.zip`);
    expect(execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const unzipped = unzipSync(readFileSync(zipPath));
    const index = new TextDecoder().decode(unzipped[`superbills-${month}-index.csv`]).trim().split('\r\n').slice(1);
    expect(index.length).toBeGreaterThan(0);
    for (const row of index) {
      const [, name, , rowCharged, , , file] = row.split(',');
      const pdf = readPdf(unzipped[file!]!);
      expect(pdf.text).toContain(name!);
      expect(pdf.text).toContain(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(rowCharged)));
    }
    expect(needlebook('superbills', '--db', db, '--month', '2026-13', '--out', folder).err).toContain('Month must look like 2026-03');
  });
});

describe('needlebook call', () => {
  const db = join(dir, 'call.db');
  it('runs a channel with the app’s schema and prints its result as JSON', () => {
    demoAt(db);
    const r = needlebook('call', 'listPatients', '--db', db, '--input', '{"sort":"name","limit":3}');
    expect(r.code).toBe(0);
    const page = JSON.parse(r.out) as { rows: { lastName: string }[]; total: number };
    expect(page.total).toBe(36);
    expect(page.rows).toHaveLength(3);
    const names = page.rows.map((p) => p.lastName.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('searches the whole ICD-10-CM set: searchDiagnoses is a channel like any other', () => {
    const r = needlebook('call', 'searchDiagnoses', '--db', db, '--input', '{"query":"m766","limit":5}');
    expect(r.code).toBe(0);
    // The demo clinic's own recent codes lead, so the order is theirs; the three codes are the set's.
    expect((JSON.parse(r.out) as { code: string; description: string }[]).map((h) => `${h.code} ${h.description}`).sort()).toEqual([
      'M76.60 Achilles tendinitis, unspecified leg',
      'M76.61 Achilles tendinitis, right leg',
      'M76.62 Achilles tendinitis, left leg',
    ]);
    const header = needlebook(
      'call',
      'saveCase',
      '--db',
      db,
      '--input',
      JSON.stringify({ patientId: 1, conditionText: 'x', side: 'right', onsetDate: '2026-01-01', startDate: '2026-01-02', diagnoses: [{ code: 'M62.83' }] }),
    );
    expect(header.code).toBe(1);
    expect(JSON.parse(header.out)).toMatchObject({
      code: 'invalid_input',
      fields: { 'diagnoses.0.code': expect.stringMatching(/^M62\.83 is a category header/) },
    });
  });

  it('prints a refusal as structured JSON and exits 1', () => {
    const r = needlebook('call', 'saveClinic', '--db', db, '--input', '{"name":""}');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ code: 'invalid_input', fields: { name: 'Clinic name is required' } });
  });

  it('refuses an unknown channel and input that is not JSON, and names the channels', () => {
    const unknown = needlebook('call', 'dropEverything', '--db', db);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('unknown channel "dropEverything"');
    expect(unknown.err).toContain('listPatients');
    expect(needlebook('call', 'listPatients', '--db', db, '--input', '{nope').err).toContain('--input is not valid JSON');
  });
});
