import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDemoClinic } from '../../db/demo/demo';
import { useDataKey } from '../../db/engine/cipher';
import { writeStreamInPlace } from '../../db/file-in-place';
import { openHost } from '../../db/host';
import { keyForRun } from '../../db/key-intake';
import type { RosterPatient } from '../../db/queries/superbills';
import { monthSource, superbillBatches, type MonthSource } from '../../db/superbill-batch';
import { batchDownloadStream, chunksOf } from '../../shared/batch-download';

/**
 * The month batch's peak memory (issue 38, point 5), measured in a process of its own: run by
 * tests/bench/batch-memory.ts from a bundle built as the app's database process is (see there).
 *
 * FILE is seeded with the demo clinic of N patients when it is empty (and kept: seed once, then
 * measure in a fresh process). The busiest billing month's batch is run as the app runs it — the
 * job in db/superbill-batch.ts on the PDF worker threads, then the ZIP taken slice by slice into
 * DIR as the command line saves it — and the process's peak resident set is printed (the worker
 * threads share it), with the load average. `--repeat R` makes the month R times as large by
 * billing each of its patients R times over under new ids (every superbill is made whole, from the
 * month's real rows): a 7,000+ superbill month from a clinic that seeds in seconds. Without it the
 * month is the clinic's own (the demo of 18,000 patients bills about 7,700 in its busiest month).
 */
const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    patients: { type: 'string', default: '1000' },
    repeat: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
if (!values.file) throw new Error('--file FILE is required');
const file = resolve(values.file);
const repeat = Math.max(1, Number(values.repeat));
// Encrypted under NEEDLEBOOK_KEY when the bench's file is (npm run bench passes its environment on).
const secret = process.env.NEEDLEBOOK_KEY ?? null;
useDataKey(await keyForRun(file, { secret, prompt: null, creates: true, unencrypted: secret === null, say: () => {} }));
const host = await openHost(file, { actor: 'bench', log: () => {} });
const db = host.engine;
if ((await db.get<{ n: number }>('SELECT count(*) AS n FROM patient'))!.n === 0) {
  const t0 = performance.now();
  await createDemoClinic(db, { today: new Date(), patients: Number(values.patients) });
  console.log(`seeded ${values.patients} patients in ${((performance.now() - t0) / 1000).toFixed(0)} s; run again to measure in a fresh process`);
  await host.close();
  process.exit(0);
}
const { month } = (await db.get<{ month: string }>(
  `SELECT substr(v.started_at, 1, 7) AS month FROM billing_line b JOIN visit v ON v.id = b.visit_id WHERE v.signed_at IS NOT NULL
     GROUP BY 1 ORDER BY count(DISTINCT v.id) DESC, 1 LIMIT 1`,
))!;

/** The month's patients R times over; copy k of patient p is billed as patient p + k × STRIDE. */
const STRIDE = 10_000_000;
const repeated: MonthSource =
  repeat === 1
    ? monthSource
    : {
        async roster(ctx, range) {
          const real = await monthSource.roster(ctx, range);
          const copies: RosterPatient[] = [];
          for (let k = 0; k < repeat; k++) for (const p of real) copies.push({ ...p, id: p.id + k * STRIDE });
          return copies;
        },
        async page(ctx, range, patients) {
          const real = new Map(patients.map((p) => [p.id % STRIDE, { ...p, id: p.id % STRIDE }]));
          const sources = await monthSource.page(ctx, range, [...real.values()]);
          return { patients: patients.map(({ id, name }) => ({ id, name })), build: (id) => sources.build(id % STRIDE) };
        },
      };
// jsPDF and the fonts are loaded on this thread only if a PDF thread is lost, as in the app (db/service.ts).
let lostThreads = false;
const superbillPdf = async () => {
  lostThreads = true;
  const [{ loadPdfFonts }, { superbillPdf: build }] = await Promise.all([import('../../db/pdf-fonts'), import('../../shared/reports/superbill')]);
  loadPdfFonts();
  return build;
};
const batches = superbillBatches({ db, now: () => new Date(), actor: 'bench' }, superbillPdf, repeated);

const before = process.resourceUsage().maxRSS;
const load = loadavg();
const out = resolve(values.out ?? join(tmpdir(), `needlebook-batch-memory-${process.pid}`));
mkdirSync(out, { recursive: true });
const started = performance.now();
let status = await batches.start(month);
/** Where the resident set is at its largest sample: anonymous (heaps, malloc) against file pages (the code, the database's mapped pages). */
const rssParts = () => {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const kib = (k: string) => Number(/\s(\d+) kB/.exec(text.split('\n').find((l) => l.startsWith(k)) ?? '')?.[1] ?? 0);
    return { rss: kib('VmRSS:'), peak: kib('VmHWM:'), anon: kib('RssAnon:'), file: kib('RssFile:'), heap: process.memoryUsage().heapUsed / 1024 };
  } catch {
    return null;
  }
};
let largest = rssParts();
const sample = () => {
  const now = rssParts();
  if (now && largest && now.rss > largest.rss) largest = now;
};
while (status.state === 'running') {
  await new Promise((r) => setTimeout(r, 200));
  sample();
  status = batches.status(status.jobId);
}
if (status.state !== 'done') throw new Error(`batch ${status.state}: ${status.message}`);
const made = performance.now();
// The peak so far: the batch's own, before the ZIP is taken.
const afterBatch = rssParts();
const taken = await batchDownloadStream(async (offset) => batches.file(status.jobId, offset));
const path = join(out, taken!.fileName);
await writeStreamInPlace(path, chunksOf(taken!.stream));
sample();
const seconds = (performance.now() - started) / 1000;
const peak = process.resourceUsage().maxRSS;
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
console.log(
  JSON.stringify(
    {
      month,
      superbills: status.entries.length,
      // True if a PDF thread was lost (or none started) and superbills were made on this thread instead.
      madeOnMainThread: lostThreads,
      leftOut: status.leftOut.length,
      zipMiB: Number((statSync(path).size / 1024 / 1024).toFixed(1)),
      batchSeconds: Number(((made - started) / 1000).toFixed(1)),
      totalSeconds: Number(seconds.toFixed(1)),
      peakRssBeforeMiB: Number((before / 1024).toFixed(0)),
      peakRssMiB: Number((peak / 1024).toFixed(0)),
      // What this thread's heap and buffers hold at the end (the worker threads' heaps are in the RSS only).
      peakAfterBatchMiB: afterBatch && Number((afterBatch.peak / 1024).toFixed(0)),
      largestSampleMiB: largest && Object.fromEntries(Object.entries(largest).map(([k, v]) => [k, Number((v / 1024).toFixed(0))])),
      endMiB: Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Number((v / 1024 / 1024).toFixed(0))])),
      loadBefore: load.map((l) => Number(l.toFixed(2))),
      loadAfter: loadavg().map((l) => Number(l.toFixed(2))),
      // Where the ZIP was kept (--out); without it the ZIP is deleted once measured.
      zip: values.out ? path : null,
    },
    null,
    2,
  ),
);
console.error(`peak RSS ${mib(peak)} (before the batch ${mib(before)}) for ${status.entries.length} superbills${values.out ? `, ZIP at ${path}` : ''}`);
if (!values.out) rmSync(out, { recursive: true, force: true });
await host.close();
process.exit(0);
