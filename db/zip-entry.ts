import { crc32 } from 'node:zlib';

/**
 * A file made ready for a ZIP where it was made (a worker thread of the month batch): checksummed,
 * so the thread that writes the ZIP (db/zip-writer.ts) only lays the entries end to end. The entries are PDFs whose
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
