import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { jsPDF } from 'jspdf';
import { describe, expect, it } from 'vitest';
import { loadPdfFonts } from '../../db/pdf-fonts';
import { FONT } from '../../shared/reports/pdf-kit';
import { registerFont } from '../../shared/reports/truetype';
import { inspectPdf } from '../support/pdf';

// Vitest gives each test file its own module registry, so jsPDF starts here as it ships: documents
// are made that way first, then again once Needlebook's changes are installed (loadPdfFonts).
const FONTS = fileURLToPath(new URL('../../db/fonts/', import.meta.url));
const files = {
  normal: new Uint8Array(readFileSync(`${FONTS}NotoSans-Regular.ttf`)),
  bold: new Uint8Array(readFileSync(`${FONTS}NotoSans-Bold.ttf`)),
  italic: new Uint8Array(readFileSync(`${FONTS}NotoSans-Italic.ttf`)),
};
/** jsPDF's own way: the whole file in the document's file store, as a binary string. */
const shipped = {
  normal: Buffer.from(files.normal).toString('latin1'),
  bold: Buffer.from(files.bold).toString('latin1'),
  italic: Buffer.from(files.italic).toString('latin1'),
};
const scratch = mkdtempSync(join(tmpdir(), 'needlebook-pdf-writing-'));

const LINES: [style: keyof typeof shipped, text: string, align: 'left' | 'right' | 'center'][] = [
  ['bold', 'Superbill', 'left'],
  ['normal', "Łukasz O'Brien-Żółć · DOB Feb 29, 2004", 'left'],
  ['normal', 'Nguyễn Thị Ánh — 2134 SE Hawthorne Blvd', 'left'],
  ['italic', 'Ζωή Παπαδοπούλου, Юлия Ковалёва', 'left'],
  ['normal', '97813 Acupuncture with electrical stimulation, first 15 min', 'left'],
  ['bold', '$1,234.50', 'right'],
  ['normal', '($25.00)', 'right'],
  ['italic', 'Page 1 of 2', 'center'],
];

/** The same page drawn through jsPDF's own API; `store` is what each style's file store holds. */
function page(store: Record<keyof typeof shipped, string>, lines = LINES): Uint8Array {
  const doc = new jsPDF({ unit: 'pt', format: 'letter', compress: true, putOnlyUsedFonts: true, floatPrecision: 3 });
  doc.setCreationDate(new Date(Date.UTC(2026, 2, 2, 12, 0, 0)));
  doc.setFileId('00112233445566778899AABBCCDDEEFF');
  for (const style of ['normal', 'bold', 'italic'] as const) {
    doc.addFileToVFS(`${style}.ttf`, store[style]);
    doc.addFont(`${style}.ttf`, 'Noto', style, undefined, 'Identity-H');
  }
  lines.forEach(([style, text, align], i) => {
    doc.setFont('Noto', style);
    doc.setFontSize(9.5 + (i % 3));
    doc.text(text, align === 'right' ? 560 : align === 'center' ? 306 : 48, 60 + i * 20, align === 'left' ? undefined : { align });
  });
  return new Uint8Array(doc.output('arraybuffer'));
}

/** The page as pixels (PNG at 100 dpi), through poppler. */
function pixels(bytes: Uint8Array, name: string): Buffer {
  const file = join(scratch, `${name}.pdf`);
  writeFileSync(file, bytes);
  execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', file, join(scratch, name)]);
  return readFileSync(join(scratch, `${name}.png`));
}

/** Each embedded font program (FontFile2), decompressed. */
function fontPrograms(bytes: Uint8Array): Buffer[] {
  const text = Buffer.from(bytes).toString('latin1');
  const found: Buffer[] = [];
  for (const m of text.matchAll(/<<\n\/Length1 (\d+)\n\/Length (\d+)\n\/Filter \/FlateDecode\n>>\nstream\n/g)) {
    const start = m.index + m[0].length;
    const program = inflateSync(Buffer.from(text.slice(start, start + Number(m[2])), 'latin1'));
    expect(program.length).toBe(Number(m[1]));
    found.push(program);
  }
  return found;
}

/** Each font's ToUnicode map (decompressed) and widths (/W), as text. */
function fontTables(bytes: Uint8Array): { cmaps: string[]; widths: string[] } {
  const text = Buffer.from(bytes).toString('latin1');
  const cmaps: string[] = [];
  for (const m of text.matchAll(/<<\n\/Length (\d+)\n\/Filter \/FlateDecode\n>>\nstream\n/g)) {
    const start = m.index + m[0].length;
    const stream = inflateSync(Buffer.from(text.slice(start, start + Number(m[1])), 'latin1')).toString('latin1');
    if (stream.startsWith('/CIDInit')) cmaps.push(stream);
  }
  return { cmaps, widths: [...text.matchAll(/\/W (\[.*?\])\n\/CIDToGIDMap/g)].map((m) => m[1]!) };
}

const textEvents = () => (jsPDF as unknown as { API: { events: [string, unknown][] } }).API.events.filter(([n]) => /ProcessText$/.test(n)).length;

describe("Needlebook's changes to how jsPDF writes (shared/reports/jspdf-setup.ts)", () => {
  const before = page(shipped);
  const eventsBefore = textEvents();
  loadPdfFonts();
  // What the file stores hold once the fonts are registered (as loadPdfFonts registered them): a
  // token for the font parsed once.
  const store = {
    normal: registerFont(`${FONT}-normal`, files.normal),
    bold: registerFont(`${FONT}-bold`, files.bold),
    italic: registerFont(`${FONT}-italic`, files.italic),
  };

  it('draws every page exactly as jsPDF as shipped does, pixel for pixel, with the same text', () => {
    const after = page(store);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
    expect(pixels(after, 'after').equals(pixels(before, 'before'))).toBe(true);
    const [a, b] = [inspectPdf(after), inspectPdf(before)];
    expect(a.text).toBe(b.text);
    for (const [, text] of LINES) expect(a.text).toContain(text);
  });

  it('shares one font program among documents whose text is plain ASCII, and makes its own for other letters', () => {
    const ascii = (name: string) => fontPrograms(page(store, [['normal', name, 'left']]))[0]!;
    const ana = ascii('Ana Reyes, 97813');
    expect(ascii('Theo Lindqvist, 20561').equals(ana)).toBe(true);
    const zolc = page(store, [['normal', "Łukasz O'Brien-Żółć", 'left']]);
    expect(fontPrograms(zolc)[0]!.equals(ana)).toBe(false);
    expect(inspectPdf(zolc).text).toContain("Łukasz O'Brien-Żółć");
  });

  it('shares the character map and widths too among plain ASCII documents, and widens them for other letters', () => {
    const tables = (name: string) => fontTables(page(store, [['normal', name, 'left']]));
    const ana = tables('Ana Reyes, 97813');
    expect(ana.cmaps).toHaveLength(1);
    expect(ana.widths).toHaveLength(1);
    // Every printable ASCII character is mapped, drawn or not: the map does not depend on the name.
    for (const code of ['0051', '007e', '007a']) expect(ana.cmaps[0]).toContain(`><${code}>`);
    expect(tables('Theo Lindqvist, 20561')).toEqual(ana);
    const zolc = tables("Łukasz O'Brien-Żółć");
    expect(zolc.cmaps[0]).not.toBe(ana.cmaps[0]);
    // The map holds the ASCII set and the letters the name adds: Ł (U+0141), Ż (U+017B), ó (U+00F3), ć (U+0107).
    for (const code of ['0141', '017b', '00f3', '0107', '0041', '007a']) expect(zolc.cmaps[0]).toContain(`><${code}>`);
    expect(zolc.widths[0]!.length).toBeGreaterThan(ana.widths[0]!.length);
  });

  it('drops only the Arabic shaping and right-to-left passes, which pdfText leaves nothing to do', () => {
    expect(eventsBefore - textEvents()).toBe(2);
  });
});
