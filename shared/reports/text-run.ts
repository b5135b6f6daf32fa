import type { jsPDF } from 'jspdf';

/**
 * One line of text written into the page as jsPDF's `text()` writes it, without the work `text()`
 * does for what Needlebook never asks of it (rotation, justification, char spacing, text events,
 * options parsing). A superbill draws a few hundred short lines, and `text()` was about a quarter of
 * its time. The operators are the same ones, byte for byte (tests/unit/superbill.test.ts builds
 * superbills both ways and compares the files), so a reader sees exactly what jsPDF would draw.
 *
 * The first line a document draws in each font still goes through `text()`: that is what tells
 * jsPDF the font is used, so that it is embedded (`putOnlyUsedFonts`).
 */

/** What this reads and records of jsPDF's parsed font (TTFFont), as `text()` records it. */
interface FontMetadata {
  characterToGlyph(code: number): number;
  widthOfGlyph(glyph: number): number;
  glyIdsUsed: number[];
  toUnicode: Record<number, number>;
  Unicode: { widths: unknown[] };
}
interface ActiveFont {
  id: string;
  encoding: string;
  metadata?: FontMetadata;
}
interface Internal {
  write(...lines: string[]): void;
  getHorizontalCoordinate(x: number): number;
  getVerticalCoordinate(y: number): number;
  scaleFactor: number;
}
interface Private {
  /** jsPDF's number format at the document's `floatPrecision` (pdf-kit.ts, createDoc). */
  hpf(n: number): string;
  encodeColorString(color: { ch1: number; ch2: number; ch3: number; pdfColorType: 'text' }): string;
}

export type Align = 'left' | 'right' | 'center';

/** Fonts each document has drawn with through `text()`, by font id. */
const announced = new WeakMap<jsPDF, Set<string>>();
/** Glyphs each document's copy of a font has recorded already (its `glyIdsUsed` and widths). */
const recorded = new WeakMap<FontMetadata, Set<number>>();

let viaJsPdf = false;

/** Every line through jsPDF's own `text()`; for the test that compares the two. */
export function drawThroughJsPdf(on: boolean): void {
  viaJsPdf = on;
}

/** The operator `setTextColor(r, g, b)` writes (`0.118 0.133 0.157 rg`), asked of jsPDF once per colour. */
const colorOperators = new Map<string, string>();
function colorOperator(doc: jsPDF, [r, g, b]: readonly [number, number, number]): string {
  const key = `${r},${g},${b}`;
  let operator = colorOperators.get(key);
  if (operator === undefined) {
    operator = (doc as unknown as { __private__: Private }).__private__.encodeColorString({ ch1: r, ch2: g, ch3: b, pdfColorType: 'text' });
    colorOperators.set(key, operator);
  }
  return operator;
}

/**
 * Draws `line` with its baseline at `y`, `x` being its left edge, right edge or centre, in the
 * font and size set on `doc` and in `color` (what applyStyle gave `setTextColor`).
 */
export function textRun(doc: jsPDF, line: string, x: number, y: number, align: Align, color: readonly [number, number, number]): void {
  const font = doc.getFont() as unknown as ActiveFont;
  const meta = font.metadata;
  let fonts = announced.get(doc);
  if (!fonts) announced.set(doc, (fonts = new Set()));
  if (viaJsPdf || !meta || font.encoding !== 'Identity-H' || !fonts.has(font.id)) {
    doc.text(line, x, y, align === 'left' ? undefined : { align });
    fonts.add(font.id);
    return;
  }
  let glyphs = recorded.get(meta);
  if (!glyphs) recorded.set(meta, (glyphs = new Set(meta.glyIdsUsed)));
  let hex = '';
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const glyph = meta.characterToGlyph(code);
    // jsPDF stops a line at a character the font lacks; pdfText (pdf-kit.ts) leaves none, but if one
    // came through, `text()` decides what happens, as it always did.
    if (glyph === 0) {
      doc.text(line, x, y, align === 'left' ? undefined : { align });
      return;
    }
    if (!glyphs.has(glyph)) {
      glyphs.add(glyph);
      meta.glyIdsUsed.push(glyph);
      const widths = meta.Unicode.widths;
      if (widths.indexOf(glyph) === -1) widths.push(glyph, [Math.trunc(meta.widthOfGlyph(glyph))]);
    }
    meta.toUnicode[glyph] = code;
    if (align !== 'left') width += meta.widthOfGlyph(glyph);
    hex += glyph.toString(16).padStart(4, '0');
  }
  const internal = doc.internal as unknown as Internal;
  const size = doc.getFontSize();
  // jsPDF's getStringUnitWidth and text() in the same order of operations, so the rounding agrees.
  const lineWidth = (((width * (size / 1000)) / size) * size) / internal.scaleFactor;
  const left = align === 'right' ? x - lineWidth : align === 'center' ? x - lineWidth / 2 : x;
  // Numbers printed by jsPDF's own formatter, so they follow the document's precision.
  const num = (doc as unknown as { __private__: Private }).__private__.hpf;
  const position = `${num(internal.getHorizontalCoordinate(left))} ${num(internal.getVerticalCoordinate(y))} Td`;
  internal.write(`BT\n/${font.id} ${size} Tf\n${num(size * doc.getLineHeightFactor())} TL\n${colorOperator(doc, color)}\n${position}\n<${hex}> Tj\nET`);
}
