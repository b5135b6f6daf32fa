import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SuperbillData } from '../shared/reports/superbill-data';
import type { ZipEntry } from './zip-entry';

/** Set by build/bundle-electron.mjs: the bundled worker's file name beside the database process bundle. */
declare const __PDF_WORKER__: string | undefined;

type Build = (data: SuperbillData) => ZipEntry;

/**
 * Each thread's heap, bounded (issue 38, point 5). A superbill needs a few MiB beyond the fonts, but
 * left to its defaults V8 let each thread's heap grow by hundreds of MiB of garbage between
 * collections over a month of superbills (a 3,240-superbill month peaked at 730 MiB with two
 * threads). A thread holds about 30 MiB after a full collection (jsPDF, the fonts, the superbill in
 * hand), and one of 1,000 lines (a month's busiest patient has a few dozen) is made within 48 MiB.
 * Bounded at 48 rather than 96, the 18,000-patient clinic's October peaked at 385–414 MiB against
 * 447–474 in runs side by side, at 434–463 superbills a second against 474–483. Lower is worse: at
 * 36 the threads spent their time collecting (26 s for the month against 16.5), at 32 they ran out
 * and their superbills fell back to the database process's own thread (472 MiB).
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 };

export interface PdfWorkers {
  /** How many superbills may be in flight at once to keep every thread busy. */
  readonly lanes: number;
  /** How many threads are working (0: everything is built on this thread). */
  readonly threads: number;
  build(data: SuperbillData): Promise<ZipEntry>;
  /** Whether the threads keep the process alive (while a batch runs) or not (while they wait for the next). */
  hold(on: boolean): void;
  close(): Promise<void>;
}

let sourceBundle: Promise<string> | null = null;

/**
 * Where the worker's code is: in the app, the bundle beside the database process's own. Run from
 * source (tests, the command line, the bench) the worker is bundled once per process with esbuild,
 * a development tool there: each thread then loads one plain file instead of compiling TypeScript.
 */
function workerFile(): Promise<string> {
  if (typeof __PDF_WORKER__ === 'string') return Promise.resolve(join(__dirname, __PDF_WORKER__));
  sourceBundle ??= (async () => {
    const { build } = await import('esbuild');
    const outfile = join(mkdtempSync(join(tmpdir(), 'needlebook-worker-')), 'superbill-worker.cjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./superbill-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      outfile,
      logLevel: 'warning',
      // The worker reads the report font from the source tree (db/pdf-fonts.ts).
      define: { __PDF_FONTS__: JSON.stringify(fileURLToPath(new URL('./fonts', import.meta.url))), 'import.meta.url': 'undefined' },
    });
    return outfile;
  })();
  return sourceBundle;
}

/**
 * At most two threads, whatever the cores: each adds its heap and jsPDF's garbage to the batch's
 * peak. The 18,000-patient clinic's October (7,681 superbills) peaked at 547–553 MiB with two and
 * 687 MiB with four; two made 459–537 superbills a second on a two-core machine, twice the 250 the
 * month batch must make (issue 38).
 */
const MAX_THREADS = 2;

/**
 * Superbills made on worker threads, one per core (at most MAX_THREADS), for the month batch. A
 * worker that cannot start or dies leaves its work to this thread, so a batch never fails for want
 * of threads, only slower. This thread's builder (`loadInThread`: jsPDF and the fonts) is loaded
 * only then: while the threads do the work it would only add to the batch's peak.
 */
export async function pdfWorkers(
  loadInThread: () => Promise<Build>,
  threads = Math.min(MAX_THREADS, availableParallelism()),
  /** The threads' code: the superbill worker's bundle unless a test gives one that fails on purpose. */
  code?: string,
): Promise<PdfWorkers> {
  let local: Promise<Build> | null = null;
  const inThread = async (data: SuperbillData): Promise<ZipEntry> => (await (local ??= loadInThread()))(data);
  const pending = new Map<number, { data: SuperbillData; resolve: (b: ZipEntry) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let turn = 0;
  const workers: Worker[] = [];
  /** The tasks each worker holds, handed back to this thread if it is lost. */
  const held = new Map<Worker, Set<number>>();
  const fallBack = (ids: Iterable<number>) => {
    for (const id of ids) {
      const task = pending.get(id);
      if (!task) continue;
      pending.delete(id);
      inThread(task.data).then(task.resolve, task.reject);
    }
  };
  if (threads > 1) {
    const file = code ?? (await workerFile());
    for (let i = 0; i < threads; i++) {
      // Not the parent's flags: a loader such as tsx's would slow every thread's start for nothing.
      const worker = new Worker(file, { execArgv: [], resourceLimits: WORKER_HEAP });
      worker.unref();
      const mine = new Set<number>();
      worker.on('message', (m: { id: number; entry?: ZipEntry; error?: string }) => {
        mine.delete(m.id);
        const task = pending.get(m.id);
        if (!task) return;
        pending.delete(m.id);
        if (m.entry) task.resolve(m.entry);
        else task.reject(new Error(m.error));
      });
      const lost = () => {
        const at = workers.indexOf(worker);
        if (at >= 0) workers.splice(at, 1);
        fallBack(mine);
      };
      worker.on('error', lost);
      worker.on('exit', lost);
      held.set(worker, mine);
      workers.push(worker);
    }
  }
  return {
    get lanes() {
      return Math.max(1, workers.length) * 3;
    },
    get threads() {
      return workers.length;
    },
    hold(on) {
      for (const w of workers) {
        if (on) w.ref();
        else w.unref();
      }
    },
    build(data) {
      if (workers.length === 0) return inThread(data);
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { data, resolve, reject });
        const worker = workers[turn++ % workers.length]!;
        held.get(worker)!.add(id);
        worker.postMessage({ id, data });
      });
    },
    async close() {
      const all = workers.splice(0);
      await Promise.all(all.map((w) => w.terminate()));
      fallBack([...pending.keys()]);
    },
  };
}

/**
 * The month batch's threads, kept between batches. A thread takes about a third of a second to
 * start (it loads jsPDF and parses the fonts) and its first hundred superbills run slower while the
 * engine warms up; a clinic owner who runs one month and then the next should not pay that twice.
 * Threads left waiting do not keep the process alive, and stop after `idleMs`.
 */
export function pdfWorkerPool(loadInThread: () => Promise<Build>, idleMs = 60_000) {
  let pool: Promise<PdfWorkers> | null = null;
  let idle: NodeJS.Timeout | null = null;
  const stop = () => {
    const ending = pool;
    pool = null;
    void ending?.then((w) => w.close());
  };
  return {
    /** The threads for one batch, held until `done`. */
    async take(): Promise<{ workers: PdfWorkers; done(): void }> {
      if (idle) clearTimeout(idle);
      idle = null;
      pool ??= pdfWorkers(loadInThread);
      let workers: PdfWorkers;
      try {
        workers = await pool;
      } catch (error) {
        pool = null;
        throw error;
      }
      // Threads lost since the last batch (a crash) are started afresh rather than left to this thread.
      if (workers.threads === 0) {
        stop();
        workers = await (pool = pdfWorkers(loadInThread));
      }
      workers.hold(true);
      return {
        workers,
        done() {
          workers.hold(false);
          idle = setTimeout(stop, idleMs);
          idle.unref();
        },
      };
    },
  };
}
