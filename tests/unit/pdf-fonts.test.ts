import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsPDF } from 'jspdf';
import { describe, expect, it } from 'vitest';
import { fontCoverage, registerFont } from '../../shared/reports/truetype';
import { readPdf } from '../support/pdf';

// This file installs the fast path itself, after making documents without it: vitest gives each
// test file its own module registry, so jsPDF starts here as it ships.
const FONTS = fileURLToPath(new URL('../../db/fonts/', import.meta.url));
const regular = new Uint8Array(readFileSync(`${FONTS}NotoSans-Regular.ttf`));
const bold = new Uint8Array(readFileSync(`${FONTS}NotoSans-Bold.ttf`));
/** jsPDF's own way: the whole file in the document's file store, as a binary string. */
const binary = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
let store = { regular: binary(regular), bold: binary(bold) };

const NAMES = ["O'Brien-Łukasz Żółć", 'Nguyễn Thị Ánh', 'Ștefan Țurcanu', 'Đặng Quốc Bảo', 'Ζωή Παπαδοπούλου', 'Юлия Ковалёва', 'Ōkubo Jōji'];

/** A document with fixed dates and id, so two builds compare byte for byte. */
function build(names: readonly string[] = NAMES): Uint8Array {
  const doc = new jsPDF({ unit: 'pt', format: 'letter', compress: false, putOnlyUsedFonts: true });
  doc.setCreationDate(new Date(Date.UTC(2026, 2, 2, 12, 0, 0)));
  doc.setFileId('00112233445566778899AABBCCDDEEFF');
  doc.addFileToVFS('R.ttf', store.regular);
  doc.addFont('R.ttf', 'Noto', 'normal', undefined, 'Identity-H');
  doc.addFileToVFS('B.ttf', store.bold);
  doc.addFont('B.ttf', 'Noto', 'bold', undefined, 'Identity-H');
  names.forEach((name, i) => {
    doc.setFont('Noto', i % 2 ? 'bold' : 'normal');
    doc.text(`${name} · 97813 · $125.00`, 48, 60 + i * 18);
  });
  return new Uint8Array(doc.output('arraybuffer'));
}

describe('the embedded report font', () => {
  it('prints every name exactly, and the fast path writes the same bytes as jsPDF alone', () => {
    const shipped = build();
    const short = ['Ana Ruiz'];
    const shippedShort = build(short);
    store = { regular: registerFont('normal', regular), bold: registerFont('bold', bold) };
    expect(store.regular.length).toBeLessThan(64);
    const first = build();
    const cached = build();
    // After a document that used many glyphs, one that uses few lists only its own.
    const cachedShort = build(short);
    expect(Buffer.from(first).equals(Buffer.from(shipped))).toBe(true);
    expect(Buffer.from(cached).equals(Buffer.from(shipped))).toBe(true);
    expect(Buffer.from(cachedShort).equals(Buffer.from(shippedShort))).toBe(true);
    const { text } = readPdf(cached);
    for (const name of NAMES) expect(text).toContain(name);
  });

  it('covers every letter of the Latin, Vietnamese, Greek and Cyrillic names it is cut for', () => {
    const covered = fontCoverage(registerFont('normal', regular));
    for (const name of NAMES) for (const ch of name.normalize('NFC')) expect(covered.has(ch.codePointAt(0) ?? 0), `${ch} in ${name}`).toBe(true);
    // Latin Extended-A and -B whole, and the Vietnamese block.
    for (let cp = 0x100; cp <= 0x17f; cp++) expect(covered.has(cp), cp.toString(16)).toBe(true);
    for (let cp = 0x1ea0; cp <= 0x1ef9; cp++) expect(covered.has(cp), cp.toString(16)).toBe(true);
  });
});
