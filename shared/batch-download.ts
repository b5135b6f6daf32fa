import type { BatchFilePart } from './billing';

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
export function batchDownloadHeaders(file: { fileName: string; size: number }): Record<string, string> {
  return {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
    'content-length': String(file.size),
  };
}

/** Asks the job for the slice of its ZIP at `offset`; null when the job has none (not done, or taken). */
export type TakeBatchPart = (offset: number) => Promise<BatchFilePart | null>;

/**
 * A finished batch's ZIP as a stream of its slices, each asked for only when the reader wants more
 * (a ReadableStream's pull): whoever saves it — Chromium's download, the harness's answer, the
 * command line's file — holds one slice at a time, whatever the month's size. Null when there is no
 * ZIP to take. A slice that comes back short or not at all ends the stream with an error, so a
 * half-taken ZIP is never saved as whole (a browser keeps it as a failed download).
 */
export async function batchDownloadStream(take: TakeBatchPart): Promise<{ fileName: string; size: number; stream: ReadableStream<Uint8Array> } | null> {
  const first = await take(0);
  if (!first) return null;
  const { fileName, size } = first;
  let offset = 0;
  let pending: BatchFilePart | null = first;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const part = pending ?? (await take(offset));
      pending = null;
      if (!part || part.offset !== offset || (part.bytes.length === 0 && offset < size)) {
        controller.error(new Error(`The superbills ZIP ended at ${offset} of ${size} bytes`));
        return;
      }
      offset += part.bytes.length;
      controller.enqueue(part.bytes);
      if (offset >= size) controller.close();
    },
  });
  return { fileName, size, stream };
}

/** A stream's chunks one by one, each read only when the loop asks for it. */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
