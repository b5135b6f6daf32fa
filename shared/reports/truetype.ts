import { jsPDF } from 'jspdf';

/**
 * jsPDF's TrueType path (Identity-H fonts), made fit for a month of superbills. Left as it ships,
 * every document decodes and parses each embedded font anew and writes its subset by concatenating
 * plain arrays, which cost about 30 ms a superbill for its four styles. Three changes, each leaving the bytes of the
 * PDF as they were (tests/unit/pdf-fonts.test.ts compares them with jsPDF's own output):
 * - a font is parsed once per process (`registerFont`); each document gets a shallow copy with its
 *   own character-to-glyph record, since that record lists the glyphs this document used;
 * - the glyph table of a subset is built by appending, not by copying the whole array per glyph;
 * - the font file is assembled in one typed array, its checksums summed in place.
 * The parsed tables are only read after parsing: glyph objects are cached and copied on encoding.
 */

/** The parts of jsPDF's TTFFont these changes touch; jsPDF does not export its font types. */
interface TtfFont {
  toUnicode: Record<number, number>;
  directory: { scalarType: number };
  glyf: object;
  cmap: { unicode: { codeMap: Record<string, number> } | null };
}
interface TtfFontClass {
  open(file: Uint8Array): TtfFont;
}
interface GlyphLike {
  encode(old2new: Record<number, number>): ArrayLike<number>;
}

type Tables = Record<string, ArrayLike<number>>;

function api(): { TTFFont: TtfFontClass } {
  return (jsPDF as unknown as { API: { TTFFont: TtfFontClass } }).API;
}

/** The sum of a table read as big-endian 32-bit words (zero-padded), as jsPDF and the TrueType format define it. */
function checksum(bytes: Uint8Array, from: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i += 4) {
    const at = from + i;
    sum += (bytes[at] ?? 0) * 0x1000000 + ((bytes[at + 1] ?? 0) << 16) + ((bytes[at + 2] ?? 0) << 8) + (bytes[at + 3] ?? 0);
  }
  return sum & 0xffffffff;
}

/** The font file jsPDF's `Directory.encode` writes, built in one typed array. */
function encodeDirectory(this: { scalarType: number }, tables: Tables): Uint8Array {
  const tags = Object.keys(tables);
  const count = tags.length;
  const searchRange = Math.floor(Math.log(count) / Math.LN2) * 16;
  const entrySelector = Math.floor(searchRange / Math.LN2);
  const headerLength = 12 + count * 16;
  const padded = (n: number) => n + ((4 - (n % 4)) % 4);
  let size = headerLength;
  for (const tag of tags) size += padded(tables[tag]?.length ?? 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, this.scalarType >>> 0);
  view.setUint16(4, count);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, count * 16 - searchRange);
  let offset = headerLength;
  let headOffset = -1;
  tags.forEach((tag, i) => {
    const table = tables[tag] ?? [];
    const entry = 12 + i * 16;
    for (let c = 0; c < 4; c++) bytes[entry + c] = tag.charCodeAt(c) & 0xff;
    bytes.set(table, offset);
    view.setUint32(entry + 4, checksum(bytes, offset, padded(table.length)) >>> 0);
    view.setUint32(entry + 8, offset);
    view.setUint32(entry + 12, table.length);
    if (tag === 'head') headOffset = offset;
    offset += padded(table.length);
  });
  if (headOffset >= 0) view.setUint32(headOffset + 8, (0xb1b0afba - checksum(bytes, 0, size)) >>> 0);
  return bytes;
}

/** jsPDF's `GlyfTable.encode`: the glyphs in new-id order and where each starts. */
function encodeGlyphs(glyphs: Record<number, GlyphLike | null>, mapping: readonly number[], old2new: Record<number, number>) {
  const table: number[] = [];
  const offsets: number[] = [];
  for (const id of mapping) {
    offsets.push(table.length);
    const encoded = glyphs[id]?.encode(old2new);
    if (encoded) for (let i = 0; i < encoded.length; i++) table.push(encoded[i] ?? 0);
  }
  offsets.push(table.length);
  return { table, offsets };
}

/** Fonts parsed once, by the token that stands for them in a document's file store. */
const registered = new Map<string, TtfFont>();
const TOKEN_PREFIX = 'needlebook-font:';

function tokenOf(bytes: Uint8Array): string | null {
  if (bytes.length > 64) return null;
  const text = String.fromCharCode(...bytes);
  return text.startsWith(TOKEN_PREFIX) ? text : null;
}

let installed = false;

/** Makes `TTFFont.open` answer registered tokens with a copy of the parsed font; once per process. */
export function installTrueTypeFastPath(): void {
  if (installed) return;
  installed = true;
  const TTFFont = api().TTFFont;
  const open = TTFFont.open.bind(TTFFont);
  TTFFont.open = (file: Uint8Array) => {
    const token = tokenOf(file);
    const known = token === null ? undefined : registered.get(token);
    if (!known) return open(file);
    // Own properties, not a prototype: jsPDF asks `hasOwnProperty('cmap')` before drawing a character.
    const copy = Object.assign(Object.create(Object.getPrototypeOf(known) as object) as TtfFont, known);
    copy.toUnicode = {};
    return copy;
  };
}

/**
 * Parses a TrueType file once and returns what to put in a document's file store in its place
 * (`doc.addFileToVFS(name, token)`): jsPDF decodes the store's text as base64 and hands the bytes to
 * `TTFFont.open`, which then answers with a copy of the parsed font instead of parsing ~170 KB again.
 */
export function registerFont(name: string, file: Uint8Array): string {
  installTrueTypeFastPath();
  const token = `${TOKEN_PREFIX}${name}`;
  if (!registered.has(token)) {
    const font = api().TTFFont.open(file);
    // The other two changes, on the prototypes of the tables every parsed font shares.
    (Object.getPrototypeOf(font.directory) as { encode: unknown }).encode = encodeDirectory;
    (Object.getPrototypeOf(font.glyf) as { encode: unknown }).encode = encodeGlyphs;
    registered.set(token, font);
  }
  return btoa(token);
}

/** The code points a registered font has a glyph for (its Unicode character map), read from the parse registerFont kept. */
export function fontCoverage(token: string): Set<number> {
  const font = registered.get(atob(token));
  if (!font) throw new Error('fontCoverage: that font is not registered');
  const codeMap = font.cmap.unicode?.codeMap ?? {};
  return new Set(
    Object.entries(codeMap)
      .filter(([, glyph]) => glyph > 0)
      .map(([cp]) => Number(cp)),
  );
}
