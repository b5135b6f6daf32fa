import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { dataKeyInUse } from './engine/cipher';
import { runFileTask, type FileTask, type FileTaskResult } from './file-tasks';
import { DomainError, type ErrorCode } from '../shared/outcome';

/** Set by build/bundle-electron.mjs: the bundled worker's file name beside the database process bundle. */
declare const __FILE_WORKER__: string | undefined;

let sourceBundle: Promise<string> | null = null;

/**
 * Where the worker's code is: in the app, the bundle beside the database process's own. Run from
 * source (tests, the command line, the bench) it is bundled once per process with esbuild, into a
 * folder under node_modules so that the SQLite driver, left out of the bundle as a native module,
 * is found from it as from the source.
 */
export function workerFile(): Promise<string> {
  if (typeof __FILE_WORKER__ === 'string') return Promise.resolve(join(__dirname, __FILE_WORKER__));
  sourceBundle ??= (async () => {
    const { build } = await import('esbuild');
    const cache = fileURLToPath(new URL('../node_modules/.cache/needlebook', import.meta.url));
    mkdirSync(cache, { recursive: true });
    const outfile = join(cache, `file-worker-${process.pid}.cjs`);
    process.on('exit', () => rmSync(outfile, { force: true }));
    await build({
      entryPoints: [fileURLToPath(new URL('./file-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      outfile,
      logLevel: 'warning',
      external: ['better-sqlite3-multiple-ciphers'],
      define: { 'import.meta.url': 'undefined' },
    });
    return outfile;
  })();
  return sourceBundle;
}

/**
 * One worker thread for the data file's heavy checks (db/file-tasks.ts), tasks taken one at a time
 * in the order asked. A worker that cannot start or dies leaves its tasks to this thread, as the
 * month batch's PDF workers do: a check is never skipped for want of a thread, only run in the way.
 */
export interface OffPath {
  run<T extends FileTask>(task: T): Promise<FileTaskResult[T['kind']]>;
  /** Once the thread has no task (looked at once a second): what can wait for the start-up work waits here. */
  whenIdle(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  task: FileTask;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The thread's heap, bounded: a whole ledger's verify keeps under 100 MiB alive at 18,000 patients,
 * but left to itself V8 let the heap grow to 300 MiB of garbage between collections (`needlebook
 * check` peaked at 414 MiB; issue 38, point 5: under 400 MB). A thread that runs out dies, and its
 * task runs on the calling thread instead, unbounded: never refused for want of memory.
 */
const OLD_GENERATION_MB = 128;

export function offPath(): OffPath {
  let worker: Promise<Worker | null> | null = null;
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let closed = false;
  const inThread = (p: Pending) => runFileTask(p.task).then(p.resolve, p.reject);
  const start = (): Promise<Worker | null> =>
    (worker ??= workerFile().then(
      (file) => {
        // Not the parent's flags: a loader such as tsx's would slow the thread's start for nothing.
        const w = new Worker(file, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: OLD_GENERATION_MB } });
        w.unref();
        w.on(
          'message',
          (m: { id: number; result?: unknown; error?: { refused: { code: ErrorCode; message: string } | null; message: string; code?: unknown } }) => {
            const p = pending.get(m.id);
            if (!p) return;
            pending.delete(m.id);
            if (pending.size === 0) w.unref();
            if (!m.error) return p.resolve(m.result);
            p.reject(
              m.error.refused
                ? new DomainError(m.error.refused.code, m.error.refused.message)
                : Object.assign(new Error(m.error.message), { code: m.error.code }),
            );
          },
        );
        const lost = () => {
          worker = Promise.resolve(null);
          const left = [...pending.values()];
          pending.clear();
          for (const p of left) void inThread(p);
        };
        w.on('error', lost);
        w.on('exit', lost);
        return w;
      },
      () => null,
    ));
  return {
    async run<T extends FileTask>(task: T): Promise<FileTaskResult[T['kind']]> {
      if (closed) throw new Error('the checks are closed');
      const w = await start();
      const p = await new Promise<unknown>((resolve, reject) => {
        const entry: Pending = { task, resolve, reject };
        if (!w) return void inThread(entry);
        const id = nextId++;
        pending.set(id, entry);
        // The thread keeps the process alive only while it has work.
        w.ref();
        w.postMessage({ id, key: dataKeyInUse(), task });
      });
      return p as FileTaskResult[T['kind']];
    },
    async whenIdle() {
      while (pending.size > 0 && !closed) await new Promise((resolve) => setTimeout(resolve, 1000).unref());
    },
    async close() {
      closed = true;
      const w = await worker;
      if (w) {
        w.removeAllListeners('exit');
        await w.terminate();
      }
      for (const p of pending.values()) p.reject(new Error('closed'));
      pending.clear();
    },
  };
}
