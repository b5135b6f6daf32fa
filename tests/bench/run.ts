import { draftInput } from './draft-input';
import { patientCsv } from '../support/patient-csv';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDemoClinic } from '../../db/demo/demo';
import type { Db } from '../../db/engine/types';
import type { SqliteEngine } from '../../db/engine/sqlite';
import { openHost } from '../../db/host';
import { useDataKey } from '../../db/engine/cipher';
import { keyForRun } from '../../db/key-intake';
import type { BatchFilePart, BatchStatus } from '../../shared/billing';
import type { PatientPage } from '../../shared/patient';
import type { ReviewPage } from '../../shared/review';
import { NOTE_SEARCH_WINDOW } from '../../shared/timeline';
import { copySignedVisits, median, readSignedRowsOnly } from './signed-records';
import { measureScreens } from './ui';
import { copyOfSeeded, seededClinic } from './seeded';
import { coldStart, type ColdStart } from './cold-start';
import { bothEngines } from './both-engines';
import { checkCommandPeak } from './check-memory';
import { monthBatchInItsOwnProcess } from './batch-process';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { transferRecords } from '../../db/clinic/transfer';
import { addPerson, grantClinicRights, removePerson } from '../../db/clinic/roles';
import { randomBytes } from 'node:crypto';
import { openSqlite } from '../../db/engine/sqlite';

/**
 * `npm run bench [-- --engine postgres] [--patients N] [--json FILE]`: the service on the demo
 * clinic grown to N patients over ten years, on a real file (or a fresh schema on the PostgreSQL
 * server named by --db or NEEDLEBOOK_TEST_PG), through the same dispatch the UI uses (schema parse
 * and audit included). Per operation it prints how many rows came back, the median and 95th
 * percentile, and the floor: the median of hand-written SQL fetching the same rows on the same
 * connection, with nothing around it but the rows the product must write with them (the access
 * row of an audited read, in the read's transaction; the audit row of a write, in the write's).
 * The ratio is how far the service is above that floor.
 * docs/performance.md gives the targets.
 */
const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '100' },
    engine: { type: 'string', default: 'sqlite' },
    db: { type: 'string' },
    signed: { type: 'string', default: '20000' },
    json: { type: 'string' },
    ui: { type: 'boolean', default: false },
    /** Keep the seeded file (SQLite) for a look afterwards, e.g. in the preview harness. */
    keep: { type: 'boolean', default: false },
    /** Measure this SQLite file, seeded already by an earlier --keep, instead of seeding a new one. */
    file: { type: 'string' },
    /** Seed a new SQLite clinic rather than copy the one kept for this size (tests/bench/seeded.ts). */
    fresh: { type: 'boolean', default: false },
    /** The cold start in Chromium (tests/bench/cold-start.ts); --no-cold leaves it out. */
    cold: { type: 'boolean', default: true },
    /** Only the cold start (with the seeding or the kept clinic's copy before it): a quick look at the first launch of a day. */
    'cold-only': { type: 'boolean', default: false },
    /**
     * PostgreSQL: the clinic moved in from the kept SQLite clinic of this size, as `needlebook
     * clinic import` moves a solo practice's file in (db/clinic/transfer.ts), rather than charted
     * through the service: at 18,000 patients that seeding takes hours on a two-core machine.
     */
    'moved-in': { type: 'boolean', default: false },
    /**
     * PostgreSQL: measure in this schema, kept between runs (created when missing, never dropped),
     * rather than a schema of the run's own. With --moved-in the clinic is moved in only while the
     * schema holds no patient, so the 400 s move at 18,000 patients is paid once; the app's open
     * brings it up to the latest migration on every run.
     */
    schema: { type: 'string' },
    /**
     * Only the operations whose name matches this pattern, and no month batch or ledger
     * verification: a quick before-and-after of a few rows while working on their plans.
     */
    only: { type: 'string' },
  },
  allowNegative: true,
});
// Both engines: each measured in its own process, then printed side by side (tests/bench/both-engines.ts).
if (values.engine === 'both') {
  await bothEngines(process.argv.slice(2), values.json);
  process.exit(0);
}
const loadAtStart = loadavg();
/** Peak resident memory of this process at the end of each phase, MiB (process.resourceUsage's maxRSS). */
const memory: Record<string, number> = {};
const phaseDone = (phase: string) => (memory[phase] = Math.round(process.resourceUsage().maxRSS / 1024));
let PATIENTS = Number(values.patients);
const RUNS = Number(values.runs);
const ENGINE = values.engine === 'postgres' ? 'postgres' : 'sqlite';

const dir = mkdtempSync(join(tmpdir(), 'needlebook-bench-'));
// The clinic of this size kept from an earlier run is copied (seeded once, minutes at 18,000 patients).
const kept = ENGINE === 'sqlite' && !values.file && !values.fresh && !process.env.NEEDLEBOOK_KEY ? await seededClinic(PATIENTS, console.error) : null;
if (kept) copyOfSeeded(kept.file, join(dir, 'bench.db'));
const file = values.file ?? join(dir, 'bench.db');
const keptSchema = values.schema ?? null;
if (keptSchema !== null && !/^[a-z_][a-z0-9_]*$/.test(keptSchema)) throw new Error(`--schema ${keptSchema}: lower-case letters, digits and _ only`);
const schema = keptSchema ?? `bench_${process.pid}`;
const only = values.only ? new RegExp(values.only) : null;
const serverUrl = values.db ?? process.env.NEEDLEBOOK_TEST_PG;
if (ENGINE === 'postgres' && !serverUrl) throw new Error('--engine postgres needs --db postgres://… or NEEDLEBOOK_TEST_PG');
const admin = ENGINE === 'postgres' ? new pg.Client({ connectionString: serverUrl }) : null;
let target = file;
if (admin) {
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${keptSchema !== null ? 'IF NOT EXISTS ' : ''}${schema}`);
  const url = new URL(serverUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  target = url.toString();
}
// An encrypted clinic (tests/bench/cipher.ts measures one beside the plain one): its key from NEEDLEBOOK_KEY.
const secret = ENGINE === 'sqlite' ? (process.env.NEEDLEBOOK_KEY ?? null) : null;
useDataKey(ENGINE === 'sqlite' ? await keyForRun(target, { secret, prompt: null, creates: true, unencrypted: secret === null, say: () => {} }) : null);
const host = await openHost(target, { actor: 'bench', log: () => {} });
const db = host.engine;

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const outcome = await host.handle(channel, input);
  if (!outcome.ok) throw new Error(`${channel}: ${outcome.error.message}`);
  return outcome.value as T;
}

interface Figure {
  name: string;
  size: number;
  runs: number;
  median: number;
  p95: number;
  floor: number | null;
  ratio: number | null;
}
const figures: Figure[] = [];
const sizeOf = (result: unknown): number => {
  if (Array.isArray(result)) return result.length;
  const list = result && typeof result === 'object' ? ((result as { rows?: unknown }).rows ?? (result as { notes?: unknown }).notes) : null;
  return Array.isArray(list) ? list.length : 1;
};
async function timed<S>(
  fn: (i: number, given: S) => Promise<unknown>,
  runs: number,
  before?: (i: number) => Promise<S>,
): Promise<{ times: number[]; result: unknown }> {
  const times: number[] = [];
  let result: unknown;
  for (let i = 0; i < runs; i++) {
    // What the screen holds before the call (a form open on its record) is fetched outside the clock.
    const given = (before ? await before(i) : undefined) as S;
    const t = performance.now();
    result = await fn(i, given);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { times, result };
}
const at = (times: number[], p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
/**
 * One operation through the service, and beside it (when given) its floor: raw SQL for the same
 * rows. `before` fetches, untimed, what the screen already holds when the call is made (a form
 * open on the record it saves), for the call and its floor alike.
 */
async function measure<S = undefined>(
  name: string,
  fn: (i: number, given: S) => Promise<unknown>,
  floor: ((i: number, given: S) => Promise<unknown>) | null,
  { runs = RUNS, before }: { runs?: number; before?: (i: number) => Promise<S> } = {},
): Promise<void> {
  // A fifth as many runs first, untimed, for the service and its floor alike: the figures are those
  // of a window open all day (statements prepared, code compiled), not of the first call of a
  // session. The screen figures (--ui) time opening the app cold.
  if (only && !only.test(name)) return;
  const warm = Math.max(5, Math.ceil(runs / 5));
  await timed(fn, warm, before);
  const { times, result } = await timed(fn, runs, before);
  if (floor) await timed(floor, warm, before);
  const base = floor ? at((await timed(floor, runs, before)).times, 0.5) : null;
  const median = at(times, 0.5);
  figures.push({ name, size: sizeOf(result), runs, median, p95: at(times, 0.95), floor: base, ratio: base ? median / base : null });
}
/** A floor of several statements, one after another, as the service would need at the least. */
const sql =
  (...statements: [string, unknown[]?][]) =>
  async (_i?: number, on: Db = db) => {
    for (const [text, params] of statements) await on.all(text, params ?? []);
  };
const AUDIT_ROW = 'INSERT INTO audit_log (at, actor, provider_id, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)';
const auditRow = (on: Db, action: string, entity: string, id: number | null) =>
  on.run(AUDIT_ROW, [new Date().toISOString(), 'bench', null, action, entity, id, null]);
/**
 * The floor of an audited read: its statements and the access row every look leaves, in one
 * transaction that does not wait for the disk, as the service must (db/queries/audit.ts,
 * `auditedRead`). Without the row the floor would be a read the product may not make.
 */
const looked =
  (floor: (i: number, on: Db) => Promise<unknown>, entity = 'patient') =>
  (i: number) =>
    db.transaction(
      async (tx) => {
        await floor(i, tx);
        await auditRow(tx, 'view', entity, 1);
      },
      { waitForDisk: false },
    );

const t0 = performance.now();
// A clinic kept by --keep is measured again as it is (--file): no second ten-minute seeding.
let movedSeconds: number | null = null;
const movedInAlready = keptSchema !== null && (await db.get<{ n: number }>('SELECT count(*) AS n FROM patient'))!.n > 0;
if (ENGINE === 'postgres' && values['moved-in'] && !movedInAlready) {
  const from = await seededClinic(PATIENTS, console.error);
  // A copy: opening a file writes to it (its log, its lock), and the kept clinic stays as it was.
  const copy = join(dir, 'moved-from.db');
  copyOfSeeded(from.file, copy);
  const source = openSqlite(copy, { quickCheckLater: true });
  try {
    const t = performance.now();
    await transferRecords(source, db);
    movedSeconds = (performance.now() - t) / 1000;
    console.error(`moved the kept ${PATIENTS}-patient clinic in (needlebook clinic import) in ${movedSeconds.toFixed(1)} s`);
  } finally {
    await source.close();
    rmSync(copy, { force: true });
  }
}
const already = (await db.get<{ n: number }>('SELECT count(*) AS n FROM patient'))!.n;
if (already > 0) PATIENTS = already;
else await createDemoClinic(db, { today: new Date(), patients: PATIENTS });
const seedSeconds = movedSeconds !== null ? null : already > 0 ? (kept?.seedSeconds ?? null) : (performance.now() - t0) / 1000;
phaseDone('seed');

/**
 * The day's first launch: Review's rows as the last pass left them yesterday, the whole ledger
 * verified up to what was signed before (as the app leaves it each day), no backup of today.
 */
const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA');
/** The clinic login the PostgreSQL cold start opens as (dropped with the bench's schema). */
let seatLogin: string | null = null;
async function seatOf(owner: string): Promise<string> {
  await grantClinicRights(db);
  const provider = (await db.get<{ id: number }>('SELECT id FROM provider WHERE active = 1 ORDER BY id LIMIT 1'))!;
  seatLogin = `bench_${process.pid}_seat`;
  const password = randomBytes(12).toString('hex');
  await addPerson(db, { login: seatLogin, name: 'Bench Practitioner', role: 'practitioner', providerId: provider.id, password }, new Date().toISOString());
  const url = new URL(owner);
  url.username = seatLogin;
  url.password = password;
  return url.toString();
}
const dropSeat = async () => {
  if (admin && seatLogin) await admin.query(`DROP ROLE IF EXISTS ${seatLogin}`);
};
const today = new Date().toLocaleDateString('en-CA');
const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA');
/**
 * Yesterday's mark, nothing left stale, and the rows that turn tomorrow (a flag coming or going:
 * migration 34's `changes_on`) due today: the kept rows were made on the day the clinic was kept,
 * and a morning meets about as many turning rows as the next one does. What each of them kept for
 * its turn (`next`, db/queries/review-rows.ts) is for today too, as it would be on their own morning.
 */
const firstOfDay = (engine: 'sqlite' | 'postgres'): [string, unknown[]][] => [
  ['UPDATE review_day SET day = ? || substr(day, 11) WHERE one = 1', [yesterday]],
  ['DELETE FROM review_stale', []],
  [
    engine === 'sqlite'
      ? "UPDATE review_row SET row = json_set(row, '$.next.from', ?) WHERE changes_on > ? AND changes_on <= ? AND json_type(row, '$.next') IS NOT NULL"
      : "UPDATE review_row SET row = jsonb_set(row::jsonb, '{next,from}', to_jsonb(?::text))::text WHERE changes_on > ? AND changes_on <= ? AND (row::jsonb -> 'next') IS NOT NULL",
    [today, today, tomorrow],
  ],
  ['UPDATE review_row SET changes_on = ? WHERE changes_on > ? AND changes_on <= ?', [today, today, tomorrow]],
];
const FIRST_OF_DAY = firstOfDay(ENGINE);
let cold: ColdStart | null = null;
if (values.cold) {
  if (ENGINE === 'sqlite') {
    // Its own copy: the bench's connection holds the file's lock, as the app would.
    const coldFile = join(dir, 'cold.db');
    if (!kept) {
      // A clinic seeded by this run: its head kept, its log folded into the file, then copied.
      await ok('verifyRecords', {});
      (db as SqliteEngine).connection.pragma('wal_checkpoint(TRUNCATE)');
    }
    copyOfSeeded(kept?.file ?? file, coldFile);
    const raw = new BetterSqlite3(coldFile);
    try {
      for (const [sql, params] of FIRST_OF_DAY) raw.prepare(sql).run(...params);
    } finally {
      raw.close();
    }
    // The copy just made is written back first: a launch does not find 500 MB of someone else's
    // writes on their way to the disk.
    execFileSync('sync');
    cold = await coldStart(coldFile);
    rmSync(coldFile, { force: true });
    // Its start-up backup wrote the clinic's file twice over (the copy and its check): written back
    // to the disk now, so that the screen calls' commits do not wait behind that writeback.
    execFileSync('sync');
  } else {
    // The head kept as the app keeps it, then the day set back.
    await ok('verifyRecords', {});
    // Rows an upgrade left due (a kept schema of an earlier version) made once, as yesterday's use made them.
    await db.run(FIRST_OF_DAY[0]![0], FIRST_OF_DAY[0]![1]);
    await ok('reviewCases', {});
    for (const [sql, params] of FIRST_OF_DAY) await db.run(sql, params);
    // Opened as a practitioner's seat opens it, with a clinic login of its own: the tables' owner
    // opening would put back guards (a twin schema built on the server) that a seat never touches.
    cold = await coldStart(await seatOf(target));
    // Its person removed again: a kept schema (--schema) is opened by the next run's own seat.
    await removePerson(db, seatLogin!);
  }
  phaseDone('cold start');
}
if (values['cold-only']) {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
  if (admin) {
    if (keptSchema === null) await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await dropSeat();
    await admin.end();
  }
  console.log(`Needlebook bench — ${ENGINE}, ${PATIENTS} patients, cold start only`);
  console.log(JSON.stringify(cold, null, 2));
  if (values.json)
    writeFileSync(values.json, `${JSON.stringify({ engine: ENGINE, patients: PATIENTS, loadAtStart, load: loadavg(), coldStart: cold, memory }, null, 2)}\n`);
  process.exit(0);
}

const firstPage = await ok<PatientPage>('listPatients', { sort: 'name', limit: 25 });
let cursor = firstPage.next;
const deepCursors: string[] = [];
while (cursor && deepCursors.length < 150) {
  deepCursors.push(cursor);
  cursor = (await ok<PatientPage>('listPatients', { sort: 'name', limit: 25, after: cursor })).next;
}
const deep = deepCursors[deepCursors.length - 1]!;

const PATIENT_ROW = `SELECT p.*, (SELECT r.name FROM race r WHERE r.patient_id = p.id AND r.race_date >= '2000-01-01' ORDER BY r.race_date, r.id LIMIT 1) AS race FROM patient p`;
// A first page shows "1–25 of N": its floor counts the patients too, as the searches' floors do.
// Later pages by keyset carry the count in their cursor (db/queries/patient-list.ts), so theirs does not.
const ACTIVE_COUNT: [string] = ['SELECT count(*) AS n FROM patient p WHERE p.archived_at IS NULL'];
const deepKey = (await db.get<{ k: string; id: number }>(
  `SELECT sort_name AS k, id FROM patient WHERE archived_at IS NULL ORDER BY sort_name, id LIMIT 1 OFFSET ?`,
  [deepCursors.length * 25 - 1],
))!;
await measure(
  'list patients, first page (name)',
  async () => ok('listPatients', { sort: 'name', limit: 25 }),
  sql(ACTIVE_COUNT, [`${PATIENT_ROW} WHERE p.archived_at IS NULL ORDER BY p.sort_name, p.id LIMIT 26`]),
);
await measure(
  'list patients, first page (date of birth, desc)',
  async () => ok('listPatients', { sort: 'dateOfBirth', direction: 'desc', limit: 25 }),
  sql(ACTIVE_COUNT, [`${PATIENT_ROW} WHERE p.archived_at IS NULL ORDER BY p.date_of_birth DESC, p.id DESC LIMIT 26`]),
);
await measure(
  `list patients, page ${deepCursors.length + 1} by keyset`,
  async () => ok('listPatients', { sort: 'name', limit: 25, after: deep }),
  sql([`${PATIENT_ROW} WHERE p.archived_at IS NULL AND (p.sort_name, p.id) > (?, ?) ORDER BY p.sort_name, p.id LIMIT 26`, [deepKey.k, deepKey.id]]),
);
const namePart = (w: string) => `p.id IN (SELECT patient_id FROM patient_name_part WHERE part >= '${w}' AND part < '${w}\u{10FFFF}')`;
await measure(
  'search by name ("ana re")',
  async () => ok('listPatients', { search: 'ana re', limit: 25 }),
  looked(
    sql(
      [`SELECT count(*) AS n FROM patient p WHERE ${namePart('ana')} AND ${namePart('re')} AND p.archived_at IS NULL`],
      [`${PATIENT_ROW} WHERE ${namePart('ana')} AND ${namePart('re')} AND p.archived_at IS NULL ORDER BY p.sort_name, p.id LIMIT 26`],
    ),
    'patients',
  ),
);
await measure(
  'search by date of birth',
  async () => ok('listPatients', { search: '3/7/1984', limit: 25 }),
  looked(
    sql(
      [`SELECT count(*) AS n FROM patient p WHERE p.date_of_birth = '1984-03-07' AND p.archived_at IS NULL`],
      [`${PATIENT_ROW} WHERE p.date_of_birth = '1984-03-07' AND p.archived_at IS NULL ORDER BY p.sort_name, p.id LIMIT 26`],
    ),
    'patients',
  ),
);
const openPatientFloor = (i: number, on: Db) =>
  sql(['SELECT * FROM patient WHERE id = ?', [1 + (i % PATIENTS)]], ['SELECT * FROM race WHERE patient_id = ? ORDER BY race_date', [1 + (i % PATIENTS)]])(
    0,
    on,
  );
await measure('open a patient (with races)', async (i) => ok('getPatient', { id: 1 + (i % PATIENTS) }), looked(openPatientFloor));
// The save as the form makes it: the patient is open on the screen already (fetched untimed), and
// the wait is the save's one call.
await measure(
  'save a patient (one transaction + audit)',
  async (i, p: Record<string, unknown>) => {
    const { archivedAt: _a, createdAt: _c, updatedAt: _u, ...input } = p;
    await ok('savePatient', { ...input, weeklyVolume: (input.weeklyVolume as number) + (i % 2) });
  },
  // The change and the audit row that names it.
  async (i) =>
    db.transaction(async (tx) => {
      await tx.run('UPDATE patient SET weekly_volume = coalesce(weekly_volume, 0) + ? WHERE id = ?', [i % 2, 1 + (i % PATIENTS)]);
      await auditRow(tx, 'update', 'patient', 1 + (i % PATIENTS));
    }),
  { before: (i) => ok<Record<string, unknown>>('getPatient', { id: 1 + (i % PATIENTS) }) },
);

// Charting at the table: opening a case timeline, a visit, the autosave of a draft, and search.
const caseIds = ((await db.all('SELECT id FROM care_case ORDER BY id')) as { id: number }[]).map((r) => r.id);
const longest = (await db.get('SELECT case_id AS id, count(*) AS n FROM visit GROUP BY case_id ORDER BY n DESC LIMIT 1')) as { id: number; n: number };
const draftIds = ((await db.all('SELECT id FROM visit WHERE signed_at IS NULL ORDER BY id')) as { id: number }[]).map((r) => r.id);
const signedIds = ((await db.all('SELECT id FROM visit WHERE signed_at IS NOT NULL ORDER BY id LIMIT 1000')) as { id: number }[]).map((r) => r.id);
const VISIT_CHILDREN = ['visit_acupoint', 'visit_trigger_point', 'visit_lead_pair', 'visit_round', 'visit_adjunct', 'visit_adverse_event'];
// The rows a case's timeline shows and its progress is worked out from, each table read once: the
// case and its diagnoses, its assessments (and their scores) and visits with their authors, the
// visits' treatment rows, the addenda, the patient's races and training phase, the clinic's MCIDs.
const OF_CASE_VISITS = 'JOIN visit v ON v.id = x.visit_id WHERE v.case_id = ?';
const caseFloor = (id: number, on: Db) =>
  sql(
    [
      `SELECT c.*, p.first_name, p.last_name, p.training_phase,
              (SELECT count(*) FROM visit v WHERE v.case_id = c.id AND v.signed_at IS NOT NULL) AS sessions
         FROM care_case c JOIN patient p ON p.id = c.patient_id WHERE c.id = ?`,
      [id],
    ],
    ['SELECT * FROM case_diagnosis WHERE case_id = ? ORDER BY position', [id]],
    ['SELECT a.*, p.name FROM assessment a JOIN provider p ON p.id = a.provider_id WHERE a.case_id = ? ORDER BY a.assessed_on', [id]],
    ['SELECT v.*, p.name FROM visit v JOIN provider p ON p.id = v.provider_id WHERE v.case_id = ? ORDER BY v.started_at', [id]],
    ['SELECT o.* FROM assessment_outcome o JOIN assessment a ON a.id = o.assessment_id WHERE a.case_id = ?', [id]],
    ...['visit_round', 'visit_acupoint', 'visit_trigger_point', 'visit_lead_pair', 'visit_adjunct'].map((t): [string, unknown[]] => [
      `SELECT x.* FROM ${t} x ${OF_CASE_VISITS}`,
      [id],
    ]),
    ["SELECT x.* FROM addendum x WHERE x.record_kind = 'visit' AND x.record_id IN (SELECT id FROM visit WHERE case_id = ?)", [id]],
    ["SELECT x.* FROM addendum x WHERE x.record_kind = 'assessment' AND x.record_id IN (SELECT id FROM assessment WHERE case_id = ?)", [id]],
    ['SELECT r.* FROM race r JOIN care_case c ON c.patient_id = r.patient_id WHERE c.id = ?', [id]],
    ['SELECT * FROM clinic_mcid'],
  )(0, on);
await measure(
  'open a case timeline',
  async (i) => ok('getCase', { id: caseIds[i % caseIds.length] }),
  looked((i, on) => caseFloor(caseIds[i % caseIds.length]!, on), 'case'),
);
await measure(
  `open the longest timeline (${longest.n} visits)`,
  async () => ok('getCase', { id: longest.id }),
  looked((_i, on) => caseFloor(longest.id, on), 'case'),
);
const visitFloor = (id: number, on: Db) =>
  sql(['SELECT * FROM visit WHERE id = ?', [id]], ...VISIT_CHILDREN.map((t): [string, unknown[]] => [`SELECT * FROM ${t} WHERE visit_id = ?`, [id]]), [
    "SELECT * FROM addendum WHERE record_kind = 'visit' AND record_id = ?",
    [id],
  ])(0, on);
await measure(
  'open a visit',
  async (i) => ok('getVisit', { id: signedIds[i % signedIds.length] }),
  looked((i, on) => visitFloor(signedIds[i % signedIds.length]!, on), 'visit'),
);
// An autosave as the chart makes it: the draft is open on the screen (fetched untimed) and the
// wait is the save's one call (renderer/src/chart/useVisitChart.ts).
await measure(
  'autosave a draft visit (its rows kept, search index)',
  async (i, v: Record<string, unknown>) => ok('saveVisit', { ...draftInput(v), subjective: `Autosave ${i}: pain easing on the long run.` }),
  // Its text and the audit row; the checks and the search entries the service writes are not in
  // it, so this floor is the least it could be.
  async (i) =>
    db.transaction(async (tx) => {
      await tx.run('UPDATE visit SET subjective = ? WHERE id = ?', [`Autosave ${i}: pain easing on the long run.`, draftIds[i % draftIds.length]]);
      await auditRow(tx, 'update', 'visit', draftIds[i % draftIds.length]!);
    }),
  { before: (i) => ok<Record<string, unknown>>('getVisit', { id: draftIds[i % draftIds.length] }) },
);
const noteFloor = (words: string[], window: number, ranked = false) =>
  looked((_i, on) => on.all(db.dialect.noteSearch.hits(window, ranked, 30), { match: db.dialect.noteSearch.query(words) }), 'notes');
await measure('search notes ("taut band"), newest first', async () => ok('searchNotes', { query: 'taut band' }), noteFloor(['taut', 'band'], 30));
await measure(
  'search notes ("taut band"), best match',
  async () => ok('searchNotes', { query: 'taut band', order: 'best' }),
  noteFloor(['taut', 'band'], NOTE_SEARCH_WINDOW, true),
);
await measure('search notes, rare word ("bruise")', async () => ok('searchNotes', { query: 'bruise' }), noteFloor(['bruise'], 30));

// Billing: a visit's billing panel, one patient's month superbill, and the review dashboard.
const billedVisit = ((await db.get('SELECT visit_id AS id FROM billing_line LIMIT 1')) as { id: number }).id;
const busiest = (await db.get(
  `SELECT c.patient_id AS id, substr(v.started_at, 1, 7) AS month FROM billing_line b JOIN visit v ON v.id = b.visit_id JOIN care_case c ON c.id = v.case_id
     GROUP BY c.patient_id, month ORDER BY count(*) DESC LIMIT 1`,
)) as { id: number; month: string };
const [by, bm] = busiest.month.split('-').map(Number) as [number, number];
const monthEnd = `${busiest.month}-${String(new Date(Date.UTC(by, bm, 0)).getUTCDate()).padStart(2, '0')}`;
const monthLines = sql([
  `SELECT b.*, v.started_at FROM billing_line b JOIN visit v ON v.id = b.visit_id JOIN care_case c ON c.id = v.case_id
   WHERE c.patient_id = ? AND v.started_at >= ? AND v.started_at < ?`,
  [busiest.id, `${busiest.month}-01`, `${monthEnd}T99`],
]);
// The rows a visit's billing panel is made from: the visit and its treatment (what the suggestions
// count), the case's diagnoses, the fee schedule, the visit's lines with the diagnoses each was
// billed with, its payments, and the patient's other lines that day (the day rules).
const billingFloor = sql(
  ['SELECT * FROM visit WHERE id = ?', [billedVisit]],
  ...VISIT_CHILDREN.filter((t) => t !== 'visit_adverse_event').map((t): [string, unknown[]] => [`SELECT * FROM ${t} WHERE visit_id = ?`, [billedVisit]]),
  ['SELECT d.* FROM case_diagnosis d JOIN visit v ON v.case_id = d.case_id WHERE v.id = ?', [billedVisit]],
  ['SELECT * FROM fee_schedule'],
  ['SELECT b.*, f.description FROM billing_line b LEFT JOIN fee_schedule f ON f.code = b.code WHERE b.visit_id = ?', [billedVisit]],
  ['SELECT d.* FROM billing_line_diagnosis d JOIN billing_line b ON b.id = d.billing_line_id WHERE b.visit_id = ?', [billedVisit]],
  ['SELECT * FROM payment WHERE visit_id = ?', [billedVisit]],
  [
    `SELECT b.code, b.modifiers, b.units FROM visit this JOIN care_case tc ON tc.id = this.case_id
       JOIN care_case c ON c.patient_id = tc.patient_id JOIN visit o ON o.case_id = c.id JOIN billing_line b ON b.visit_id = o.id
      WHERE this.id = ? AND substr(o.started_at, 1, 10) = substr(this.started_at, 1, 10) AND o.id <> this.id`,
    [billedVisit],
  ],
);
await measure('open a visit’s billing (suggestions + totals)', async () => ok('getVisitBilling', { visitId: billedVisit }), looked(billingFloor, 'visit'));
await measure(
  'superbill PDF, one patient’s busiest month (export)',
  async () => ok('superbill', { patientId: busiest.id, from: `${busiest.month}-01`, to: monthEnd }),
  monthLines,
  { runs: 50 },
);
await measure('progress report PDF (export)', async (i) => ok('progressReport', { caseId: caseIds[i % caseIds.length] }), null, { runs: 50 });
// Issue 36: the chart copy and the FHIR Bundle of the patient whose case has the most signed visits.
const longestRecord = (await db.get(
  `SELECT c.patient_id AS id, count(*) AS visits FROM visit v JOIN care_case c ON c.id = v.case_id WHERE v.signed_at IS NOT NULL
    GROUP BY c.id, c.patient_id ORDER BY count(*) DESC, c.id LIMIT 1`,
)) as { id: number; visits: number };
await measure(
  `chart copy PDF, longest case (${longestRecord.visits} signed visits) (export)`,
  async () => ok('chartCopy', { patientId: longestRecord.id }),
  null,
  { runs: 10 },
);
await measure(`FHIR Bundle, same patient (export)`, async () => ok('fhirBundle', { patientId: longestRecord.id }), null, { runs: 10 });
// Issue 36, point 4: a 10,000-row CSV from another system (BOM, semicolons, 50 bad rows, 20 matches)
// checked against every patient on file. The commit is measured by tests/integration/patient-import.test.ts's
// run, not here: it would leave 10,000 more patients in a bench file that is seeded once and reused.
const importCsv = patientCsv(10_000, { bad: 50, duplicates: 20 }).text;
await measure('CSV import preview, 10,000 rows (audited read)', async () => ok('previewPatientImport', { csv: importCsv }), null, { runs: 5 });

// The review dashboard: the first call of the day makes the rows whose day has come (timed apart:
// yesterday's mark and the rows turning tomorrow due today, as for the cold start); then any
// filter and sort, first and later pages.
for (const [statement, params] of FIRST_OF_DAY) await db.run(statement, params);
const dueRows = Number((await db.get<{ n: number | string }>('SELECT count(*) AS n FROM review_row WHERE changes_on <= ?', [today]))!.n);
const passStart = performance.now();
await ok('reviewCases', { limit: 50 });
const reviewPassSeconds = (performance.now() - passStart) / 1000;
const reviewFloor = (where: string, order: string, params: unknown[] = []) =>
  looked(
    sql(
      [
        `SELECT count(*) AS n, sum(due) AS due, sum(not_improving) AS worse, sum(CASE WHEN race_date <= '2000-01-01' THEN 1 ELSE 0 END) AS race FROM review_row`,
      ],
      [`SELECT row FROM review_row WHERE ${where} ORDER BY ${order}, patient_key, case_id LIMIT 51`, params],
    ),
    'review',
  );
const laterPage = async (query: Record<string, unknown>, pages: number): Promise<string | undefined> => {
  let after: string | undefined;
  for (let i = 0; i < pages; i++) after = (await ok<ReviewPage>('reviewCases', { ...query, ...(after ? { after } : {}) })).next ?? after;
  return after;
};
await measure('review dashboard, first 50 (flags)', async () => ok('reviewCases', { limit: 50 }), reviewFloor('1 = 1', 'flags_key DESC'));
const page5 = await laterPage({ sort: 'patient', direction: 'asc', limit: 50 }, 4);
const page5Row = await db.get<{ k: string; id: number }>(
  'SELECT patient_key AS k, case_id AS id FROM review_row ORDER BY patient_key, case_id LIMIT 1 OFFSET 199',
);
// A small clinic (a quick run on both engines) has no fifth page: the later pages are measured from 250 active cases.
if (page5Row && page5)
  await measure(
    'review dashboard, page 5 by patient (keyset)',
    async () => ok('reviewCases', { sort: 'patient', direction: 'asc', limit: 50, after: page5 }),
    reviewFloor('(patient_key, case_id) > (?, ?)', 'patient_key', [page5Row.k, page5Row.id]),
  );
await measure(
  'review dashboard, not improving, by change',
  async () => ok('reviewCases', { filter: 'not_improving', sort: 'change', direction: 'asc', limit: 50 }),
  reviewFloor('not_improving = 1', 'change_key'),
);
const duePage = { filter: 'reassessment_due', sort: 'nextReassessment', direction: 'asc', limit: 50 };
const duePage3 = await laterPage(duePage, 2);
if (duePage3)
  await measure(
    'review dashboard, re-assessment due, page 3 by next re-assessment',
    async () => ok('reviewCases', { ...duePage, after: duePage3 }),
    reviewFloor('due = 1', 'reassessment_key'),
  );
await measure(
  'review dashboard, race soon, by race',
  async () => ok('reviewCases', { filter: 'race_soon', sort: 'nextRace', direction: 'asc', limit: 50 }),
  reviewFloor("race_date <= '2099-01-01'", 'race_date'),
);
await measure(
  'unsigned notes, the oldest 50 and the counts (Review)',
  async () => ok('unsignedNotes', {}),
  looked(
    sql(
      ['SELECT v.id, v.started_at, v.created_at FROM visit v WHERE v.signed_at IS NULL'],
      ['SELECT a.id, a.assessed_on, a.created_at FROM assessment a WHERE a.signed_at IS NULL'],
    ),
    'unsigned notes',
  ),
);
await measure(
  'a patient’s safety screen and consents',
  async (i) => ok('patientSafety', { patientId: 1 + (i % PATIENTS) }),
  looked((i, on) =>
    sql(['SELECT * FROM patient_safety WHERE patient_id = ?', [1 + (i % PATIENTS)]], ['SELECT * FROM consent WHERE patient_id = ?', [1 + (i % PATIENTS)]])(
      0,
      on,
    ),
  ),
);
// Not a screen call: the row every look at a record leaves (docs/tamper-evidence.md), written alone
// in raw SQL (its own transaction, not waiting for the disk). Every audited read's floor above
// writes it too, inside the read's transaction, so this is how much of such a floor it is.
await measure(
  'the access row every look writes (raw SQL, its own transaction)',
  looked(async () => {}),
  null,
);
/** The clinic's busiest billing month: the batch a clinic owner waits longest for. */
const batchMonth = (await db.get<{ month: string }>(
  `SELECT substr(v.started_at, 1, 7) AS month FROM billing_line b JOIN visit v ON v.id = b.visit_id WHERE v.signed_at IS NOT NULL
     GROUP BY 1 ORDER BY count(DISTINCT v.id) DESC, 1 LIMIT 1`,
))!.month;
/** The month batch as the screen runs it: start the job, poll it, take the ZIP. */
async function monthBatch(): Promise<{ superbills: number; seconds: number; megabytes: number }> {
  const start = performance.now();
  let status = await ok<BatchStatus>('superbillBatch', { month: batchMonth });
  while (status.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await ok<BatchStatus>('superbillBatchStatus', { jobId: status.jobId });
  }
  if (status.state !== 'done') throw new Error(`month batch ${status.state}: ${status.message}`);
  // Taken slice by slice, as the download takes it (shared/batch-download.ts).
  let size = 0;
  for (let offset = 0, part: BatchFilePart; offset === 0 || offset < size; offset += part.bytes.length) {
    part = await ok<BatchFilePart>('superbillBatchFile', { jobId: status.jobId, offset });
    size = part.size;
  }
  return { superbills: status.entries.length, seconds: (performance.now() - start) / 1000, megabytes: size / 1024 / 1024 };
}
phaseDone('screen calls');
const monthRuns = only ? [] : [await monthBatch(), await monthBatch(), await monthBatch()];
phaseDone('month batch');

const counts = (await db.get<Record<string, number>>(
  'SELECT (SELECT count(*) FROM care_case) AS cases, (SELECT count(*) FROM review_row) AS active, (SELECT count(*) FROM visit) AS visits, (SELECT count(*) FROM assessment) AS assessments',
))!;

// Tamper evidence at ten years: the clinic's signed visits copied (with their treatment rows) and
// sealed until there are at least VERIFY_TARGET signed records, then every one re-hashed. The floor
// is reading the same rows without hashing them.
const VERIFY_TARGET = Number(values.signed);
const signedCount = async () =>
  (await db.get<{ n: number }>(
    'SELECT (SELECT count(*) FROM visit WHERE signed_at IS NOT NULL) + (SELECT count(*) FROM assessment WHERE signed_at IS NOT NULL) + (SELECT count(*) FROM addendum) AS n',
  ))!.n;
const clinicSigned = await signedCount();
const cloneStart = performance.now();
if (!only) await copySignedVisits(db, VERIFY_TARGET - clinicSigned);
const cloneSeconds = (performance.now() - cloneStart) / 1000;
const verifyTimes: number[] = [];
const floorTimes: number[] = [];
let verified = 0;
for (let i = 0; i < (only ? 0 : 3); i++) {
  let t = performance.now();
  const report = await ok<{ checked: number; problems: unknown[] }>('verifyRecords', {});
  verifyTimes.push(performance.now() - t);
  verified = report.checked;
  if (report.problems.length > 0) throw new Error(`verify found ${report.problems.length} problems in the bench clinic`);
  t = performance.now();
  await readSignedRowsOnly(db);
  floorTimes.push(performance.now() - t);
}

phaseDone('verify records');
const size = ENGINE === 'sqlite' ? statSync(file).size : 0;
await host.close();
// `needlebook check` of the same file, the bench's copies of signed records included, in a process of its own.
const checkCommand = ENGINE === 'sqlite' && !only ? await checkCommandPeak(file) : null;
// The month batch in a process of its own, on the app's bundles: its peak memory (issue 38, point 5).
const batchProcess = ENGINE === 'sqlite' && !only ? await monthBatchInItsOwnProcess(['--file', file]) : null;
if (batchProcess && 'said' in batchProcess) throw new Error(`the month batch's own process did not measure: ${batchProcess.said}`);
// The screens, on the same file once the bench's own connection is closed (SQLite only: the harness serves a file).
const screens = values.ui && ENGINE === 'sqlite' ? await measureScreens(file, batchMonth, RUNS, monthRuns.length) : null;
if (values.keep || values.file) console.error(`bench clinic kept in ${file}`);
else rmSync(dir, { recursive: true, force: true });
if (admin) {
  if (keptSchema === null) await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  else console.error(`bench schema kept: ${schema}`);
  await dropSeat();
  await admin.end();
}

const header = ['operation', 'rows', 'runs', 'median ms', 'p95 ms', 'floor ms', 'ratio'];
const table = figures.map((f) => [
  f.name,
  String(f.size),
  String(f.runs),
  f.median.toFixed(2),
  f.p95.toFixed(2),
  f.floor?.toFixed(2) ?? '—',
  f.ratio ? `${f.ratio.toFixed(1)}×` : '—',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(
  `Needlebook bench — ${ENGINE}, ${PATIENTS} patients${ENGINE === 'sqlite' ? `, file ${(size / 1024 / 1024).toFixed(1)} MiB` : ''}, Node ${process.version}`,
);
console.log(
  `seeded ${PATIENTS} patients, ${counts.cases} cases (${counts.active} active), ${counts.assessments} assessments and ${counts.visits} visits${movedSeconds !== null ? ` (moved in from the kept file in ${movedSeconds.toFixed(1)} s)` : seedSeconds === null ? ' (seeded earlier)' : ` in ${seedSeconds.toFixed(1)} s`}`,
);
console.log(line(header));
for (const r of table) console.log(line(r));
console.log(`review rows made by the day's first dashboard call: ${dueRows} due of ${counts.active} active cases, in ${reviewPassSeconds.toFixed(2)} s`);
console.log(
  `verify records: ${verified} signed records (${clinicSigned} charted, the rest copied in ${cloneSeconds.toFixed(1)} s): ` +
    `median ${(median(verifyTimes) / 1000).toFixed(2)} s; floor (reading the same rows, no hashing) ${(median(floorTimes) / 1000).toFixed(2)} s`,
);
if (checkCommand)
  console.log(
    `needlebook check of the same file, a process of its own: ${checkCommand.intact ? 'intact' : 'NOT INTACT'} in ${checkCommand.seconds.toFixed(1)} s, peak ${checkCommand.peakMiB} MiB`,
  );
if (batchProcess)
  console.log(
    `month batch ${batchProcess.month} in a process of its own (the app's bundles): ${batchProcess.superbills} superbills in ${batchProcess.batchSeconds.toFixed(1)} s, ` +
      `peak ${batchProcess.peakRssMiB} MiB (${batchProcess.peakAfterBatchMiB ?? '?'} after the batch, before the ZIP was taken; ${batchProcess.peakRssBeforeMiB} before the batch)` +
      `${batchProcess.madeOnMainThread ? '; a PDF thread was lost and superbills were made on the main thread' : ''}`,
  );
for (const [i, run] of monthRuns.entries())
  console.log(
    `month batch ${batchMonth}, run ${i + 1}: ${run.superbills} superbills in ${run.seconds.toFixed(2)} s (${(run.superbills / run.seconds).toFixed(0)} a second), ZIP ${run.megabytes.toFixed(1)} MiB`,
  );
if (cold) {
  console.log(
    `cold start, first launch of the day (fresh process, Review's rows from yesterday, no backup of today): process ready ${cold.processReadyMs.toFixed(0)} ms (the database's open ${cold.openMs?.toFixed(0) ?? '?'} ms of it), ` +
      `launch → Review rows ${cold.launchToRowsMs.toFixed(0)} ms, the open and the page to the rows ${cold.openToRowsMs?.toFixed(0) ?? '?'} ms (less ${cold.signInWaitMs?.toFixed(0) ?? '?'} ms the sign-in form waited for its button); then ${cold.calls} screen calls while the start-up work ran (${(cold.startupWorkMs / 1000).toFixed(1)} s): longest ${cold.longestCallMs.toFixed(1)} ms (${cold.longestCall ?? '?'}), p95 ${cold.callP95Ms?.toFixed(1) ?? '?'} ms; ` +
      `integrity at rows: ${cold.integrityAtRows ? `${cold.integrityAtRows.scope}, ${cold.integrityAtRows.checked} re-hashed${cold.integrityAtRows.pending ? ', whole ledger pending' : ''}` : '—'}; ` +
      `peak memory of the database process ${cold.memory.ready} / ${cold.memory.rows} / ${cold.memory.startupDone} MiB (ready / rows / start-up done); load ${cold.load.atStart.map((l) => l.toFixed(2)).join(' ')}`,
  );
}
console.log(
  `peak memory of the bench process by phase (MiB): ${Object.entries(memory)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}; load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at start, ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at end`,
);
if (screens) {
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const service = median(monthRuns.map((r) => r.seconds));
  console.log(
    `Chromium: Review click → first case row: median ${at(sorted(screens.navigation), 0.5).toFixed(0)} ms, p95 ${at(sorted(screens.navigation), 0.95).toFixed(0)} ms (${screens.navigation.length} runs); ` +
      `opening the app on Review: median ${at(sorted(screens.coldOpen), 0.5).toFixed(0)} ms`,
  );
  console.log(
    `Chromium: month batch through the Superbills screen ${screens.batchSeconds.map((s) => `${s.toFixed(2)} s`).join(', ')}: median ${median(screens.batchSeconds).toFixed(2)} s, ` +
      `${(median(screens.batchSeconds) / service).toFixed(2)}× the service's median ${service.toFixed(2)} s`,
  );
}
if (values.json) {
  writeFileSync(
    values.json,
    `${JSON.stringify(
      {
        engine: ENGINE,
        encrypted: secret !== null,
        load: loadavg(),
        loadAtStart,
        patients: PATIENTS,
        node: process.version,
        seedSeconds,
        movedSeconds,
        operations: figures,
        monthBatch: monthRuns,
        screens,
        coldStart: cold,
        memory,
        verify: { records: verified, medianSeconds: median(verifyTimes) / 1000, floorSeconds: median(floorTimes) / 1000 },
        checkCommand,
        batchProcess,
        reviewPassSeconds,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`figures written to ${values.json}`);
}
