import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run bench -- --engine both`: the bench run once per engine, each in its own process (one
 * engine's caches and memory never in the other's figures), one after the other (two at once would
 * measure the machine, not the engines), then every operation printed with SQLite and PostgreSQL
 * side by side, the cold start and the memory by phase with them, and the load average.
 */
interface Run {
  engine: string;
  patients: number;
  load: number[];
  loadAtStart: number[];
  operations: { name: string; median: number; p95: number; floor: number | null }[];
  coldStart: {
    launchToRowsMs: number;
    processReadyMs: number;
    openToRowsMs: number | null;
    signInWaitMs?: number | null;
    longestCallMs: number;
    calls: number;
    memory: Record<string, number>;
    integrityAtRows: { scope: string; checked: number } | null;
  } | null;
  memory: Record<string, number>;
  verify: { records: number; medianSeconds: number };
  checkCommand?: { intact: boolean; peakMiB: number; seconds: number } | null;
  batchProcess?: { superbills: number; peakRssMiB: number; batchSeconds: number } | null;
  reviewPassSeconds: number;
}

function runOne(args: string[], engine: string, json: string): Promise<void> {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--engine' || args[i] === '--json') i++;
    else if (!args[i]!.startsWith('--engine=') && !args[i]!.startsWith('--json=')) rest.push(args[i]!);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...rest, '--engine', engine, '--json', json], { stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the ${engine} bench exited with ${code}`))));
  });
}

export async function bothEngines(args: string[], jsonOut: string | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'needlebook-bench-both-'));
  const runs: Run[] = [];
  try {
    for (const engine of ['sqlite', 'postgres']) {
      const json = join(dir, `${engine}.json`);
      await runOne(args, engine, json);
      runs.push(JSON.parse(readFileSync(json, 'utf8')) as Run);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [lite, pg] = runs as [Run, Run];
  const byName = new Map(pg.operations.map((o) => [o.name, o]));
  const rows: string[][] = lite.operations.map((o) => {
    const p = byName.get(o.name);
    return [
      o.name,
      o.median.toFixed(2),
      o.p95.toFixed(2),
      p ? p.median.toFixed(2) : '—',
      p ? p.p95.toFixed(2) : '—',
      p ? `${(p.median / o.median).toFixed(1)}×` : '—',
    ];
  });
  const ms = (v: number | null | undefined) => (v === undefined || v === null ? '—' : v.toFixed(0));
  /** A figure of each engine's run, one column each. */
  const side = (label: string, sqlite: string, postgres: string) => [label, sqlite, '', postgres, '', ''];
  const cold = (label: string, figure: (c: NonNullable<Run['coldStart']>) => string) =>
    side(label, lite.coldStart ? figure(lite.coldStart) : '—', pg.coldStart ? figure(pg.coldStart) : '—');
  rows.push(
    cold('cold start: launch → Review rows (ms)', (c) => ms(c.launchToRowsMs)),
    cold('cold start: process ready (ms)', (c) => ms(c.processReadyMs)),
    cold('cold start: the sign-in form waiting for its button, left out below (ms)', (c) => ms(c.signInWaitMs)),
    cold('cold start: the open and the page to the rows (ms)', (c) => ms(c.openToRowsMs)),
    cold('cold start: longest call during start-up work (ms)', (c) => c.longestCallMs.toFixed(1)),
    side('review rows, first call of the day (s)', lite.reviewPassSeconds.toFixed(2), pg.reviewPassSeconds.toFixed(2)),
    side('verify records, whole ledger (s)', lite.verify.medianSeconds.toFixed(2), pg.verify.medianSeconds.toFixed(2)),
    side(
      'needlebook check, its own process: peak (MiB), time (s)',
      lite.checkCommand ? `${lite.checkCommand.peakMiB}, ${lite.checkCommand.seconds.toFixed(1)}` : '—',
      '—',
    ),
    side(
      'month batch, its own process: peak (MiB), superbills',
      lite.batchProcess ? `${lite.batchProcess.peakRssMiB}, ${lite.batchProcess.superbills}` : '—',
      '—',
    ),
    ...Object.keys(lite.memory).map((phase) => side(`peak memory after ${phase} (MiB)`, String(lite.memory[phase]), String(pg.memory[phase] ?? '—'))),
  );
  const header = ['operation', 'SQLite median', 'p95', 'PostgreSQL median', 'p95', 'PG/SQLite'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nNeedlebook bench — both engines, ${lite.patients} patients (SQLite) and ${pg.patients} (PostgreSQL); ms unless said`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `load average: SQLite run ${load(lite.loadAtStart)} → ${load(lite.load)}; PostgreSQL run ${load(pg.loadAtStart)} → ${load(pg.load)}; now ${load(loadavg())}`,
  );
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ engines: runs, load: loadavg() }, null, 2)}\n`);
}
