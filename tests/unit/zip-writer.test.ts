import { execFileSync } from 'node:child_process';
import { crc32 } from 'node:zlib';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openBatchSpool } from '../../db/batch-spool';
import { writeStreamInPlace } from '../../db/file-in-place';
import { zipEntry } from '../../db/zip-entry';
import { ZipWriter, type ByteSink } from '../../db/zip-writer';

/** A sink that keeps every byte, so the ZIP can be written out and read back by other tools. */
function kept(): ByteSink & { bytes(): Uint8Array } {
  const chunks: Uint8Array[] = [];
  return {
    async write(bytes) {
      chunks.push(bytes.slice());
    },
    bytes: () => Buffer.concat(chunks),
  };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Writes `bytes` as a file in a fresh folder and returns its path. */
async function onDisk(bytes: Uint8Array, name = 'test.zip'): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'needlebook-zip-')), name);
  await writeStreamInPlace(path, once(bytes));
  return path;
}

/** Python's zipfile, a second reader: each name with its size, after testzip() found every CRC right. */
function pythonRead(path: string): string {
  return execFileSync(
    'python3',
    [
      '-c',
      'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(len(z.infolist()))\nfor i in z.infolist()[:3]: print(i.filename, i.file_size)',
      path,
    ],
    { encoding: 'utf8' },
  );
}

describe('the streamed ZIP (db/zip-writer.ts), read by tools that are not ours', () => {
  it('writes stored entries that unzip -t, zipinfo, Python and fflate all read back byte for byte', async () => {
    const sink = kept();
    const zip = new ZipWriter(sink, new Date(2026, 9, 31, 17, 45, 12));
    const files: Record<string, Uint8Array> = {
      'superbill-2026-10-reyes-ana-17.pdf': new TextEncoder().encode('%PDF-1.3\n' + 'x'.repeat(5000)),
      'superbill-2026-10-müller-zoë-18.pdf': new TextEncoder().encode('%PDF-1.3\nZoë'),
      'empty.txt': new Uint8Array(0),
      'superbills-2026-10-index.csv': new TextEncoder().encode('Patient,Total\r\nAna Reyes,95.00\r\n'),
    };
    // Added from several lanes at once, as the batch does: each resolves once written.
    await Promise.all(Object.entries(files).map(([name, bytes]) => zip.add(name, zipEntry(bytes))));
    const size = await zip.finish();
    const bytes = sink.bytes();
    expect(size).toBe(bytes.length);
    const path = await onDisk(bytes);
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected in compressed data/);
    const info = execFileSync('zipinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/4 files/);
    expect(info).toContain('superbill-2026-10-müller-zoë-18.pdf');
    expect(info).toMatch(/-rw-r--r--.*stor 26-Oct-31 17:45 superbill-2026-10-reyes-ana-17.pdf/);
    expect(pythonRead(path)).toMatch(/^4\n/);
    const back = unzipSync(bytes);
    expect(Object.keys(back).sort()).toEqual(Object.keys(files).sort());
    for (const [name, content] of Object.entries(files)) expect(back[name]).toEqual(content);
  });

  it('writes ZIP64 end records when there are 65,535 entries or more, and every reader still finds them all', async () => {
    const sink = kept();
    const zip = new ZipWriter(sink);
    const n = 65_537;
    for (let i = 0; i < n; i++) await zip.add(`s${i}.txt`, zipEntry(new TextEncoder().encode(String(i))));
    await zip.finish();
    const bytes = sink.bytes();
    // The ZIP64 end of central directory record and its locator, before the classic end record.
    expect(Buffer.from(bytes).indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBeGreaterThan(0);
    expect(Buffer.from(bytes).indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBeGreaterThan(0);
    const path = await onDisk(bytes);
    expect(execFileSync('unzip', ['-tq', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
    expect(pythonRead(path)).toMatch(new RegExp(`^${n}\\n`));
    expect(execFileSync('zipinfo', ['-t', path], { encoding: 'utf8' })).toMatch(new RegExp(`^${n} files`));
  });

  it('refuses an entry after the end, and a failed write fails the ZIP rather than leaving a hole', async () => {
    const zip = new ZipWriter(kept());
    await zip.add('a.txt', zipEntry(new Uint8Array([1])));
    await zip.finish();
    await expect(zip.add('b.txt', zipEntry(new Uint8Array([2])))).rejects.toThrow(/finished/);
    let writes = 0;
    const broken = new ZipWriter({
      async write() {
        if (++writes === 3) throw new Error('disk full');
      },
    });
    await broken.add('a.txt', zipEntry(new Uint8Array([1])));
    await expect(broken.add('b.txt', zipEntry(new Uint8Array([2])))).rejects.toThrow(/disk full/);
    await expect(broken.finish()).rejects.toThrow(/b\.txt/);
  });
});

describe('the batch spool (db/batch-spool.ts): the ZIP on disk until it is taken', () => {
  it('holds no plain byte of what it keeps, and reads any slice back as it was', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'needlebook-spool-'));
    const spool = await openBatchSpool(folder);
    const plain = Buffer.from(`%PDF-1.3 Ana Reyes M76.31 ${'Iliotibial band syndrome, right leg. '.repeat(3000)}`);
    for (let at = 0; at < plain.length; at += 7001) await spool.write(plain.subarray(at, at + 7001));
    expect(spool.size).toBe(plain.length);
    const [file] = readdirSync(folder);
    const raw = readFileSync(join(folder, file!));
    expect(raw.length).toBe(plain.length);
    for (const words of ['%PDF', 'Reyes', 'M76.31', 'Iliotibial']) expect(raw.includes(words)).toBe(false);
    // Slices at offsets that start inside a cipher block, across block edges, and past the end.
    for (const [offset, length] of [
      [0, 16],
      [5, 27],
      [16 * 1000 + 3, 70_000],
      [plain.length - 10, 100],
    ] as const) {
      expect(Buffer.from(await spool.read(offset, length))).toEqual(plain.subarray(offset, offset + length));
    }
    expect((await spool.read(plain.length, 10)).length).toBe(0);
    expect(crc32(await spool.read(0, plain.length))).toBe(crc32(plain));
    // A slice handed over stays as it was while later ones are read, and reads at once each get their own.
    const first = await spool.read(100, 5000);
    const together = await Promise.all([spool.read(0, 4000), spool.read(9000, 6000), spool.read(20_000, 3000)]);
    expect(Buffer.from(first)).toEqual(plain.subarray(100, 5100));
    expect(together.map((b) => Buffer.from(b))).toEqual([plain.subarray(0, 4000), plain.subarray(9000, 15_000), plain.subarray(20_000, 23_000)]);
    await spool.remove();
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('a file written in place (db/file-in-place.ts)', () => {
  it('is whole under its name or not there at all: a stream that fails leaves nothing in the folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'needlebook-inplace-'));
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(1000);
      throw new Error('the batch stopped');
    }
    await expect(writeStreamInPlace(join(folder, 'superbills-2026-10.zip'), failing())).rejects.toThrow(/stopped/);
    expect(readdirSync(folder)).toEqual([]);
    async function* whole(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1, 2]);
      yield new Uint8Array([3]);
    }
    expect(await writeStreamInPlace(join(folder, 'superbills-2026-10.zip'), whole())).toBe(3);
    expect(readdirSync(folder)).toEqual(['superbills-2026-10.zip']);
    expect([...readFileSync(join(folder, 'superbills-2026-10.zip'))]).toEqual([1, 2, 3]);
  });
});
