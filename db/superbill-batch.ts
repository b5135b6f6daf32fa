import { randomUUID } from 'node:crypto';
import type { BatchEntry, BatchFile, BatchLeftOut, BatchStatus } from '../shared/billing';
import { batchZipName } from '../shared/batch-download';
import { DomainError } from '../shared/outcome';
import type { SuperbillData } from '../shared/reports/superbill-data';
import { batchFileName, monthRange, superbillIndexCsv } from '../shared/reports/superbill-index';
import type { DbContext } from './context';
import { audit } from './queries/audit';
import { pdfWorkerPool, type PdfWorkers } from './pdf-workers';
import { zipEntry, zipOf, type ZipEntry } from './zip-entry';
import { batchEntry, loadSuperbills, type SuperbillSources } from './queries/superbills';

type SuperbillPdf = (data: SuperbillData) => Uint8Array;

interface Job {
  status: BatchStatus;
  cancel: boolean;
  zip: Uint8Array | null;
}

/** How long the batch builds PDFs before it lets other calls (the progress poll, a save) run. */
const SLICE_MS = 25;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The month's superbills as one job in the database process: one read of the month (a date range on
 * the visit index), each PDF built from what was read, every export audited in one transaction at
 * the end, the ZIP made here. The renderer only starts it, polls it, may cancel it, and takes the
 * file once. Work is done in slices so the other calls of this process keep being answered.
 *
 * One batch at a time: the last one is kept (its ZIP until it is taken) so a poll after the end
 * still answers.
 */
export function superbillBatches(ctx: DbContext, superbillPdf: () => Promise<SuperbillPdf>) {
  let last: Job | null = null;
  const find = (jobId: string): Job => {
    if (!last || last.status.jobId !== jobId) throw new DomainError('not_found', 'That superbill batch is no longer here: start it again.');
    return last;
  };
  const snapshot = (job: Job): BatchStatus => ({ ...job.status, entries: [...job.status.entries], leftOut: [...job.status.leftOut] });

  // The threads stay between batches (db/pdf-workers.ts).
  const pool = pdfWorkerPool(async () => {
    const build = await superbillPdf();
    return (data: SuperbillData) => zipEntry(build(data));
  });

  async function run(job: Job, sources: SuperbillSources, threads: Promise<{ workers: PdfWorkers; done(): void }>): Promise<void> {
    const { month } = job.status;
    const { from, to } = monthRange(month);
    const files: { name: string; entry: ZipEntry }[] = [];
    const entries: BatchEntry[] = [];
    const leftOut: BatchLeftOut[] = [];
    // Start on a later turn: `start` answers first, and a cancel sent at once is seen before any PDF.
    await nextTurn();
    const started = performance.now();
    const { workers, done } = await threads;
    const made: (BatchEntry | null)[] = new Array<BatchEntry | null>(sources.patients.length).fill(null);
    let next = 0;
    // A few superbills in flight per thread; each lane takes the next patient when its last is done.
    const lane = async () => {
      let slice = performance.now();
      while (next < sources.patients.length && !job.cancel) {
        const at = next++;
        const patient = sources.patients[at]!;
        try {
          const data = sources.build(patient.id);
          // The index row is taken from the data the PDF prints, so the two always agree.
          const entry = batchEntry(data, patient.id);
          files[at] = { name: batchFileName(month, entry), entry: await workers.build(data) };
          made[at] = entry;
        } catch (error) {
          // A patient whose month cannot go on one claim form is left out by name, not the whole batch.
          if (!(error instanceof DomainError)) throw error;
          leftOut.push({ patientId: patient.id, patientName: patient.name, reason: error.message });
        }
        job.status.done++;
        job.status.seconds = (performance.now() - started) / 1000;
        // Built on this thread (no workers), a long run of PDFs still lets the other calls in.
        if (performance.now() - slice > SLICE_MS) {
          await nextTurn();
          slice = performance.now();
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: workers.lanes }, lane));
    } finally {
      done();
    }
    entries.push(...made.filter((e): e is BatchEntry => e !== null));
    if (job.cancel) {
      job.status.state = 'cancelled';
      return;
    }
    // The entries come checksummed from the threads; the ZIP only lays them end to end, in the index's
    // order. It is made before the exports are audited, so an audited batch always has its file.
    const zip = zipOf(
      files.filter((f) => f !== undefined),
      { [`superbills-${month}-index.csv`]: new TextEncoder().encode(superbillIndexCsv(month, entries)) },
    );
    await ctx.db.transaction(async (db) => {
      const inTx = { ...ctx, db };
      for (const e of entries) await audit(inTx, 'export', 'patient', e.patientId, `superbill ${from}..${to} (batch ${month})`);
      await audit(inTx, 'export', 'superbills', null, `${month}: ${entries.length} superbills, ${leftOut.length} left out`);
    });
    job.zip = zip;
    job.status.entries = entries;
    job.status.leftOut = leftOut;
    job.status.seconds = (performance.now() - started) / 1000;
    job.status.state = 'done';
  }

  return {
    async start(month: string): Promise<BatchStatus> {
      if (last?.status.state === 'running')
        throw new DomainError('conflict', `The superbills for ${last.status.month} are still being made: wait for them or cancel.`);
      const { from, to } = monthRange(month);
      // The threads start while the month is read.
      const threads = pool.take();
      // One consistent read: a signing that lands meanwhile is in the batch whole or not at all.
      const sources = await ctx.db
        .transaction((db) => loadSuperbills({ ...ctx, db }, { from, to }))
        .catch(async (error: unknown) => {
          (await threads).done();
          throw error;
        });
      if (sources.patients.length === 0) {
        (await threads).done();
        throw new DomainError('not_found', `No billed, signed visits in ${month}.`, { month: `No billed, signed visits in ${month}` });
      }
      const job: Job = {
        status: { jobId: randomUUID(), month, state: 'running', done: 0, total: sources.patients.length, entries: [], leftOut: [], message: null, seconds: 0 },
        cancel: false,
        zip: null,
      };
      last = job;
      run(job, sources, threads).catch((error: unknown) => {
        job.status.state = 'failed';
        job.status.message = `The superbills could not be made: ${error instanceof Error ? error.message : String(error)}`;
      });
      return snapshot(job);
    },
    status: (jobId: string): BatchStatus => snapshot(find(jobId)),
    cancel(jobId: string): BatchStatus {
      const job = find(jobId);
      if (job.status.state === 'running') job.cancel = true;
      return snapshot(job);
    },
    /** The ZIP, handed over once: a second request finds nothing, so the bytes do not linger in memory. */
    file(jobId: string): BatchFile {
      const job = find(jobId);
      if (job.status.state !== 'done' || !job.zip) throw new DomainError('conflict', 'The superbills are not ready yet.');
      const file = { fileName: batchZipName(job.status.month), zip: job.zip };
      job.zip = null;
      last = null;
      return file;
    },
  };
}
