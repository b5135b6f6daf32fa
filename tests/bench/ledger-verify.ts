import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openHost } from '../../db/host';
import { LEDGER_KINDS, LEDGER_SHAPES } from '../../db/queries/ledger';
import { verifyInPlace } from '../../db/record-checks';

/**
 * `npm run bench:ledger -- --schema NAME [--db postgres://…]`: the whole ledger's verification on a
 * clinic's PostgreSQL (issue 38), on a clinic already in that schema (`npm run bench -- --engine
 * postgres --moved-in --schema NAME` leaves one). Measured, in turn:
 *
 * 1. the server's hashing alone, per kind: every signed record through the per-record function
 *    (needlebook_content_hash, one call per row) and, where the server has it, through the ranged
 *    one (needlebook_content_hashes, migration 36) a chunk at a time: µs per record;
 * 2. screen calls alone, one after another (Review's first page, the patient list, unsigned notes):
 *    the longest and the 95th percentile, and how late a 5 ms timer of this process ran at worst;
 * 3. the whole ledger verified as a seat verifies it daily (in the background) and as Settings →
 *    Verify records does (asked), with the same screen calls made one after another beside it on the
 *    seat's other connections: the longest call and the timer's worst lateness, which says whether a
 *    call waited for the server or for this process's own thread; and, sampled every 20 ms from
 *    another connection, what the app's busy connections were waiting for (a lock, the client, nothing).
 *
 * Each phase prints the load averages at its start and end: two cores are shared with other work.
 */
const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    schema: { type: 'string' },
    /** Seconds of screen calls alone (phase 2). */
    quiet: { type: 'string', default: '10' },
    /** Leave out phase 1's per-record function (81 s at 18,000 patients). */
    'no-per-record': { type: 'boolean', default: false },
  },
});
const server = values.db ?? process.env.NEEDLEBOOK_TEST_PG;
if (!server || !values.schema) throw new Error('needs --schema NAME and --db postgres://… (or NEEDLEBOOK_TEST_PG)');
if (!/^[a-z_][a-z0-9_]*$/.test(values.schema)) throw new Error(`--schema ${values.schema}: lower-case letters, digits and _ only`);
const url = new URL(server);
url.searchParams.set('options', `-c search_path=${values.schema}`);
// Named apart from every other Needlebook on the server, so that the waits sampled are this run's.
const application = `needlebook_bench_${process.pid}`;
url.searchParams.set('application_name', application);
const host = await openHost(url.toString(), { actor: 'bench', log: () => undefined });
const db = host.engine;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const say = (line: string) => console.log(line);

/** How late a timer of this thread runs: a call's answer waits as long behind whatever holds the thread. */
function lateness() {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return worst;
    },
  };
}

const SCREEN_CALLS: [string, unknown][] = [
  ['reviewCases', { limit: 50 }],
  ['listPatients', { sort: 'name', limit: 25 }],
  ['unsignedNotes', {}],
];

/** Screen calls one after another until `done` says stop: each call's milliseconds and the longest's name. */
async function screenCalls(done: () => boolean): Promise<{ times: number[]; longest: string }> {
  const times: number[] = [];
  let longest = '';
  let worst = 0;
  while (!done()) {
    for (const [channel, input] of SCREEN_CALLS) {
      const started = performance.now();
      const outcome = await host.handle(channel, input);
      const ms = performance.now() - started;
      if (!outcome.ok) throw new Error(`${channel}: ${outcome.error.message}`);
      times.push(ms);
      if (ms > worst) [worst, longest] = [ms, channel];
    }
  }
  return { times, longest };
}
const summary = ({ times, longest }: { times: number[]; longest: string }) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `${times.length} screen calls, longest ${sorted.at(-1)!.toFixed(1)} ms (${longest}), p95 ${sorted[Math.floor(0.95 * sorted.length)]!.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms`;
};

const ranged = (await db.get<{ f: string | null }>("SELECT to_regproc('needlebook_content_hashes')::text AS f"))?.f != null;
say(`Needlebook ledger verification — PostgreSQL schema ${values.schema}, Node ${process.version}`);

// 1. The server's hashing alone.
let records = 0;
for (const kind of LEDGER_KINDS) {
  const shape = LEDGER_SHAPES[kind];
  const n = Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${shape.table} WHERE ${shape.signed}`))!.n);
  records += n;
  const parts: string[] = [`${kind}: ${n} signed`];
  if (!values['no-per-record']) {
    const started = performance.now();
    await db.get(`SELECT count(needlebook_content_hash(?, id)) AS n FROM ${shape.table} WHERE ${shape.signed}`, [kind]);
    const ms = performance.now() - started;
    parts.push(`per-record function ${(ms / 1000).toFixed(2)} s (${((ms * 1000) / Math.max(n, 1)).toFixed(1)} µs a record)`);
  }
  if (ranged) {
    const started = performance.now();
    let chunks = 0;
    for (let after = 0; ; chunks++) {
      const last = await db.get<{ id: number | null }>('SELECT max(record_id) AS id FROM needlebook_content_hashes(?, ?, 1000)', [kind, after]);
      if (last?.id == null) break;
      after = Number(last.id);
    }
    const ms = performance.now() - started;
    parts.push(`ranged function ${(ms / 1000).toFixed(2)} s in ${chunks} chunks (${((ms * 1000) / Math.max(n, 1)).toFixed(1)} µs a record)`);
  }
  say(`  ${parts.join('; ')}   [load ${load()}]`);
}

// 2. Screen calls alone, after one round untimed (the day's first Review makes its rows).
for (const [channel, input] of SCREEN_CALLS) await host.handle(channel, input);
const t = performance.now();
const timer = lateness();
const quietMs = Number(values.quiet) * 1000;
say(`screen calls alone, ${values.quiet} s [load ${load()}]:`);
const alone = await screenCalls(() => performance.now() - t > quietMs);
say(`  ${summary(alone)}; timer late by ${timer.stop().toFixed(1)} ms at worst   [load ${load()}]`);

// 3. The whole ledger verified beside them, in the background and asked.
const watcher = new pg.Client({ connectionString: server });
await watcher.connect();
/** What the app's connections are doing, every 20 ms: a count per wait (or 'running'). */
function sampleWaits() {
  const seen = new Map<string, number>();
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const { rows } = await watcher.query<{ w: string }>(
        `SELECT coalesce(wait_event_type || ' ' || wait_event, 'running') AS w FROM pg_stat_activity
          WHERE application_name = $1 AND state = 'active'`,
        [application],
      );
      for (const { w } of rows) seen.set(w, (seen.get(w) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    stopped = true;
    await done;
    return [...seen]
      .sort((a, b) => b[1] - a[1])
      .map(([w, n]) => `${w} ${n}`)
      .join(', ');
  };
}
const ctx = { db, now: () => new Date(), actor: 'bench' };
for (const background of [true, false]) {
  say(`the whole ledger verified ${background ? 'in the background' : 'asked'}, screen calls beside it [load ${load()}]:`);
  let verified = false;
  const waits = sampleWaits();
  const timer = lateness();
  const started = performance.now();
  const verifying = verifyInPlace(ctx)(new Date().toISOString(), background).finally(() => (verified = true));
  const beside = await screenCalls(() => verified);
  const report = await verifying;
  const ms = performance.now() - started;
  const late = timer.stop();
  say(
    `  ${report.checked} records (${records} signed) in ${(ms / 1000).toFixed(2)} s, ${((ms * 1000) / report.checked).toFixed(1)} µs a record, ${report.problems.length} problems`,
  );
  say(`  ${summary(beside)}; timer late by ${late.toFixed(1)} ms at worst   [load ${load()}]`);
  say(`  the app's active connections, sampled: ${await waits()}`);
}
await watcher.end();
await host.close();
