import { randomUUID } from 'node:crypto';
import type { BatchEntry, BatchFilePart, BatchLeftOut, BatchStatus } from '../shared/billing';
import { batchZipName } from '../shared/batch-download';
import { DomainError } from '../shared/outcome';
import type { SuperbillData } from '../shared/reports/superbill-data';
import { batchFileName, monthRange, superbillIndexCsv } from '../shared/reports/superbill-index';
import type { DbContext } from './context';
import { audit } from './queries/audit';
import { pdfWorkerPool, type PdfWorkers } from './pdf-workers';
import { zipEntry } from './zip-entry';
import { ZipWriter } from './zip-writer';
import { openBatchSpool, type BatchSpool } from './batch-spool';
import { batchEntry, loadSuperbills, superbillRoster, type RosterPatient, type SuperbillSources } from './queries/superbills';
import { SUPERBILL_PAGE, superbillPages } from './superbill-pages';
import { nextTurn } from './next-turn';

type SuperbillPdf = (data: SuperbillData) => Uint8Array;

/** Where a month's superbills come from: its roster, read first, then a page of patients at a time. */
export interface MonthSource {
  roster(ctx: DbContext, range: { from: string; to: string }): Promise<RosterPatient[]>;
  page(ctx: DbContext, range: { from: string; to: string }, patients: readonly RosterPatient[]): Promise<SuperbillSources>;
}

export const monthSource: MonthSource = {
  roster: superbillRoster,
  page: (ctx, range, patients) => loadSuperbills(ctx, { ...range, visitIds: patients.flatMap((p) => p.visitIds) }),
};

/** A month's superbills a page at a time (db/superbill-pages.ts), each page one read of its own. */
export function monthPages(ctx: DbContext, source: MonthSource, range: { from: string; to: string }, roster: readonly RosterPatient[], pageSize?: number) {
  return superbillPages(roster, (patients) => ctx.db.transaction((db) => source.page({ ...ctx, db }, range, patients)), pageSize);
}

/** Deletes a job's ZIP from disk, if it still has one. */
async function dropZip(job: { spool: BatchSpool | null }): Promise<void> {
  const spool = job.spool;
  job.spool = null;
  await spool?.remove();
}

interface Job {
  status: BatchStatus;
  cancel: boolean;
  /** The ZIP as it is written, then until it is taken (db/batch-spool.ts); null once gone. */
  spool: BatchSpool | null;
  /** The finished ZIP's size; null until it is finished. */
  size: number | null;
}

/**
 * How much of the ZIP one `superbillBatchFile` call hands over: the download asks slice by slice.
 * Each slice is garbage once handed over, and the take came at the batch's peak: in 4 MiB slices it
 * added 40–55 MiB to it on the 18,000-patient clinic's October, in 1 MiB slices 26–30 MiB. A 233 MiB
 * ZIP is then 233 calls, a fraction of a second of the download's time.
 */
export const BATCH_SLICE = 1024 * 1024;

/** How long the batch builds PDFs before it lets other calls (the progress poll, a save) run. */
const SLICE_MS = 25;

/**
 * The month's superbills as one job in the database process: the month's roster read first (a date
 * range on the visit index: who is billed, for which visits), then the superbills a page of patients
 * at a time, each PDF built from what was read and written into the ZIP as soon as it is made
 * (db/zip-writer.ts, into an encrypted spool file: db/batch-spool.ts), every export audited in one
 * transaction at the end. Memory holds the superbills in flight, never the month: a 7,687-superbill
 * month held its 232 MiB ZIP whole and peaked at 2.1–2.6 GB before (issue 38, point 5). Each patient's
 * superbill is one consistent read (their page's); the visits are the roster's, fixed at the start. The renderer
 * only starts it, polls it, may cancel it, and the file is taken once, in slices
 * (shared/batch-download.ts). Work is done in slices so the other calls of this process keep being answered.
 *
 * `source` reads the month (tests/bench/batch-memory.ts repeats a small clinic's month to measure a large one).
 *
 * One batch at a time: the last one is kept (its ZIP until it is taken) so a poll after the end
 * still answers; a new batch deletes the last one's untaken ZIP.
 */
export function superbillBatches(ctx: DbContext, superbillPdf: () => Promise<SuperbillPdf>, source: MonthSource = monthSource, pageSize = SUPERBILL_PAGE) {
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

  async function run(job: Job, roster: RosterPatient[], threads: Promise<{ workers: PdfWorkers; done(): void }>): Promise<void> {
    const { month } = job.status;
    const range = monthRange(month);
    const { from, to } = range;
    const entries: BatchEntry[] = [];
    const leftOut: BatchLeftOut[] = [];
    // Start on a later turn: `start` answers first, and a cancel sent at once is seen before any PDF.
    await nextTurn();
    const started = performance.now();
    const { workers, done } = await threads;
    let spool: BatchSpool;
    try {
      spool = job.spool = await openBatchSpool();
    } catch (error) {
      done();
      throw error;
    }
    const zip = new ZipWriter(spool);
    const made: (BatchEntry | null)[] = new Array<BatchEntry | null>(roster.length).fill(null);
    const pages = monthPages(ctx, source, range, roster, pageSize);
    let next = 0;
    // A few superbills in flight per thread; each lane takes the next patient when its last is done.
    const lane = async () => {
      let slice = performance.now();
      while (next < roster.length && !job.cancel) {
        const at = next++;
        const patient = roster[at]!;
        try {
          const data = await pages.build(at);
          // The index row is taken from the data the PDF prints, so the two always agree.
          const entry = batchEntry(data, patient.id);
          // Into the ZIP on disk at once: this lane takes its next patient only once it is written.
          await zip.add(batchFileName(month, entry), await workers.build(data));
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
      // Deleted before the state says so: a poll that reads 'cancelled' finds nothing left on disk.
      await dropZip(job);
      job.status.state = 'cancelled';
      return;
    }
    // The entries come checksummed from the threads and went into the ZIP as they were made; the index
    // and the directory close it. It is finished before the exports are audited, so an audited batch
    // always has its file.
    const csv = new TextEncoder().encode(superbillIndexCsv(month, entries));
    await zip.add(`superbills-${month}-index.csv`, zipEntry(csv));
    job.size = await zip.finish();
    await ctx.db.transaction(async (db) => {
      const inTx = { ...ctx, db };
      for (const e of entries) await audit(inTx, 'export', 'patient', e.patientId, `superbill ${from}..${to} (batch ${month})`);
      await audit(inTx, 'export', 'superbills', null, `${month}: ${entries.length} superbills, ${leftOut.length} left out`);
    });
    job.status.entries = entries;
    job.status.leftOut = leftOut;
    job.status.seconds = (performance.now() - started) / 1000;
    job.status.state = 'done';
  }

  return {
    async start(month: string): Promise<BatchStatus> {
      if (last?.status.state === 'running')
        throw new DomainError('conflict', `The superbills for ${last.status.month} are still being made: wait for them or cancel.`);
      // The last batch's ZIP, never taken, goes now rather than waiting for the process to end.
      if (last) await dropZip(last);
      const { from, to } = monthRange(month);
      // The threads start while the month's roster is read.
      const threads = pool.take();
      // The visits are fixed here: a signing that lands meanwhile is in the batch whole or not at all.
      const roster = await source.roster(ctx, { from, to }).catch(async (error: unknown) => {
        (await threads).done();
        throw error;
      });
      if (roster.length === 0) {
        (await threads).done();
        throw new DomainError('not_found', `No billed, signed visits in ${month}.`, { month: `No billed, signed visits in ${month}` });
      }
      const job: Job = {
        status: { jobId: randomUUID(), month, state: 'running', done: 0, total: roster.length, entries: [], leftOut: [], message: null, seconds: 0 },
        cancel: false,
        spool: null,
        size: null,
      };
      last = job;
      run(job, roster, threads).catch(async (error: unknown) => {
        // The other lanes stop at their next patient; the ZIP is deleted before the state says 'failed'.
        job.cancel = true;
        await dropZip(job);
        job.status.message = `The superbills could not be made: ${error instanceof Error ? error.message : String(error)}`;
        job.status.state = 'failed';
      });
      return snapshot(job);
    },
    status: (jobId: string): BatchStatus => snapshot(find(jobId)),
    cancel(jobId: string): BatchStatus {
      const job = find(jobId);
      if (job.status.state === 'running') job.cancel = true;
      return snapshot(job);
    },
    /**
     * The ZIP, a slice at a time from `offset`, handed over once: the slice that reaches its end deletes
     * it, and a later request finds nothing, so the superbills do not linger on disk.
     */
    async file(jobId: string, offset = 0): Promise<BatchFilePart> {
      const job = find(jobId);
      if (job.status.state !== 'done' || !job.spool || job.size === null) throw new DomainError('conflict', 'The superbills are not ready yet.');
      if (offset > job.size)
        throw new DomainError('invalid_input', `The ZIP is ${job.size} bytes: there is nothing at ${offset}.`, { offset: 'Past the end of the ZIP' });
      const bytes = await job.spool.read(offset, BATCH_SLICE);
      const part = { fileName: batchZipName(job.status.month), size: job.size, offset, bytes };
      if (offset + bytes.length >= job.size) {
        await dropZip(job);
        last = null;
      }
      return part;
    },
  };
}
