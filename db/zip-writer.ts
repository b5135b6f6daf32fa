import type { ZipEntry } from './zip-entry';

/** Where a ZIP's bytes go, in order, as they are made: a file (db/batch-spool.ts), never a buffer of the whole. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
}

const UTF8_NAMES = 0x0800;
const STORED = 0;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

/** The MS-DOS time and date every entry of one ZIP carries: when the ZIP was begun, local time. */
function dosTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: (Math.max(0, at.getFullYear() - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

interface Written {
  name: Uint8Array;
  crc: number;
  size: number;
  /** Where its local header starts. */
  offset: number;
}

/**
 * A ZIP written front to back as its entries arrive (the month batch, issue 38 point 5): each
 * entry's local header and bytes go to the sink at once, and only what the central directory needs
 * of each (name, CRC, size, place: a few dozen bytes) is kept until the end. Entries are stored
 * (method 0: the PDFs are compressed inside already, db/zip-entry.ts), with
 * their CRC and size known before they are written, so no data descriptor follows them. ZIP64
 * records are written only when needed: more than 65,535 entries, or a directory beyond 4 GiB
 * (APPNOTE 6.3.10, sections 4.3.14–4.3.16 and 4.5.3). One entry is at most 4 GiB, far above any PDF.
 *
 * `add` may be called by several lanes at once: writes are queued in call order, and each call
 * resolves once its bytes are with the sink, so a caller that awaits it holds at most one entry.
 */
export class ZipWriter {
  private readonly written: Written[] = [];
  private offset = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly stamp: { time: number; date: number };
  private finished = false;
  private failed: Error | null = null;

  constructor(
    private readonly sink: ByteSink,
    at = new Date(),
  ) {
    this.stamp = dosTime(at);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.offset;
  }

  get count(): number {
    return this.written.length;
  }

  add(fileName: string, entry: ZipEntry): Promise<void> {
    if (this.finished) return Promise.reject(new Error('The ZIP is finished: nothing more can be added'));
    if (entry.data.length > MAX_32) return Promise.reject(new Error(`${fileName} is larger than a ZIP entry may be`));
    const run = this.queue.then(() => this.writeEntry(fileName, entry));
    // A failed write fails its own caller; the queue goes on so `finish` reports it too.
    this.queue = run.catch(() => {
      this.failed ??= new Error(`Writing ${fileName} into the ZIP failed`);
    });
    return run;
  }

  private async writeEntry(fileName: string, entry: ZipEntry): Promise<void> {
    const name = new TextEncoder().encode(fileName);
    const header = new Uint8Array(30 + name.length);
    const v = new DataView(header.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true);
    v.setUint16(6, UTF8_NAMES, true);
    v.setUint16(8, STORED, true);
    v.setUint16(10, this.stamp.time, true);
    v.setUint16(12, this.stamp.date, true);
    v.setUint32(14, entry.crc >>> 0, true);
    v.setUint32(18, entry.data.length, true);
    v.setUint32(22, entry.data.length, true);
    v.setUint16(26, name.length, true);
    v.setUint16(28, 0, true);
    header.set(name, 30);
    const offset = this.offset;
    await this.sink.write(header);
    await this.sink.write(entry.data);
    this.offset += header.length + entry.data.length;
    this.written.push({ name, crc: entry.crc >>> 0, size: entry.data.length, offset });
  }

  /** Writes the central directory and the end records once every queued entry is written; returns the ZIP's size. */
  async finish(): Promise<number> {
    await this.queue;
    if (this.failed) throw this.failed;
    this.finished = true;
    const directoryStart = this.offset;
    for (const w of this.written) await this.sink.write(this.directoryEntry(w));
    const directorySize = this.offset - directoryStart;
    const count = this.written.length;
    const zip64 = count > MAX_16 - 1 || directoryStart >= MAX_32 || directorySize >= MAX_32;
    if (zip64) {
      const record = new Uint8Array(56);
      const r = new DataView(record.buffer);
      r.setUint32(0, 0x06064b50, true);
      r.setBigUint64(4, 44n, true);
      r.setUint16(12, 45, true);
      r.setUint16(14, 45, true);
      r.setUint32(16, 0, true);
      r.setUint32(20, 0, true);
      r.setBigUint64(24, BigInt(count), true);
      r.setBigUint64(32, BigInt(count), true);
      r.setBigUint64(40, BigInt(directorySize), true);
      r.setBigUint64(48, BigInt(directoryStart), true);
      const locator = new Uint8Array(20);
      const l = new DataView(locator.buffer);
      l.setUint32(0, 0x07064b50, true);
      l.setUint32(4, 0, true);
      l.setBigUint64(8, BigInt(this.offset), true);
      l.setUint32(16, 1, true);
      await this.put(record);
      await this.put(locator);
    }
    const end = new Uint8Array(22);
    const e = new DataView(end.buffer);
    e.setUint32(0, 0x06054b50, true);
    e.setUint16(8, zip64 ? MAX_16 : count, true);
    e.setUint16(10, zip64 ? MAX_16 : count, true);
    e.setUint32(12, zip64 ? MAX_32 : directorySize, true);
    e.setUint32(16, zip64 ? MAX_32 : directoryStart, true);
    await this.put(end);
    return this.offset;
  }

  private async put(bytes: Uint8Array): Promise<void> {
    await this.sink.write(bytes);
    this.offset += bytes.length;
  }

  private directoryEntry(w: Written): Uint8Array {
    // The local header's place needs ZIP64's extra field once it is past 4 GiB.
    const far = w.offset >= MAX_32;
    const extra = far ? 12 : 0;
    const entry = new Uint8Array(46 + w.name.length + extra);
    const v = new DataView(entry.buffer);
    v.setUint32(0, 0x02014b50, true);
    // Made by: UNIX (3), spec 4.5; needed: 2.0, or 4.5 with ZIP64.
    v.setUint16(4, (3 << 8) | 45, true);
    v.setUint16(6, far ? 45 : 20, true);
    v.setUint16(8, UTF8_NAMES, true);
    v.setUint16(10, STORED, true);
    v.setUint16(12, this.stamp.time, true);
    v.setUint16(14, this.stamp.date, true);
    v.setUint32(16, w.crc, true);
    v.setUint32(20, w.size, true);
    v.setUint32(24, w.size, true);
    v.setUint16(28, w.name.length, true);
    v.setUint16(30, extra, true);
    v.setUint16(32, 0, true);
    v.setUint16(34, 0, true);
    v.setUint16(36, 0, true);
    // rw-r--r-- regular files, as unzip sets them.
    v.setUint32(38, (0o100644 << 16) >>> 0, true);
    v.setUint32(42, far ? MAX_32 : w.offset, true);
    entry.set(w.name, 46);
    if (far) {
      const x = 46 + w.name.length;
      v.setUint16(x, 0x0001, true);
      v.setUint16(x + 2, 8, true);
      v.setBigUint64(x + 4, BigInt(w.offset), true);
    }
    this.offset += entry.length;
    return entry;
  }
}
