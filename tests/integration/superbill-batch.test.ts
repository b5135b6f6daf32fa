import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { writeStreamInPlace } from '../../db/file-in-place';
import { spoolsOnDisk } from '../../db/batch-spool';
import { batchDownloadStream, chunksOf } from '../../shared/batch-download';
import { createDemoClinic } from '../../db/demo/demo';
import { createService } from '../../db/service';
import { loadSuperbills } from '../../db/queries/superbills';
import { loadPdfFonts } from '../../db/pdf-fonts';
import { monthPages, monthSource, superbillBatches, type MonthSource } from '../../db/superbill-batch';
import { superbillPdf } from '../../shared/reports/superbill';
import { pdfWorkers } from '../../db/pdf-workers';
import { dispatch } from '../../shared/dispatch';
import type { BatchEntry, BatchFilePart, BatchStatus } from '../../shared/billing';
import { batchFileName, monthRange } from '../../shared/reports/superbill-index';
import { errorOf, testDb, valueOf } from '../support/db';
import { readPdf } from '../support/pdf';

/** The demo clinic and a service on it, with the month that has the most billed, signed visits. */
async function demoClinic() {
  const t = await testDb();
  await createDemoClinic(t.db, { today: new Date() });
  const service = createService(
    { db: t.db, now: () => new Date(), actor: 'test' },
    { appVersion: 'test', databaseFile: t.db.location, schemaVersion: () => t.db.schemaVersion() },
  );
  const call = (channel: string, input: unknown) =>
    dispatch(service, channel, input, (e) => {
      throw e;
    });
  const { month } = (await t.db.get<{ month: string }>(
    `SELECT substr(v.started_at, 1, 7) AS month FROM visit v WHERE v.signed_at IS NOT NULL AND EXISTS (SELECT 1 FROM billing_line b WHERE b.visit_id = v.id)
      GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
  ))!;
  const exports = async () =>
    (await t.db.all<{ entity: string; entityId: number | null; detail: string }>(
      `SELECT entity, entity_id AS "entityId", detail FROM audit_log WHERE action = 'export' ORDER BY id`,
    )) as { entity: string; entityId: number | null; detail: string }[];
  return { ...t, call, month, exports };
}

/** Takes the finished ZIP slice by slice, as the download does, into a file in a fresh folder. */
async function savedZip(take: (offset: number) => Promise<BatchFilePart>): Promise<{ path: string; slices: number; name: string }> {
  let slices = 0;
  const file = await batchDownloadStream(async (offset) => {
    slices++;
    return take(offset);
  });
  const folder = mkdtempSync(join(tmpdir(), 'needlebook-batch-'));
  const path = join(folder, file!.fileName);
  await writeStreamInPlace(path, chunksOf(file!.stream));
  // Nothing but the ZIP in the folder: the temporary file was renamed into place.
  expect(readdirSync(folder)).toEqual([file!.fileName]);
  return { path, slices, name: file!.fileName };
}

async function finished(call: (c: string, i: unknown) => Promise<unknown>, status: BatchStatus): Promise<BatchStatus> {
  let s = status;
  while (s.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 5));
    s = valueOf((await call('superbillBatchStatus', { jobId: s.jobId })) as never);
  }
  return s;
}

describe('the month batch as one job in the database process', () => {
  it('makes every superbill of the month from one read, audits them in one go and hands the ZIP over once', async () => {
    const t = await demoClinic();
    const listed = valueOf(await t.call('superbillMonth', { month: t.month })) as BatchEntry[];
    expect(listed.length).toBeGreaterThan(3);
    const started = valueOf(await t.call('superbillBatch', { month: t.month })) as BatchStatus;
    expect(started).toMatchObject({ state: 'running', done: 0, total: listed.length, month: t.month });
    // One batch at a time.
    expect(errorOf(await t.call('superbillBatch', { month: t.month }))).toMatchObject({ code: 'conflict' });
    const done = await finished(t.call, started);
    expect(done).toMatchObject({ state: 'done', done: listed.length, total: listed.length, leftOut: [] });
    expect(done.entries).toEqual(listed);

    const saved = await savedZip(async (offset) => valueOf((await t.call('superbillBatchFile', { jobId: done.jobId, offset })) as never) as BatchFilePart);
    expect(saved.name).toBe(`superbills-${t.month}.zip`);
    // Checked by tools that are not ours: Info-ZIP's test of every entry's CRC, and its listing.
    expect(execFileSync('unzip', ['-t', saved.path], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const listing = execFileSync('zipinfo', ['-1', saved.path], { encoding: 'utf8' }).trim().split('\n');
    const names = [...listed.map((e) => batchFileName(t.month, e)), `superbills-${t.month}-index.csv`];
    expect([...listing].sort()).toEqual([...names].sort());
    const files = unzipSync(readFileSync(saved.path));
    expect(Object.keys(files).sort()).toEqual([...names].sort());
    // Every superbill present, each a PDF a reader parses (qpdf --check inside readPdf) naming its patient.
    for (const e of listed) expect(readPdf(files[batchFileName(t.month, e)]!).text).toContain(e.patientName.split(' ').at(-1)!);
    // A PDF of the batch prints what the same patient's own superbill prints.
    const [first] = listed;
    const alone = valueOf(await t.call('superbill', { patientId: first!.patientId, ...monthRange(t.month) })) as { pdfBase64: string };
    const strip = (text: string) => text.replace(/Generated [^\n]*/g, '');
    expect(strip(readPdf(files[batchFileName(t.month, first!)]!).text)).toBe(strip(readPdf(Buffer.from(alone.pdfBase64, 'base64')).text));

    // Every export audited: one row per patient and one for the batch (the single superbill above adds its own).
    const rows = (await t.exports()).filter((r) => r.detail.includes(`(batch ${t.month})`) || r.entity === 'superbills');
    expect(rows.filter((r) => r.entity === 'patient').map((r) => r.entityId)).toEqual(listed.map((e) => e.patientId));
    expect(rows.filter((r) => r.entity === 'superbills').map((r) => r.detail)).toEqual([`${t.month}: ${listed.length} superbills, 0 left out`]);

    // Taken once: the ZIP does not stay behind in the database process or on its disk.
    expect(errorOf(await t.call('superbillBatchFile', { jobId: done.jobId }))).toMatchObject({ code: 'not_found' });
    expect(spoolsOnDisk()).toBe(0);
  });

  it('stops when cancelled: nothing audited, no file, and a new batch may start', async () => {
    const t = await demoClinic();
    const before = await t.exports();
    const started = valueOf(await t.call('superbillBatch', { month: t.month })) as BatchStatus;
    const cancelling = valueOf(await t.call('superbillBatchCancel', { jobId: started.jobId })) as BatchStatus;
    expect(cancelling.jobId).toBe(started.jobId);
    const ended = await finished(t.call, cancelling);
    expect(ended.state).toBe('cancelled');
    expect(ended.done).toBeLessThan(ended.total);
    expect(ended.entries).toEqual([]);
    expect(await t.exports()).toEqual(before);
    expect(errorOf(await t.call('superbillBatchFile', { jobId: started.jobId }))).toMatchObject({ code: 'conflict' });
    expect(spoolsOnDisk()).toBe(0);
    const again = await finished(t.call, valueOf(await t.call('superbillBatch', { month: t.month })) as BatchStatus);
    expect(again.state).toBe('done');
  });

  it('names the month with no billed visits, and a job it does not know', async () => {
    const t = await demoClinic();
    expect(errorOf(await t.call('superbillBatch', { month: '1999-01' })).fields).toEqual({ month: 'No billed, signed visits in 1999-01' });
    expect(errorOf(await t.call('superbillBatchStatus', { jobId: '7d3c0c58-29a4-4d55-9d8e-2c3f1a0b9e11' })).code).toBe('not_found');
    expect(errorOf(await t.call('superbillBatchStatus', { jobId: 'x' })).fields).toEqual({ jobId: 'Job must be the id the batch started with' });
  });

  it('reads the month a page of patients at a time, and each superbill is what one read of the whole month makes', async () => {
    const t = await demoClinic();
    const ctx = { db: t.db, now: () => new Date(), actor: 'test' };
    const range = monthRange(t.month);
    const listed = valueOf(await t.call('superbillMonth', { month: t.month })) as BatchEntry[];
    const roster = await monthSource.roster(ctx, range);
    expect(roster.map((p) => p.id)).toEqual(listed.map((e) => e.patientId));
    // The same superbills, field for field, from pages of three as from the month read whole.
    const whole = await loadSuperbills(ctx, range);
    const paged = monthPages(ctx, monthSource, range, roster, 3);
    for (const [at, p] of roster.entries()) expect(await paged.build(at)).toEqual(whole.build(p.id));

    // The batch asks for a page at a time, in roster order, never more than a page's patients.
    const pages: number[][] = [];
    const watched: MonthSource = {
      roster: monthSource.roster,
      page: (c, r, patients) => {
        pages.push(patients.map((p) => p.id));
        return monthSource.page(c, r, patients);
      },
    };
    const batches = superbillBatches(
      ctx,
      async () => {
        loadPdfFonts();
        return superbillPdf;
      },
      watched,
      3,
    );
    let status = await batches.start(t.month);
    while (status.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 5));
      status = batches.status(status.jobId);
    }
    expect(status).toMatchObject({ state: 'done', leftOut: [] });
    expect(status.entries).toEqual(listed);
    expect(pages.flat()).toEqual(listed.map((e) => e.patientId));
    expect(pages.map((p) => p.length)).toEqual(pages.map((_, k) => Math.min(3, listed.length - k * 3)));
    const files = unzipSync(readFileSync((await savedZip((offset) => batches.file(status.jobId, offset))).path));
    expect(Object.keys(files).sort()).toEqual([...listed.map((e) => batchFileName(t.month, e)), `superbills-${t.month}-index.csv`].sort());
  });

  it('makes a superbill of 1,000 lines on a thread within its bounded heap, not on the database process’s own', async () => {
    const t = await demoClinic();
    const sources = await loadSuperbills({ db: t.db, now: () => new Date(), actor: 'test' }, monthRange(t.month));
    const one = sources.build(sources.patients[0]!.id);
    const lines = Array.from({ length: 1000 }, (_, i) => one.lines[i % one.lines.length]!);
    const charged = lines.reduce((n, l) => n + l.charge, 0);
    const workers = await pdfWorkers(async () => {
      throw new Error('made on the database process’s own thread');
    }, 2);
    try {
      expect(workers.threads).toBe(2);
      const entry = await workers.build({ ...one, lines, payments: [], totals: { charged, paid: 0, balance: charged } });
      expect(readPdf(entry.data).text).toContain(one.patient.name);
      expect(workers.threads).toBe(2);
    } finally {
      await workers.close();
    }
  });
});
