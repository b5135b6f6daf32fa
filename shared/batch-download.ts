import type { BatchFile } from './billing';

/**
 * The month batch's ZIP is not carried into the page: at a few hundred MiB, crossing the contract as
 * bytes and becoming a Blob took longer than a quarter of the batch itself (docs/performance.md).
 * The page instead follows a link to this address, beside its own, and the side that serves the
 * page answers it as a download from the finished job: Electron's app:// protocol
 * (electron/security.ts) and the loopback harness (tests/harness/server.ts). The job hands its ZIP
 * over once, as `superbillBatchFile` does.
 */
const BATCH_PATH = /^\/downloads\/superbills\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The name the month's ZIP is saved under: the job gives it, the screen offers it and names it. */
export const batchZipName = (month: string) => `superbills-${month}.zip`;

/** The link the Superbills screen follows, relative to the page (app://needlebook/ or the harness). */
export const batchDownloadHref = (jobId: string) => `./downloads/superbills/${encodeURIComponent(jobId)}`;

/** The job a request's path asks for, or null when the path is not a batch download. */
export function batchJobOfPath(pathname: string): string | null {
  return BATCH_PATH.exec(pathname)?.[1] ?? null;
}

/** The headers that make the answer a download under the batch's own name, never a page. */
export function batchDownloadHeaders(file: BatchFile): Record<string, string> {
  return {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
    'content-length': String(file.zip.byteLength),
  };
}
