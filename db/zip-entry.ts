import { crc32 } from 'node:zlib';
import { Zip, ZipPassThrough, type ZipInputFile } from 'fflate';

/**
 * A file made ready for a ZIP where it was made (a worker thread of the month batch): checksummed,
 * so the thread that writes the ZIP only lays the entries end to end. The entries are PDFs whose
 * every stream is compressed already (shared/reports/pdf-kit.ts), so the ZIP stores them: deflating
 * them again cost about a millisecond a superbill and saved under a tenth of the size.
 */
export interface ZipEntry {
  /** The file as it is (ZIP method 0, stored). */
  data: Uint8Array;
  /** Its CRC-32, as the ZIP headers record it. */
  crc: number;
}

export function zipEntry(bytes: Uint8Array): ZipEntry {
  return { data: bytes, crc: crc32(bytes) };
}

/** One ZIP of entries checksummed already, plus small files (an index CSV). */
export function zipOf(entries: readonly { name: string; entry: ZipEntry }[], stored: Record<string, Uint8Array> = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  for (const { name, entry } of entries) {
    const file: ZipInputFile = { filename: name, size: entry.data.length, crc: entry.crc, compression: 0 };
    zip.add(file);
    file.ondata!(null, entry.data as Uint8Array<ArrayBuffer>, true);
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
