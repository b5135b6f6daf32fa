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
  /** The font file's name in the document's store (pdf-kit.ts, createDoc): one per style, the same in every document. */
  postScriptName: string;
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

/**
 * The operator `setTextColor(r, g, b)` writes (`0.118 0.133 0.157 rg`), asked of jsPDF once per
 * colour: the reports pass the few colours of pdf-kit.ts's COLOR, the same arrays on every line.
 */
const colorOperators = new WeakMap<readonly number[], string>();
function colorOperator(doc: jsPDF, color: readonly [number, number, number]): string {
  let operator = colorOperators.get(color);
  if (operator === undefined) {
    const [r, g, b] = color;
    operator = (doc as unknown as { __private__: Private }).__private__.encodeColorString({ ch1: r, ch2: g, ch3: b, pdfColorType: 'text' });
    colorOperators.set(color, operator);
  }
  return operator;
}

/** The text colour last set on each document through jsPDF, by its operator. */
const jsPdfColor = new WeakMap<jsPDF, string>();

/** A line drawn through jsPDF's `text()`, in `color`: set on jsPDF first, and only when it changed. */
function viaText(doc: jsPDF, line: string, x: number, y: number, align: Align, color: readonly [number, number, number]): void {
  const operator = colorOperator(doc, color);
  if (jsPdfColor.get(doc) !== operator) {
    doc.setTextColor(color[0], color[1], color[2]);
    jsPdfColor.set(doc, operator);
  }
  doc.text(line, x, y, align === 'left' ? undefined : { align });
}

/**
 * What a line is in one font, worked out once: the glyphs as the hex string `Tj` shows, its width in
 * the font's units, and each glyph it uses with the character it stands for (the last one, where two
 * characters share a glyph, as `text()` records them). A month's batch draws the same labels on
 * every superbill. Null: the font lacks a character, and `text()` decides what happens.
 */
interface Run {
  hex: string;
  width: number;
  glyphs: readonly number[];
  codes: readonly number[];
}
/** By font, then by line: the lines are mostly the very strings the wrap cache (pdf-kit.ts) hands out, whose hashes are kept. */
const runs = new Map<string, Map<string, Run | null>>();
const RUNS_KEPT = 8192;

function runOf(fontName: string, meta: FontMetadata, line: string): Run | null {
  let ofFont = runs.get(fontName);
  if (!ofFont) runs.set(fontName, (ofFont = new Map()));
  const known = ofFont.get(line);
  if (known !== undefined) return known;
  let hex = '';
  let width = 0;
  const codeOf = new Map<number, number>();
  let run: Run | null = null;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const glyph = meta.characterToGlyph(code);
    // jsPDF stops a line at a character the font lacks; pdfText (pdf-kit.ts) leaves none.
    if (glyph === 0) {
      hex = '';
      break;
    }
    codeOf.set(glyph, code);
    width += meta.widthOfGlyph(glyph);
    hex += glyph.toString(16).padStart(4, '0');
  }
  if (hex !== '') run = { hex, width, glyphs: [...codeOf.keys()], codes: [...codeOf.values()] };
  if (ofFont.size >= RUNS_KEPT) ofFont.clear();
  ofFont.set(line, run);
  return run;
}

/** `num(size * lineHeightFactor)` by that product: the same few on every line (every document is made at one precision, by createDoc). */
const leadings = new Map<number, string>();

/**
 * Draws `line` with its baseline at `y`, `x` being its left edge, right edge or centre, in the
 * font and size set on `doc` (applyStyle) and in `color`.
 */
export function textRun(doc: jsPDF, line: string, x: number, y: number, align: Align, color: readonly [number, number, number]): void {
  const font = doc.getFont() as unknown as ActiveFont;
  const meta = font.metadata;
  let fonts = announced.get(doc);
  if (!fonts) announced.set(doc, (fonts = new Set()));
  if (viaJsPdf || !meta || font.encoding !== 'Identity-H' || !fonts.has(font.id)) {
    viaText(doc, line, x, y, align, color);
    fonts.add(font.id);
    return;
  }
  const run = runOf(font.postScriptName, meta, line);
  if (!run) {
    viaText(doc, line, x, y, align, color);
    return;
  }
  let glyphs = recorded.get(meta);
  if (!glyphs) recorded.set(meta, (glyphs = new Set(meta.glyIdsUsed)));
  // What `text()` records of each glyph in this document's copy of the font, in the same order.
  for (let i = 0; i < run.glyphs.length; i++) {
    const glyph = run.glyphs[i]!;
    if (!glyphs.has(glyph)) {
      glyphs.add(glyph);
      meta.glyIdsUsed.push(glyph);
      const widths = meta.Unicode.widths;
      if (widths.indexOf(glyph) === -1) widths.push(glyph, [Math.trunc(meta.widthOfGlyph(glyph))]);
    }
    meta.toUnicode[glyph] = run.codes[i]!;
  }
  const internal = doc.internal as unknown as Internal;
  const size = doc.getFontSize();
  // jsPDF's getStringUnitWidth and text() in the same order of operations, so the rounding agrees.
  const lineWidth = align === 'left' ? 0 : (((run.width * (size / 1000)) / size) * size) / internal.scaleFactor;
  const left = align === 'right' ? x - lineWidth : align === 'center' ? x - lineWidth / 2 : x;
  // Numbers printed by jsPDF's own formatter, so they follow the document's precision.
  const num = (doc as unknown as { __private__: Private }).__private__.hpf;
  const lineHeight = size * doc.getLineHeightFactor();
  let leading = leadings.get(lineHeight);
  if (leading === undefined) leadings.set(lineHeight, (leading = num(lineHeight)));
  const position = `${num(internal.getHorizontalCoordinate(left))} ${num(internal.getVerticalCoordinate(y))} Td`;
  internal.write(`BT\n/${font.id} ${size} Tf\n${leading} TL\n${colorOperator(doc, color)}\n${position}\n<${run.hex}> Tj\nET`);
}
