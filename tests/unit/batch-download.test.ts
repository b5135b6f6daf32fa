import { describe, expect, it } from 'vitest';
import type { Protocol } from 'electron';
import { batchDownloadHeaders, batchDownloadHref, batchJobOfPath } from '../../shared/batch-download';
import type { BatchFilePart } from '../../shared/billing';
import { registerAppProtocol } from '../../electron/security';
import { saveDialogFor } from '../../electron/save-dialog';

const JOB = '0f8e2c1a-5b7d-4e3f-9a6b-2c4d6e8f0a1b';

describe('the month batch download address', () => {
  it.each([
    [`/downloads/superbills/${JOB}`, JOB],
    [`/downloads/superbills/${JOB}/`, null],
    [`/downloads/superbills/${JOB.toUpperCase()}`, null],
    [`/downloads/superbills/../index.html`, null],
    [`/downloads/superbills/${JOB}.zip`, null],
    [`/x/downloads/superbills/${JOB}`, null],
    ['/downloads/superbills/', null],
    ['/index.html', null],
  ])('%s names job %s', (path, job) => {
    expect(batchJobOfPath(path)).toBe(job);
  });

  it('is a link beside the page that resolves back to the job, in Electron and in the harness', () => {
    for (const page of ['app://needlebook/index.html#/superbills', 'http://127.0.0.1:41234/?key=ab#/superbills']) {
      expect(batchJobOfPath(new URL(batchDownloadHref(JOB), page).pathname)).toBe(JOB);
    }
  });

  it('is answered as an attachment under a plain file name, with its length', () => {
    const file = { fileName: 'superbills-2026-10.zip', size: 1234 };
    expect(batchDownloadHeaders(file)).toEqual({
      'content-type': 'application/zip',
      'content-disposition': 'attachment; filename="superbills-2026-10.zip"',
      'content-length': '1234',
    });
    expect(batchDownloadHeaders({ ...file, fileName: 'a"b\r\n.zip' })['content-disposition']).toBe('attachment; filename="a_b__.zip"');
  });
});

describe("Electron's app:// protocol and the batch download", () => {
  function served(take: (jobId: string, offset: number) => Promise<BatchFilePart | null>) {
    let handler: ((request: Request) => Promise<Response>) | undefined;
    const protocol = { handle: (_scheme: string, h: typeof handler) => (handler = h) } as unknown as Pick<Protocol, 'handle'>;
    registerAppProtocol(protocol, '/nonexistent-renderer', take);
    return (url: string) => handler!(new Request(url));
  }

  /** A job's ZIP handed over in slices of `slice` bytes, gone once its last slice is taken (as db/superbill-batch.ts does). */
  function job(zip: Uint8Array, slice: number, asked: [string, number][]) {
    let taken = false;
    return async (jobId: string, offset: number): Promise<BatchFilePart | null> => {
      asked.push([jobId, offset]);
      if (taken) return null;
      const bytes = zip.slice(offset, offset + slice);
      if (offset + bytes.length >= zip.length) taken = true;
      return { fileName: 'superbills-2026-10.zip', size: zip.length, offset, bytes };
    };
  }

  it('hands the finished ZIP over as a download, slice by slice as it is read, taken from the database process once', async () => {
    const asked: [string, number][] = [];
    const zip = new Uint8Array([80, 75, 5, 6, 1, 2, 3]);
    const get = served(job(zip, 3, asked));
    const first = await get(`app://needlebook/downloads/superbills/${JOB}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toBe('attachment; filename="superbills-2026-10.zip"');
    expect(first.headers.get('content-type')).toBe('application/zip');
    expect(first.headers.get('content-length')).toBe('7');
    // Only the first slice is asked for before anything is read.
    expect(asked).toEqual([[JOB, 0]]);
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(zip);
    expect(asked).toEqual([
      [JOB, 0],
      [JOB, 3],
      [JOB, 6],
    ]);
    expect((await get(`app://needlebook/downloads/superbills/${JOB}`)).status).toBe(404);
  });

  it('fails the download, never ends it as whole, when the ZIP stops short', async () => {
    const zip = new Uint8Array(10).fill(7);
    let calls = 0;
    const get = served(async (_jobId, offset) =>
      ++calls > 2 ? null : { fileName: 'superbills-2026-10.zip', size: zip.length, offset, bytes: zip.slice(offset, offset + 4) },
    );
    const answer = await get(`app://needlebook/downloads/superbills/${JOB}`);
    expect(answer.status).toBe(200);
    await expect(answer.arrayBuffer()).rejects.toThrow();
  });

  it('asks the database process for nothing on any other address', async () => {
    const asked: string[] = [];
    const get = served(async (jobId) => (asked.push(jobId), null));
    for (const url of [`app://elsewhere/downloads/superbills/${JOB}`, `app://needlebook/downloads/superbills/${JOB}/x`, 'app://needlebook/index.html']) {
      expect((await get(url)).status).toBe(404);
    }
    expect(asked).toEqual([]);
  });
});

describe('the save dialog for a download', () => {
  it.each([
    ['superbills-2026-10.zip', 'Save superbills', [{ name: 'ZIP archive', extensions: ['zip'] }]],
    ['superbill-reyes-2026-10.pdf', 'Save PDF', [{ name: 'PDF', extensions: ['pdf'] }]],
    ['REPORT.PDF', 'Save PDF', [{ name: 'PDF', extensions: ['pdf'] }]],
    ['notes.txt', 'Save', []],
  ])('%s: %s', (fileName, title, filters) => {
    expect(saveDialogFor(fileName, '/home/mara/Documents')).toEqual({ title, defaultPath: `/home/mara/Documents/${fileName}`, filters });
  });
});
