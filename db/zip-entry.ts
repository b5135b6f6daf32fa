import { crc32, deflateRawSync } from 'node:zlib';
import { Zip, ZipPassThrough, type ZipInputFile } from 'fflate';

/**
 * A file made ready for a ZIP where it was made (a worker thread of the month batch): compressed
 * with the platform's zlib and checksummed, so the thread that writes the ZIP only lays the
 * entries end to end.
 */
export interface ZipEntry {
  /** Raw DEFLATE of the file (ZIP method 8). */
  deflated: Uint8Array;
  /** The file's own size and CRC-32, as the ZIP headers record them. */
  size: number;
  crc: number;
}

export function zipEntry(bytes: Uint8Array): ZipEntry {
  return { deflated: deflateRawSync(bytes, { level: 6 }), size: bytes.length, crc: crc32(bytes) };
}

/** One ZIP of entries compressed already, plus small files stored as they are (an index CSV). */
export function zipOf(entries: readonly { name: string; entry: ZipEntry }[], stored: Record<string, Uint8Array> = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  for (const { name, entry } of entries) {
    const file: ZipInputFile = { filename: name, size: entry.size, crc: entry.crc, compression: 8 };
    zip.add(file);
    file.ondata!(null, entry.deflated as Uint8Array<ArrayBuffer>, true);
  }
  for (const [name, bytes] of Object.entries(stored)) {
    const file = new ZipPassThrough(name);
    zip.add(file);
    file.push(bytes, true);
  }
  zip.end();
  if (failure) throw failure;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
