import { jsPDF } from 'jspdf';
import { installJsPdfSetup } from './jspdf-setup';
import type { Deflate } from './pdf-bytes';
import { textRun, type Align } from './text-run';
import { fontCoverage, registerFont } from './truetype';

/**
 * Layout helpers over jsPDF shared by the printed reports (progress report, superbill): US Letter
 * portrait in points, Noto Sans embedded (any Latin, Greek or Cyrillic name prints as typed), a
 * cursor that breaks pages, tables that never split a row, and a "Page N of M" footer stamped once
 * the page count is known. Text stays real, selectable text.
 */

export const PAGE = { width: 612, height: 792, margin: 48 } as const;
export const CONTENT_LEFT = PAGE.margin;
export const CONTENT_RIGHT = PAGE.width - PAGE.margin;
export const CONTENT_WIDTH = CONTENT_RIGHT - CONTENT_LEFT;
/** Content stops here; the footer lives in the bottom margin below it. */
export const CONTENT_BOTTOM = PAGE.height - PAGE.margin;

export const FONT = 'NotoSans';
export const SIZE = { title: 18, subtitle: 13, heading: 11, body: 9.5, small: 8, tiny: 7 } as const;

export type Rgb = readonly [number, number, number];
export const COLOR = {
  text: [30, 34, 40],
  muted: [96, 102, 112],
  accent: [28, 78, 128],
  rule: [200, 205, 212],
  fill: [237, 241, 246],
  zebra: [248, 249, 251],
  warn: [196, 120, 18],
} as const satisfies Record<string, Rgb>;

const LINE_FACTOR = 1.3;

export function lineHeight(size: number): number {
  return size * LINE_FACTOR;
}

/** Baseline of a line whose box starts at `top`: centres Helvetica's ascent and descent in the box. */
function baseline(top: number, size: number): number {
  return top + size * 0.93;
}

// ---------------------------------------------------------------- the embedded font

export type FontStyle = 'normal' | 'bold' | 'italic' | 'bolditalic';

/** The TrueType files of one family. */
export type PdfFonts = Readonly<Record<FontStyle, Uint8Array>>;

/** What each document's file store holds for each style (see registerFont). */
let fonts: Readonly<Record<FontStyle, string>> | null = null;
/** Code points the embedded font can draw (the regular style's character map; the others cover the same). */
let covered: ReadonlySet<number> = new Set();

/**
 * Gives the reports their font; the database process reads the files once (db/pdf-fonts.ts).
 * The PDF standard fonts are not a fallback: they know only Western European letters, and a name
 * printed with a letter missing is a wrong name on a claim.
 */
export function setPdfFonts(files: PdfFonts, deflate?: Deflate): void {
  installJsPdfSetup(deflate);
  fonts = {
    normal: registerFont(`${FONT}-normal`, files.normal),
    bold: registerFont(`${FONT}-bold`, files.bold),
    italic: registerFont(`${FONT}-italic`, files.italic),
    bolditalic: registerFont(`${FONT}-bolditalic`, files.bolditalic),
  };
  covered = fontCoverage(fonts.normal);
}

export function pdfFontsReady(): boolean {
  return fonts !== null;
}

function drawable(cp: number): boolean {
  return covered.has(cp);
}

// Characters the font lacks, spelled so that the meaning survives.
const REPLACEMENTS: Record<string, string> = {
  '↔': '<->',
  '⇄': '<->',
  '⟷': '<->',
  '→': '->',
  '⟶': '->',
  '⇒': '=>',
  '←': '<-',
  '↑': '^',
  '↓': 'v',
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '≈': '~',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '′': "'",
  '″': '"',
  '✓': 'yes',
  '✔': 'yes',
  '✗': 'no',
  '✘': 'no',
  '\t': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u202F': ' ',
  '\u200B': '',
  '\u200C': '',
  '\u200D': '',
  '\uFEFF': '',
};

/** Text the standard fonts can draw: keeps WinAnsi, spells out arrows and signs, strips accents it lacks (pinyin tone marks), '?' for the rest. */
export function pdfText(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n').normalize('NFC')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || drawable(cp)) {
      out += ch;
      continue;
    }
    const replacement = REPLACEMENTS[ch];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    if (base.length > 0 && [...base].every((c) => drawable(c.codePointAt(0) ?? 0))) out += base;
    else if (cp < 0x20) out += ' ';
    else out += '?';
  }
  return out;
}

// ---------------------------------------------------------------- formatting

/** One date format for the PDFs and the screens (shared/dates.ts). */
export { formatDate } from '../dates';

/** '$1,234.50' from whole cents; cents keep sums exact where floating dollars would drift. */
export function formatMoney(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const dollars = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Money as statements print a balance: a credit (below zero) in parentheses, '($25.00)', rather than
 * a minus sign a reader can miss. Rounds to whole cents before choosing the form, so an amount that
 * rounds to nothing prints '$0.00', never '-$0.00' or '($0.00)'.
 */
export function formatAccounting(cents: number): string {
  const whole = Math.round(cents);
  if (whole < 0) return `(${formatMoney(-whole)})`;
  return formatMoney(whole === 0 ? 0 : whole);
}

// ---------------------------------------------------------------- document and cursor

export interface DocMeta {
  title: string;
  subject: string;
  author?: string;
  keywords?: string;
}

/** Every stream compressed (jsPDF's `compress`), with the compressor the process gave (jspdf-setup.ts). */
export function createDoc(meta: DocMeta): jsPDF {
  if (!fonts) throw new Error('The report font is not loaded: call setPdfFonts first (db/pdf-fonts.ts).');
  const doc = new jsPDF({ unit: 'pt', format: 'letter', orientation: 'portrait', compress: true, putOnlyUsedFonts: true, floatPrecision: 3 });
  for (const style of ['normal', 'bold', 'italic', 'bolditalic'] as const) {
    const file = `${FONT}-${style}.ttf`;
    doc.addFileToVFS(file, fonts[style]);
    doc.addFont(file, FONT, style, undefined, 'Identity-H');
  }
  doc.setProperties({
    title: pdfText(meta.title),
    subject: pdfText(meta.subject),
    creator: 'Needlebook',
    ...(meta.author ? { author: pdfText(meta.author) } : {}),
    ...(meta.keywords ? { keywords: pdfText(meta.keywords) } : {}),
  });
  doc.setFont(FONT, 'normal');
  doc.setLineHeightFactor(LINE_FACTOR);
  return doc;
}

// The tallest block that can ever be kept together: a page less a generous running head.
const MAX_BLOCK = CONTENT_BOTTOM - PAGE.margin - 40;

export interface Cursor {
  readonly doc: jsPDF;
  /** Top of the next thing to draw. */
  y: number;
  /** Draws whatever opens a continuation page (a running head) and returns where content starts. */
  readonly onNewPage?: (doc: jsPDF) => number;
}

export function createCursor(doc: jsPDF, onNewPage?: (doc: jsPDF) => number): Cursor {
  return { doc, y: PAGE.margin, ...(onNewPage ? { onNewPage } : {}) };
}

export function newPage(cur: Cursor): void {
  cur.doc.addPage('letter', 'portrait');
  cur.y = cur.onNewPage ? cur.onNewPage(cur.doc) : PAGE.margin;
}

export function spaceLeft(cur: Cursor): number {
  return CONTENT_BOTTOM - cur.y;
}

/** Moves a block that fits on a fresh page but not here to the next page; longer blocks stay and flow. */
export function keepTogether(cur: Cursor, height: number): void {
  if (height <= MAX_BLOCK) ensureSpace(cur, height);
}

/** Starts a new page unless `height` still fits on this one; true when it broke the page. */
export function ensureSpace(cur: Cursor, height: number): boolean {
  if (cur.y + height <= CONTENT_BOTTOM) return false;
  newPage(cur);
  return true;
}

// ---------------------------------------------------------------- text

export interface TextStyle {
  size?: number;
  bold?: boolean;
  italic?: boolean;
  color?: Rgb;
}

/**
 * Sets the font and size on `doc` for measuring and drawing, and returns the size. The colour is not
 * set here: every line is drawn by textRun (text-run.ts), which is handed the colour and writes it,
 * and sets it on jsPDF only for the lines jsPDF draws itself. jsPDF formats a colour anew on every
 * `setTextColor`, and a superbill changes colour a few hundred times.
 */
export function applyStyle(doc: jsPDF, style: TextStyle = {}): number {
  const size = style.size ?? SIZE.body;
  const variant = style.bold && style.italic ? 'bolditalic' : style.bold ? 'bold' : style.italic ? 'italic' : 'normal';
  doc.setFont(FONT, variant);
  doc.setFontSize(size);
  return size;
}

/**
 * Lines already wrapped, by style, width and text. A month's batch wraps the same labels, service
 * descriptions, diagnoses and clinic lines on every superbill, and a wrap depends on nothing else
 * (every document uses the one font, FONT). Held in memory only, and dropped whole when full.
 */
const wrapped = new Map<string, readonly string[]>();
const WRAPPED_KEPT = 4096;

/** Lines of `text` wrapped to `width` in the given style; blank input gives no lines. */
export function wrap(doc: jsPDF, text: string, width: number, style: TextStyle = {}): string[] {
  const size = applyStyle(doc, style);
  const key = `${style.bold ? 'b' : ''}${style.italic ? 'i' : ''}|${size}|${width}|${text}`;
  const known = wrapped.get(key);
  if (known) return [...known];
  const lines: string[] = [];
  for (const paragraph of pdfText(text).split('\n')) {
    const trimmed = paragraph.trimEnd();
    if (trimmed === '') {
      if (lines.length > 0) lines.push('');
      continue;
    }
    const split: unknown = doc.splitTextToSize(trimmed, width);
    if (Array.isArray(split)) lines.push(...split.map(String));
    else lines.push(String(split));
  }
  while (lines.at(-1) === '') lines.pop();
  if (wrapped.size >= WRAPPED_KEPT) wrapped.clear();
  wrapped.set(key, lines);
  return [...lines];
}

/** Draws lines from `top` down, without page breaks; returns the height used. */
export function drawLines(doc: jsPDF, lines: readonly string[], x: number, top: number, style: TextStyle = {}, align: Align = 'left'): number {
  const size = applyStyle(doc, style);
  const lh = lineHeight(size);
  lines.forEach((line, i) => {
    if (line !== '') textRun(doc, line, x, baseline(top + i * lh, size), align, style.color ?? COLOR.text);
  });
  return lines.length * lh;
}

/** One line of text, already short enough; returns the height used. */
export function drawText(doc: jsPDF, text: string, x: number, top: number, style: TextStyle = {}, align: Align = 'left'): number {
  return drawLines(doc, [pdfText(text)], x, top, style, align);
}

/** Wrapped text that flows across pages line by line. */
export function paragraph(cur: Cursor, text: string, style: TextStyle = {}, opts: { indent?: number; width?: number } = {}): void {
  const x = CONTENT_LEFT + (opts.indent ?? 0);
  const lines = wrap(cur.doc, text, opts.width ?? CONTENT_RIGHT - x, style);
  const lh = lineHeight(style.size ?? SIZE.body);
  for (const line of lines) {
    ensureSpace(cur, lh);
    cur.y += drawLines(cur.doc, [line], x, cur.y, style);
  }
}

export function gap(cur: Cursor, points: number): void {
  cur.y = Math.min(cur.y + points, CONTENT_BOTTOM);
}

export function rule(doc: jsPDF, x1: number, x2: number, y: number, color: Rgb = COLOR.rule, width = 0.6): void {
  doc.setDrawColor(color[0], color[1], color[2]);
  doc.setLineWidth(width);
  doc.line(x1, y, x2, y);
}

/**
 * A section heading with a hairline under it, kept on the same page as the first `keepWithNext`
 * points of what follows so a heading never sits alone at the foot of a page.
 */
export function heading(cur: Cursor, text: string, keepWithNext = 36): void {
  const h = lineHeight(SIZE.heading) + 6;
  if (cur.y > PAGE.margin + 20) gap(cur, 10);
  ensureSpace(cur, h + keepWithNext);
  drawText(cur.doc, text, CONTENT_LEFT, cur.y, { size: SIZE.heading, bold: true, color: COLOR.accent });
  rule(cur.doc, CONTENT_LEFT, CONTENT_RIGHT, cur.y + lineHeight(SIZE.heading) + 1);
  cur.y += h;
}

// ---------------------------------------------------------------- label / value rows

export interface LabelValue {
  label: string;
  /** Wrapped; '\n' starts a new line. */
  value: string;
  bold?: boolean;
}

export interface LabelValueLayout {
  x?: number;
  width?: number;
  labelWidth?: number;
  size?: number;
}

interface LaidRow {
  label: string[];
  value: string[];
  bold: boolean;
  height: number;
}

function layRows(doc: jsPDF, rows: readonly LabelValue[], layout: LabelValueLayout): LaidRow[] {
  const size = layout.size ?? SIZE.body;
  const width = layout.width ?? CONTENT_WIDTH;
  const labelWidth = layout.labelWidth ?? 96;
  const lh = lineHeight(size);
  return rows.map((row) => {
    const label = wrap(doc, row.label, labelWidth - 6, { size: size - 0.5, color: COLOR.muted });
    // A hair of slack: viewers that substitute Helvetica can draw a line a point or two wider.
    const value = wrap(doc, row.value, width - labelWidth - 3, { size, bold: row.bold ?? false });
    const lines = Math.max(label.length, value.length, 1);
    return { label, value, bold: row.bold ?? false, height: lines * lh + 2 };
  });
}

/** Height the rows take, for placing blocks side by side. */
export function measureLabelValues(doc: jsPDF, rows: readonly LabelValue[], layout: LabelValueLayout = {}): number {
  return layRows(doc, rows, layout).reduce((sum, r) => sum + r.height, 0);
}

/** Draws the rows at a fixed place with no page breaks (for side-by-side blocks); returns the height used. */
export function drawLabelValues(doc: jsPDF, rows: readonly LabelValue[], top: number, layout: LabelValueLayout = {}): number {
  const size = layout.size ?? SIZE.body;
  const x = layout.x ?? CONTENT_LEFT;
  const labelWidth = layout.labelWidth ?? 96;
  let y = top;
  for (const row of layRows(doc, rows, layout)) {
    drawLines(doc, row.label, x, y + 0.5, { size: size - 0.5, color: COLOR.muted });
    drawLines(doc, row.value, x + labelWidth, y, { size, bold: row.bold });
    y += row.height;
  }
  return y - top;
}

/**
 * Label/value rows under the cursor. A row that fits is never split; a long one (free-text goals or
 * plan) moves whole to the next page if it is short enough, and otherwise flows line by line.
 */
export function labelValues(cur: Cursor, rows: readonly LabelValue[], layout: LabelValueLayout = {}): void {
  const size = layout.size ?? SIZE.body;
  const x = layout.x ?? CONTENT_LEFT;
  const labelWidth = layout.labelWidth ?? 96;
  const lh = lineHeight(size);
  for (const row of layRows(cur.doc, rows, layout)) {
    if (row.height <= spaceLeft(cur) || row.height <= MAX_BLOCK / 4) {
      ensureSpace(cur, row.height);
      drawLines(cur.doc, row.label, x, cur.y + 0.5, { size: size - 0.5, color: COLOR.muted });
      drawLines(cur.doc, row.value, x + labelWidth, cur.y, { size, bold: row.bold });
      cur.y += row.height;
      continue;
    }
    ensureSpace(cur, Math.max(row.label.length, 3) * lh);
    drawLines(cur.doc, row.label, x, cur.y + 0.5, { size: size - 0.5, color: COLOR.muted });
    row.value.forEach((line, i) => {
      // Never leave the last line alone at the top of a page: take the one before it along.
      const needed = i === row.value.length - 2 ? 2 * lh : lh;
      if (ensureSpace(cur, needed)) drawLines(cur.doc, ['(continued)'], x, cur.y + 0.5, { size: size - 0.5, color: COLOR.muted });
      cur.y += drawLines(cur.doc, [line], x + labelWidth, cur.y, { size, bold: row.bold });
    });
    cur.y += 2;
  }
}

// ---------------------------------------------------------------- tables

export interface TableColumn {
  header: string;
  width: number;
  align?: Align;
}

export interface TableCell {
  text: string;
  /** Smaller grey text under the main text, e.g. the date under a score. */
  sub?: string;
  bold?: boolean;
  color?: Rgb;
}

export type Cell = string | TableCell;

export interface TableOptions {
  size?: number;
  /** A heading drawn on the page where the first rows land, so it is never left alone at a page's foot. */
  heading?: string;
  zebra?: boolean;
  /** Rows to shade instead of every second one, e.g. alternate visits rather than alternate lines. */
  shaded?: (row: number) => boolean;
  x?: number;
  /**
   * Height of what follows the table and should stay with it (totals, a signature): the last rows
   * move to the next page with it rather than leave it alone on a page without any of the table.
   */
  keepWithLast?: number;
  /**
   * Rows in a run with the same key (the lines of one visit) start on the same page when the run
   * is short enough; the last run, or without keys the last two rows, travel with `keepWithLast`.
   */
  groupOf?: (row: number) => string | number;
}

/** How many of a table's last rows travel with `keepWithLast` when rows are not grouped. */
const ROWS_KEPT_WITH_TAIL = 2;
/** A run of grouped rows taller than this may break across pages rather than leave a gap. */
const MAX_GROUP = MAX_BLOCK / 2;

const PAD_X = 4;
const PAD_Y = 3.5;

interface LaidCell {
  main: string[];
  sub: string[];
  bold: boolean;
  color: Rgb;
}

function layCell(doc: jsPDF, cell: Cell | undefined, width: number, size: number, header: boolean): LaidCell {
  const c: TableCell = typeof cell === 'string' ? { text: cell } : (cell ?? { text: '' });
  const inner = Math.max(width - 2 * PAD_X, 8);
  const bold = header || (c.bold ?? false);
  return {
    main: wrap(doc, c.text, inner, { size, bold }),
    sub: c.sub ? wrap(doc, c.sub, inner, { size: size - 1.5 }) : [],
    bold,
    color: c.color ?? COLOR.text,
  };
}

function cellHeight(cell: LaidCell, size: number): number {
  return cell.main.length * lineHeight(size) + cell.sub.length * lineHeight(size - 1.5);
}

/** Drops lines from the bottom of an impossibly tall row so it still fits on one page, marking the cut. */
function clampRow(cells: LaidCell[], size: number, maxHeight: number): void {
  for (const cell of cells) {
    if (cellHeight(cell, size) + 2 * PAD_Y <= maxHeight) continue;
    while (cellHeight(cell, size) + 2 * PAD_Y > maxHeight && (cell.sub.length > 0 || cell.main.length > 1)) {
      if (cell.sub.length > 0) cell.sub.pop();
      else cell.main.pop();
    }
    const last = cell.main.length - 1;
    cell.main[last] = `${(cell.main[last] ?? '').replace(/\s*\S{0,3}$/, '')}...`;
  }
}

/**
 * A table with a shaded header row that repeats on every page it spans. Rows are kept whole: a row
 * that does not fit moves to the next page, and the header always has its first row under it.
 */
export function table(cur: Cursor, columns: readonly TableColumn[], rows: readonly (readonly Cell[])[], opts: TableOptions = {}): void {
  const { doc } = cur;
  const size = opts.size ?? SIZE.body - 0.5;
  const x0 = opts.x ?? CONTENT_LEFT;
  const totalWidth = columns.reduce((s, c) => s + c.width, 0);

  const lay = (cells: readonly (Cell | undefined)[], header: boolean) =>
    columns.map((col, i) => layCell(doc, cells[i], col.width, header ? size - 0.5 : size, header));
  const height = (laid: LaidCell[], s: number) => Math.max(...laid.map((c) => cellHeight(c, s)), lineHeight(s)) + 2 * PAD_Y;

  const head = lay(
    columns.map((c) => c.header),
    true,
  );
  const headSize = size - 0.5;
  const headHeight = height(head, headSize);
  const body = rows.map((r) => {
    const laid = lay(r, false);
    clampRow(laid, size, MAX_BLOCK - headHeight);
    return { laid, height: height(laid, size) };
  });

  const drawRow = (laid: LaidCell[], s: number, h: number, fill: Rgb | null) => {
    if (fill) {
      doc.setFillColor(fill[0], fill[1], fill[2]);
      doc.rect(x0, cur.y, totalWidth, h, 'F');
    }
    let x = x0;
    columns.forEach((col, i) => {
      const cell = laid[i];
      if (!cell) return;
      const align = col.align ?? 'left';
      const tx = align === 'right' ? x + col.width - PAD_X : align === 'center' ? x + col.width / 2 : x + PAD_X;
      const used = drawLines(doc, cell.main, tx, cur.y + PAD_Y, { size: s, bold: cell.bold, color: cell.color }, align);
      drawLines(doc, cell.sub, tx, cur.y + PAD_Y + used, { size: s - 1.5, color: COLOR.muted }, align);
      x += col.width;
    });
    rule(doc, x0, x0 + totalWidth, cur.y + h, COLOR.rule, 0.4);
    cur.y += h;
  };
  const drawHead = () => drawRow(head, headSize, headHeight, COLOR.fill);

  // The room row i needs below it: itself; at the start of a group, the whole group; at the first
  // of the rows kept with what follows the table, those rows and that tail — each only when it
  // would fit on a page at all.
  const { groupOf } = opts;
  const groupStart = (i: number) => groupOf === undefined || i === 0 || groupOf(i) !== groupOf(i - 1);
  const runHeight = (from: number, to: number) => body.slice(from, to).reduce((sum, r) => sum + r.height, 0);
  const groupEnd = (i: number) => {
    let end = i + 1;
    while (groupOf !== undefined && end < body.length && groupOf(end) === groupOf(i)) end++;
    return end;
  };
  let tailStart = Math.max(body.length - ROWS_KEPT_WITH_TAIL, 0);
  if (groupOf !== undefined) while (tailStart > 0 && !groupStart(tailStart)) tailStart--;
  const tailGroup = runHeight(tailStart, body.length) + (opts.keepWithLast ?? 0);
  const needed = (i: number): number => {
    let need = body[i]?.height ?? 0;
    if (groupOf !== undefined && groupStart(i)) {
      const group = runHeight(i, groupEnd(i));
      if (group <= MAX_GROUP) need = group;
    }
    if (opts.keepWithLast && i === tailStart && headHeight + tailGroup <= MAX_BLOCK) need = Math.max(need, tailGroup);
    return need;
  };
  const shade = opts.shaded ?? ((i: number) => opts.zebra === true && i % 2 === 1);

  const headingRoom = opts.heading ? lineHeight(SIZE.heading) + 6 + (cur.y > PAGE.margin + 20 ? 10 : 0) : 0;
  ensureSpace(cur, headingRoom + headHeight + needed(0));
  if (opts.heading) heading(cur, opts.heading, 0);
  drawHead();
  body.forEach((row, i) => {
    if (ensureSpace(cur, needed(i))) drawHead();
    drawRow(row.laid, size, row.height, shade(i) ? COLOR.zebra : null);
  });
}

// ---------------------------------------------------------------- footer and output

/**
 * One line of `text` followed by `tail` that fits `width`: at the style's size, else up to 1.5 pt
 * smaller, else with `text` cut short by an ellipsis. The tail (a date of birth, the dates of
 * service) always prints whole, so a long name never pushes what identifies the page off it.
 */
export function fitLine(doc: jsPDF, text: string, width: number, style: TextStyle = {}, tail = ''): { text: string; size: number } {
  const full = pdfText(text);
  const end = pdfText(tail);
  const largest = style.size ?? SIZE.body;
  for (let size = largest; size >= largest - 1.5; size -= 0.5) {
    applyStyle(doc, { ...style, size });
    if (doc.getTextWidth(full + end) <= width) return { text: full + end, size };
  }
  const size = largest - 1.5;
  applyStyle(doc, { ...style, size });
  const chars = [...full];
  while (chars.length > 1 && doc.getTextWidth(`${chars.join('').trimEnd()}…${end}`) > width) chars.pop();
  return { text: `${chars.join('').trimEnd()}…${end}`, size };
}

/**
 * Stamps every page with a line of its own (the patient, or the generated-on line) and "Page N of M";
 * call once, after the last page exists, since M is only known then.
 */
export function stampFooters(doc: jsPDF, left: string, tail = ''): void {
  const pages = doc.getNumberOfPages();
  const top = CONTENT_BOTTOM + 12;
  const line = fitLine(doc, left, CONTENT_WIDTH - 70, { size: SIZE.tiny }, tail);
  for (let n = 1; n <= pages; n++) {
    doc.setPage(n);
    rule(doc, CONTENT_LEFT, CONTENT_RIGHT, top - 4);
    drawLines(doc, [line.text], CONTENT_LEFT, top, { size: line.size, color: COLOR.muted });
    drawText(doc, `Page ${n} of ${pages}`, CONTENT_RIGHT, top, { size: SIZE.tiny, color: COLOR.muted }, 'right');
  }
}

export function pdfBytes(doc: jsPDF): Uint8Array {
  return new Uint8Array(doc.output('arraybuffer'));
}
