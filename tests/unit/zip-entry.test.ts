import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipEntry, zipOf } from '../../db/zip-entry';

const text = (s: string) => new TextEncoder().encode(s);

describe('a ZIP of entries checksummed where they were made (db/zip-entry.ts)', () => {
  it.each([
    ['an empty file', ''],
    ['a short text', 'Superbill'],
    ['a repetitive page stream', 'BT /F1 9 Tf 72 700 Td (97813 Acupuncture with e-stim) Tj ET\n'.repeat(400)],
  ])('gives back %s byte for byte, with the index stored beside it', (_name, content) => {
    const zip = zipOf([{ name: 'superbill-2026-10-00001-Ana-Reyes.pdf', entry: zipEntry(text(content)) }], { 'index.csv': text('patient_id\r\n1\r\n') });
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

  it('keeps names in any script, which another unzipper reads back as written', () => {
    const name = 'superbill-2026-10-00007-O-Brien-Łukasz-Żółć-Nguyễn-Thị-Ánh.pdf';
    const zip = zipOf([{ name, entry: zipEntry(text('%PDF-1.3')) }]);
    expect(Object.keys(unzipSync(zip))).toEqual([name]);
    expect(pythonReads(zip)).toEqual({ damaged: 'None', first: name });
  });

  it('records the CRC of the file itself, so a damaged entry is caught', () => {
    const entry = zipEntry(text('Total charged $140.00'));
    expect(pythonReads(zipOf([{ name: 'a.pdf', entry }])).damaged).toBe('None');
    expect(pythonReads(zipOf([{ name: 'a.pdf', entry: { ...entry, crc: entry.crc ^ 1 } }])).damaged).toBe('a.pdf');
  });
});
