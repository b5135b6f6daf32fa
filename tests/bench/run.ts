import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDemoClinic } from '../../db/demo/demo';
import { openHost } from '../../db/host';
import type { PatientPage } from '../../shared/patient';
import { copySignedVisits, median, readSignedRowsOnly } from './signed-records';

/**
 * `npm run bench [-- --engine postgres] [--patients N]`: the service at clinic scale, on a real
 * file (or a fresh schema on the PostgreSQL server named by --db or NEEDLEBOOK_TEST_PG), through
 * the same dispatch the UI uses (schema parse included). Prints median and 95th percentile per
 * operation.
 */
const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '200' },
    engine: { type: 'string', default: 'sqlite' },
    db: { type: 'string' },
    signed: { type: 'string', default: '100000' },
  },
});
const PATIENTS = Number(values.patients);
const RUNS = Number(values.runs);
const ENGINE = values.engine === 'postgres' ? 'postgres' : 'sqlite';

const dir = mkdtempSync(join(tmpdir(), 'needlebook-bench-'));
const file = join(dir, 'bench.db');
const schema = `bench_${process.pid}`;
const serverUrl = values.db ?? process.env.NEEDLEBOOK_TEST_PG;
if (ENGINE === 'postgres' && !serverUrl) throw new Error('--engine postgres needs --db postgres://… or NEEDLEBOOK_TEST_PG');
const admin = ENGINE === 'postgres' ? new pg.Client({ connectionString: serverUrl }) : null;
let target = file;
if (admin) {
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(serverUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  target = url.toString();
}
const host = await openHost(target, { actor: 'bench', log: () => {} });
const db = host.engine;

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const outcome = await host.handle(channel, input);
  if (!outcome.ok) throw new Error(`${channel}: ${outcome.error.message}`);
  return outcome.value as T;
}

const rows: string[][] = [];
async function measure(name: string, fn: (i: number) => Promise<unknown>, runs = RUNS): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  rows.push([name, String(runs), q(0.5).toFixed(3), q(0.95).toFixed(3), (1000 / q(0.5)).toFixed(0)]);
}

const t0 = performance.now();
await createDemoClinic(db, { today: new Date(), patients: PATIENTS });
const seedSeconds = (performance.now() - t0) / 1000;

const firstPage = await ok<PatientPage>('listPatients', { sort: 'name', limit: 25 });
let cursor = firstPage.next;
const deepCursors: string[] = [];
while (cursor && deepCursors.length < 150) {
  deepCursors.push(cursor);
  cursor = (await ok<PatientPage>('listPatients', { sort: 'name', limit: 25, after: cursor })).next;
}
const deep = deepCursors[deepCursors.length - 1]!;

await measure('list patients, first page (name)', async () => ok('listPatients', { sort: 'name', limit: 25 }));
await measure('list patients, first page (date of birth, desc)', async () => ok('listPatients', { sort: 'dateOfBirth', direction: 'desc', limit: 25 }));
await measure(`list patients, page ${deepCursors.length + 1} by keyset`, async () => ok('listPatients', { sort: 'name', limit: 25, after: deep }));
await measure('search by name ("ana re")', async () => ok('listPatients', { search: 'ana re', limit: 25 }));
await measure('search by date of birth', async () => ok('listPatients', { search: '3/7/1984', limit: 25 }));
await measure('open a patient (with races)', async (i) => ok('getPatient', { id: 1 + (i % PATIENTS) }));
await measure(
  'save a patient (one transaction + audit)',
  async (i) => {
    const p = await ok<Record<string, unknown>>('getPatient', { id: 1 + (i % PATIENTS) });
    const { archivedAt: _a, createdAt: _c, updatedAt: _u, ...input } = p;
    await ok('savePatient', { ...input, weeklyVolume: (input.weeklyVolume as number) + (i % 2) });
  },
  100,
);

// Charting at the table: opening a case timeline, a visit, the autosave of a draft, and search.
const caseIds = ((await db.all('SELECT id FROM care_case ORDER BY id')) as { id: number }[]).map((r) => r.id);
const longest = (await db.get('SELECT case_id AS id, count(*) AS n FROM visit GROUP BY case_id ORDER BY n DESC LIMIT 1')) as { id: number; n: number };
const draftIds = ((await db.all('SELECT id FROM visit WHERE signed_at IS NULL ORDER BY id')) as { id: number }[]).map((r) => r.id);
const signedIds = ((await db.all('SELECT id FROM visit WHERE signed_at IS NOT NULL ORDER BY id LIMIT 1000')) as { id: number }[]).map((r) => r.id);
await measure('open a case timeline', async (i) => ok('getCase', { id: caseIds[i % caseIds.length] }));
await measure(`open the longest timeline (${longest.n} visits)`, async () => ok('getCase', { id: longest.id }));
await measure('open a visit', async (i) => ok('getVisit', { id: signedIds[i % signedIds.length] }));
await measure(
  'autosave a draft visit (replace all rows + search index)',
  async (i) => {
    const v = await ok<Record<string, unknown>>('getVisit', { id: draftIds[i % draftIds.length] });
    const {
      caseId: _c,
      patientId: _p,
      number: _n,
      signature: _s,
      addenda: _a,
      createdAt: _cr,
      updatedAt: _up,
      signedWarnings: _w,
      safetyOverride: _o,
      ...input
    } = v;
    await ok('saveVisit', { ...input, subjective: `Autosave ${i}: pain easing on the long run.` });
  },
  100,
);
await measure('search notes ("taut band")', async () => ok('searchNotes', { query: 'taut band' }));
await measure('search notes, rare word ("bruise")', async () => ok('searchNotes', { query: 'bruise' }));

// Billing: a visit's billing panel, one patient's month superbill, and the review dashboard.
const billedVisit = ((await db.get('SELECT visit_id AS id FROM billing_line LIMIT 1')) as { id: number }).id;
const busiest = (await db.get(
  `SELECT c.patient_id AS id, substr(v.started_at, 1, 7) AS month FROM billing_line b JOIN visit v ON v.id = b.visit_id JOIN care_case c ON c.id = v.case_id
     GROUP BY c.patient_id, month ORDER BY count(*) DESC LIMIT 1`,
)) as { id: number; month: string };
const [by, bm] = busiest.month.split('-').map(Number) as [number, number];
const monthEnd = `${busiest.month}-${String(new Date(Date.UTC(by, bm, 0)).getUTCDate()).padStart(2, '0')}`;
await measure('open a visit’s billing (suggestions + totals)', async () => ok('getVisitBilling', { visitId: billedVisit }));
await measure(
  'superbill PDF, one patient’s busiest month',
  async () => ok('superbill', { patientId: busiest.id, from: `${busiest.month}-01`, to: monthEnd }),
  50,
);
await measure('progress report PDF', async (i) => ok('progressReport', { caseId: caseIds[i % caseIds.length] }), 50);
await measure('review dashboard, first 50 of all active cases', async () => ok('reviewCases', { limit: 50 }), 20);
await measure('unsigned notes, the whole clinic (Review)', async () => ok('unsignedNotes', {}), 50);
await measure('a patient’s safety screen and consents', async (i) => ok('patientSafety', { patientId: 1 + (i % PATIENTS) }));
const monthStart = performance.now();
const batch = await ok<{ patientId: number }[]>('superbillMonth', { month: busiest.month });
for (const p of batch) await ok('superbill', { patientId: p.patientId, from: `${busiest.month}-01`, to: monthEnd });
const monthSeconds = (performance.now() - monthStart) / 1000;

const counts = (await db.get<Record<string, number>>(
  'SELECT (SELECT count(*) FROM care_case) AS cases, (SELECT count(*) FROM visit) AS visits, (SELECT count(*) FROM assessment) AS assessments',
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
await copySignedVisits(db, VERIFY_TARGET - clinicSigned);
const cloneSeconds = (performance.now() - cloneStart) / 1000;
const verifyTimes: number[] = [];
const floorTimes: number[] = [];
let verified = 0;
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const report = await ok<{ checked: number; problems: unknown[] }>('verifyRecords', {});
  verifyTimes.push(performance.now() - t);
  verified = report.checked;
  if (report.problems.length > 0) throw new Error(`verify found ${report.problems.length} problems in the bench clinic`);
  t = performance.now();
  await readSignedRowsOnly(db);
  floorTimes.push(performance.now() - t);
}

const size = ENGINE === 'sqlite' ? statSync(file).size : 0;
await host.close();
rmSync(dir, { recursive: true, force: true });
if (admin) {
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}

const header = ['operation', 'runs', 'median ms', 'p95 ms', 'ops/s'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(
  `Needlebook bench — ${ENGINE}, ${PATIENTS} patients${ENGINE === 'sqlite' ? `, file ${(size / 1024 / 1024).toFixed(1)} MiB` : ''}, Node ${process.version}`,
);
console.log(`seeded ${PATIENTS} patients, ${counts.cases} cases, ${counts.assessments} assessments and ${counts.visits} visits in ${seedSeconds.toFixed(2)} s`);
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(
  `verify records: ${verified} signed records (${clinicSigned} charted, the rest copied in ${cloneSeconds.toFixed(1)} s): ` +
    `median ${(median(verifyTimes) / 1000).toFixed(2)} s; floor (reading the same rows, no hashing) ${(median(floorTimes) / 1000).toFixed(2)} s`,
);
console.log(
  `month batch ${busiest.month}: ${batch.length} superbills in ${monthSeconds.toFixed(1)} s (${((monthSeconds * 1000) / Math.max(1, batch.length)).toFixed(0)} ms each)`,
);
