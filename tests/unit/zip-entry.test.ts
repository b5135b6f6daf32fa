import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipEntry, type ZipEntry } from '../../db/zip-entry';
import { ZipWriter } from '../../db/zip-writer';

const text = (s: string) => new TextEncoder().encode(s);

/** The batch's ZIP (db/zip-writer.ts) of these entries, kept whole for the readers below. */
async function zipOf(entries: readonly { name: string; entry: ZipEntry }[], stored: Record<string, Uint8Array> = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const zip = new ZipWriter({ write: async (bytes) => void chunks.push(bytes.slice()) });
  for (const { name, entry } of entries) await zip.add(name, entry);
  for (const [name, bytes] of Object.entries(stored)) await zip.add(name, zipEntry(bytes));
  await zip.finish();
  return Buffer.concat(chunks);
}

describe('a ZIP of entries checksummed where they were made (db/zip-entry.ts, db/zip-writer.ts)', () => {
  it.each([
    ['an empty file', ''],
    ['a short text', 'Superbill'],
    ['a repetitive page stream', 'BT /F1 9 Tf 72 700 Td (97813 Acupuncture with e-stim) Tj ET\n'.repeat(400)],
  ])('gives back %s byte for byte, with the index stored beside it', async (_name, content) => {
    const zip = await zipOf([{ name: 'superbill-2026-10-00001-Ana-Reyes.pdf', entry: zipEntry(text(content)) }], { 'index.csv': text('patient_id\r\n1\r\n') });
    const files = unzipSync(zip);
    expect(new TextDecoder().decode(files['superbill-2026-10-00001-Ana-Reyes.pdf'])).toBe(content);
    expect(new TextDecoder().decode(files['index.csv'])).toBe('patient_id\r\n1\r\n');
  });

  /** Python's zipfile, another unzipper: testzip() checks every CRC; names are decoded by the UTF-8 flag. */
  const pythonReads = (zip: Uint8Array) => {
    const file = join(mkdtempSync(join(tmpdir(), 'needlebook-zip-')), 'batch.zip');
    writeFileSync(file, zip);
    const out = execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(z.namelist()[0])', file], {
      encoding: 'utf8',
    });
    const [damaged, first] = out.split('\n');
    return { damaged, first };
  };

  it('keeps names in any script, which another unzipper reads back as written', async () => {
    const name = 'superbill-2026-10-00007-O-Brien-Łukasz-Żółć-Nguyễn-Thị-Ánh.pdf';
    const zip = await zipOf([{ name, entry: zipEntry(text('%PDF-1.3')) }]);
    expect(Object.keys(unzipSync(zip))).toEqual([name]);
    expect(pythonReads(zip)).toEqual({ damaged: 'None', first: name });
  });

  it('records the CRC of the file itself, so a damaged entry is caught', async () => {
    const entry = zipEntry(text('Total charged $140.00'));
    expect(pythonReads(await zipOf([{ name: 'a.pdf', entry }])).damaged).toBe('None');
    expect(pythonReads(await zipOf([{ name: 'a.pdf', entry: { ...entry, crc: entry.crc ^ 1 } }])).damaged).toBe('a.pdf');
  });
});
