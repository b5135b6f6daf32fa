import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { addPerson, grantClinicRights } from '../../db/clinic/roles';
import { transferRecords } from '../../db/clinic/transfer';
import { createDemoClinic } from '../../db/demo/demo';
import { openPostgres } from '../../db/engine/postgres';
import { openSqlite } from '../../db/engine/sqlite';
import { openHost } from '../../db/host';
import { verifyLedger } from '../../db/queries/ledger';
import { npiProblem } from '../../shared/validation/npi';

/**
 * The clinic under load (docs/clinic-mode.md): the demo clinic on a PostgreSQL server, ten
 * practitioners each at their own seat — its own process, login and connection pool — charting
 * and signing on their own cases for a set time. Reported: how many visits were signed, the 50th
 * and 95th percentile and the slowest of a draft save, a signing and a Review read, beside one
 * Review read with nobody else working; and, checked against the server afterwards, the writes
 * lost (a save acknowledged but not what the database holds, a visit not signed) and refused.
 */
export interface LoadReport {
  seats: number;
  /** Milliseconds each seat waits after each call; 0: flat out. */
  pace: number;
  seconds: number;
  signed: number;
  calls: Record<string, { count: number; p50: number; p95: number; max: number }>;
  reviewAlone: number;
  lost: string[];
  refusals: string[];
  ledgerProblems: number;
  loadAverage: number[];
}

const PASSWORD = 'load-test-password';
const CASES_PER_SEAT = 8;

/** The i-th made-up individual NPI: a 1 and eight digits, with whichever check digit makes it valid. */
export function madeUpNpi(i: number): string {
  const base = `1${String(7_000_000 + i).padStart(8, '0')}`;
  for (let d = 0; d <= 9; d++) if (npiProblem(`${base}${d}`) === null) return `${base}${d}`;
  throw new Error('no check digit fits');
}
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
};

export async function runClinicLoad(server: string, options: { seats: number; seconds: number; pace?: number }): Promise<LoadReport> {
  const tag = randomBytes(4).toString('hex');
  const schema = `load_${tag}`;
  const urlFor = (login?: string) => {
    const u = new URL(server);
    if (login) {
      u.username = login;
      u.password = PASSWORD;
    }
    u.searchParams.set('options', `-c search_path=${schema}`);
    return u.toString();
  };
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();

  // The demo clinic, moved in as a clinic does; one provider, patient and case per seat.
  const solo = openSqlite(join(mkdtempSync(join(tmpdir(), 'needlebook-load-')), 'solo.db'));
  await createDemoClinic(solo, { today: new Date('2026-11-20T12:00:00Z') });
  const owner = await openPostgres(urlFor(), { max: 2 });
  await transferRecords(solo, owner);
  await solo.close();
  await grantClinicRights(owner);
  const admin = await openHost(urlFor(), { actor: 'load', log: () => undefined });
  const ok = async <T>(channel: string, input: unknown) => {
    const o = await admin.handle(channel, input);
    if (!o.ok) throw new Error(`${channel}: ${o.error.message}`);
    return o.value as T;
  };
  // Each seat sees its own patients in turn, as a practitioner's day goes: a case grows by a visit a round.
  const seats: { login: string; providerId: number; caseIds: number[] }[] = [];
  for (let i = 0; i < options.seats; i++) {
    const provider = await ok<{ id: number }>('saveProvider', { name: `Load Practitioner ${i + 1}`, credentials: 'L.Ac.', npi: madeUpNpi(i) });
    const caseIds: number[] = [];
    for (let p = 0; p < CASES_PER_SEAT; p++) {
      const patient = await ok<{ id: number }>('savePatient', {
        firstName: `Load${p + 1}`,
        lastName: `Runner ${i + 1}`,
        dateOfBirth: '1990-01-01',
        sex: 'female',
      });
      const careCase = await ok<{ id: number }>('saveCase', {
        patientId: patient.id,
        conditionText: 'Calf strain',
        side: 'left',
        onsetDate: '2026-05-20',
        startDate: '2026-06-01',
        maintenance: true,
      });
      caseIds.push(careCase.id);
    }
    const login = `load_${tag}_${i + 1}`;
    await addPerson(
      owner,
      { login, name: `Load Practitioner ${i + 1}`, role: 'practitioner', providerId: provider.id, password: PASSWORD },
      new Date().toISOString(),
    );
    seats.push({ login, providerId: provider.id, caseIds });
  }
  // One Review read with nobody else working: the figure the loaded ones stand beside.
  const alone: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await ok('reviewCases', {});
    alone.push(performance.now() - started);
  }

  // Every seat is let go once all have said they are ready (tests/bench/clinic-seat.ts).
  let ready = 0;
  const children: { stdin: NodeJS.WritableStream | null }[] = [];
  const readyOne = () => {
    if (++ready === seats.length) for (const c of children) c.stdin?.write('go\n');
  };
  const results = await Promise.all(
    seats.map(
      (s, i) =>
        new Promise<{ seat: number; times: Record<string, number[]>; saved: Record<string, string>; refusals: string[] }>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              '--import',
              'tsx',
              'tests/bench/clinic-seat.ts',
              urlFor(s.login),
              s.caseIds.join(','),
              String(s.providerId),
              String(options.seconds),
              String(i + 1),
              String(options.pace ?? 0),
            ],
            { stdio: ['pipe', 'pipe', 'pipe'] },
          );
          children.push(child);
          let out = '';
          let err = '';
          child.stdout.on('data', (d: Buffer) => {
            const before = out;
            out += d.toString();
            if (!before.includes('ready\n') && out.includes('ready\n')) readyOne();
          });
          child.stderr.on('data', (d: Buffer) => (err += d.toString()));
          child.on('exit', (code) =>
            code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`seat ${i + 1} exited ${code}: ${err}`)),
          );
        }),
    ),
  );

  // What each seat was told was saved is what the server holds, and signed.
  const lost: string[] = [];
  let signed = 0;
  for (const r of results) {
    for (const [id, subjective] of Object.entries(r.saved)) {
      const row = await owner.get<{ subjective: string; signed: string | null }>('SELECT subjective, signed_at AS signed FROM visit WHERE id = ?', [
        Number(id),
      ]);
      if (row?.subjective !== subjective) lost.push(`visit ${id}: saved "${subjective}", the server holds "${row?.subjective}"`);
      if (!row?.signed) lost.push(`visit ${id}: not signed`);
      else signed++;
    }
  }
  const calls: LoadReport['calls'] = {};
  for (const kind of ['open', 'save', 'sign', 'review']) {
    const all = results.flatMap((r) => r.times[kind] ?? []);
    calls[kind] = { count: all.length, p50: quantile(all, 0.5), p95: quantile(all, 0.95), max: Math.max(0, ...all) };
  }
  const ledgerProblems = (await verifyLedger(owner)).problems.length;
  await admin.close();
  await owner.close();
  return {
    seats: options.seats,
    pace: options.pace ?? 0,
    seconds: options.seconds,
    signed,
    calls,
    reviewAlone: quantile(alone, 0.5),
    lost,
    refusals: results.flatMap((r) => r.refusals.map((x) => `seat ${r.seat}: ${x}`)),
    ledgerProblems,
    loadAverage: loadavg(),
  };
}

export function describeLoad(r: LoadReport): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    `${r.seats} seats for ${r.seconds} s on loopback, ${r.pace > 0 ? `${r.pace} ms between a seat's calls` : 'flat out'}: ${r.signed} visits charted and signed (${(r.signed / r.seconds).toFixed(1)} a second)`,
    ...Object.entries(r.calls).map(
      ([k, c]) =>
        `  ${k.padEnd(7)} ${String(c.count).padStart(6)} calls  p50 ${ms(c.p50).padStart(9)}  p95 ${ms(c.p95).padStart(9)}  max ${ms(c.max).padStart(9)}`,
    ),
    `  Review alone (one seat, nobody else working): ${ms(r.reviewAlone)}`,
    `  lost writes: ${r.lost.length}, refused calls: ${r.refusals.length}, ledger problems: ${r.ledgerProblems}`,
    `  load average: ${r.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
    ...r.lost.slice(0, 5).map((l) => `  lost: ${l}`),
    ...r.refusals.slice(0, 5).map((l) => `  refused: ${l}`),
  ].join('\n');
}
