import { jsPDF } from 'jspdf';
import { binaryString, bytesOf, KEPT_LEVEL, type Deflate } from './pdf-bytes';

/**
 * How an embedded (Identity-H) font is written into each PDF, made cheap for a month of superbills.
 *
 * jsPDF writes, for every font a document used, a font file made of the glyphs it drew plus the
 * font's own character map and metrics, then a character map back to Unicode. Building that file
 * and turning its ~20 KB into a string, byte by byte, was most of what the embedded font costs a
 * superbill (docs/pdf-fonts.md). The file depends only on the set of glyphs, so it is made once per
 * set and kept. A superbill's set differs by the letters of a name or a street, so the set is
 * widened to every printable ASCII character: documents that use only those share one file per
 * style, and the others (an accented name) still get theirs. The extra glyphs are never drawn.
 *
 * The objects written are jsPDF's own, in its order; the font file is compressed once, when it is
 * made. tests/unit/pdf-writing.test.ts draws the same page with jsPDF as shipped and compares the
 * two pixel for pixel.
 */

/** What the handler reads of jsPDF's parsed font (TTFFont) once a document has used it. */
interface UsedFont {
  glyIdsUsed: number[];
  toUnicode: Record<number, number>;
  Unicode: { widths: unknown[] };
  subset: { encode(glyphs: number[], indexToLocFormat: number): ArrayLike<number> };
  characterToGlyph(code: number): number;
  widthOfGlyph(glyph: number): number;
  bbox: unknown;
  flags: number;
  stemV: number;
  italicAngle: number;
  ascender: number;
  decender: number;
  capHeight: number;
}

interface PutFont {
  font: { metadata: unknown; encoding: string; fontName: string; objectNumber?: number; isAlreadyPutted?: boolean };
  out(line: string): void;
  newObject(): number;
  putStream(options: {
    data: string;
    objectId: number;
    addLength1?: boolean;
    filters?: string[];
    alreadyAppliedFilters?: string[];
    additionalKeyValues?: { key: string; value: number }[];
  }): void;
}

type Handler = (options: PutFont) => void;

interface Api {
  events: [string, unknown][];
  TTFFont: { prototype: object };
  PDFObject: { convert(value: unknown): string };
}
const api = (): Api => (jsPDF as unknown as { API: Api }).API;

/** A stream, compressed, as the binary string jsPDF writes, and its size before compression. */
interface Deflated {
  deflated: string;
  length: number;
}
/**
 * What a document writes for one font, apart from object numbers: the font file (`/Length1` is its
 * size), the ToUnicode map, and the glyph widths (`/W`).
 */
interface FontObjects {
  file: Deflated;
  cmap: Deflated;
  widths: string;
}
/** Font objects by font and by what a document adds to the printable ASCII set. Bounded: an odd name's set is rarely seen twice. */
const kept = new Map<string, FontObjects>();
const MAX_KEPT = 64;

/** Printable ASCII in one font: each glyph, and the character it stands for. */
interface AsciiSet {
  glyphs: ReadonlySet<number>;
  codeOf: ReadonlyMap<number, number>;
}
const asciiSets = new Map<string, AsciiSet>();

let deflate: Deflate | null = null;

function asciiOf(name: string, font: UsedFont): AsciiSet {
  let set = asciiSets.get(name);
  if (!set) {
    const codeOf = new Map<number, number>();
    for (let code = 0x20; code < 0x7f; code++) codeOf.set(font.characterToGlyph(code), code);
    asciiSets.set(name, (set = { glyphs: new Set(codeOf.keys()), codeOf }));
  }
  return set;
}

const kept9 = (bytes: Uint8Array): Deflated => ({ deflated: binaryString(deflate!(bytes, KEPT_LEVEL)), length: bytes.length });

/**
 * The font objects for the glyphs this document drew, widened to all of printable ASCII. Most
 * superbills draw nothing else, so they share one set of objects per style; the key is only what a
 * document adds (glyphs beyond ASCII, or a character mapped to an ASCII glyph other than its own),
 * which for those is nothing. The extra glyphs are never drawn; their widths and characters only
 * let a reader that copies text do its work, as for the glyphs that are.
 */
function fontObjects(name: string, font: UsedFont): FontObjects {
  const ascii = asciiOf(name, font);
  const extra = new Set<number>();
  for (const glyph of font.glyIdsUsed) if (!ascii.glyphs.has(glyph)) extra.add(glyph);
  const added = [...extra].sort((a, b) => a - b);
  // Integer keys come in ascending order.
  const remapped: string[] = [];
  for (const key in font.toUnicode) {
    const glyph = Number(key);
    if (ascii.codeOf.get(glyph) !== font.toUnicode[glyph]) remapped.push(`${glyph}:${font.toUnicode[glyph]}`);
  }
  const key = `${name}|${added.join(',')}|${remapped.join(',')}`;
  let objects = kept.get(key);
  if (objects === undefined) {
    const glyphs = [...new Set([...ascii.glyphs, ...added])].sort((a, b) => a - b);
    const toUnicode: Record<number, number> = {};
    for (const [glyph, code] of ascii.codeOf) toUnicode[glyph] = code;
    Object.assign(toUnicode, font.toUnicode);
    const widths: unknown[] = [];
    for (const glyph of glyphs) widths.push(glyph, [Math.trunc(font.widthOfGlyph(glyph))]);
    objects = {
      file: kept9(Uint8Array.from(font.subset.encode(glyphs, 1))),
      cmap: kept9(bytesOf(toUnicodeMap(toUnicode))),
      widths: api().PDFObject.convert(widths),
    };
    if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(key, objects);
  }
  return objects;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** The ToUnicode map: each glyph drawn and the character it stands for, a hundred to a block. */
function toUnicodeMap(map: Record<number, number>): string {
  let text =
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <<\n  /Registry (Adobe)\n  /Ordering (UCS)\n  /Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000><ffff>\nendcodespacerange';
  const glyphs = Object.keys(map)
    .map(Number)
    .sort((a, b) => a - b);
  let block: string[] = [];
  const flush = (last: boolean) => {
    text += `\n${block.length} beginbfchar\n${block.join('\n')}\nendbfchar${last ? '\n' : ''}`;
    block = [];
  };
  for (const glyph of glyphs) {
    if (block.length >= 100) flush(false);
    const code = map[glyph];
    if (code !== undefined && code !== null) block.push(`<${hex4(glyph)}><${hex4(code)}>`);
  }
  if (block.length) flush(true);
  return `${text}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend`;
}

/** A PDF name from the font's (ASCII) PostScript name, with the delimiters written as #xx. */
function pdfName(name: string): string {
  return name.replace(/[^\x21-\x7e]|[#%()/<>[\]{}]/g, (ch) => `#${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function putIdentityH({ font, out, newObject, putStream }: PutFont): void {
  const { TTFFont, PDFObject } = api();
  if (!(font.metadata instanceof (TTFFont as unknown as new () => object)) || font.encoding !== 'Identity-H') return;
  const meta = font.metadata as UsedFont;
  const name = pdfName(font.fontName);

  // Made once per set of glyphs and kept, compressed, rather than again in every document.
  const objects = fontObjects(font.fontName, meta);
  const fontTable = newObject();
  putStream({
    data: objects.file.deflated,
    objectId: fontTable,
    filters: [],
    alreadyAppliedFilters: ['/FlateDecode'],
    additionalKeyValues: [{ key: 'Length1', value: objects.file.length }],
  });
  out('endobj');

  const cmap = newObject();
  putStream({ data: objects.cmap.deflated, objectId: cmap, filters: [], alreadyAppliedFilters: ['/FlateDecode'] });
  out('endobj');

  const descriptor = newObject();
  out('<<');
  out('/Type /FontDescriptor');
  out(`/FontName /${name}`);
  out(`/FontFile2 ${fontTable} 0 R`);
  out(`/FontBBox ${PDFObject.convert(meta.bbox)}`);
  out(`/Flags ${meta.flags}`);
  out(`/StemV ${meta.stemV}`);
  out(`/ItalicAngle ${meta.italicAngle}`);
  out(`/Ascent ${meta.ascender}`);
  out(`/Descent ${meta.decender}`);
  out(`/CapHeight ${meta.capHeight}`);
  out('>>');
  out('endobj');

  const descendant = newObject();
  out('<<');
  out('/Type /Font');
  out(`/BaseFont /${name}`);
  out(`/FontDescriptor ${descriptor} 0 R`);
  out(`/W ${objects.widths}`);
  out('/CIDToGIDMap /Identity');
  out('/DW 1000');
  out('/Subtype /CIDFontType2');
  out('/CIDSystemInfo');
  out('<<');
  out('/Supplement 0');
  out('/Registry (Adobe)');
  out(`/Ordering (${font.encoding})`);
  out('>>');
  out('>>');
  out('endobj');

  font.objectNumber = newObject();
  out('<<');
  out('/Type /Font');
  out('/Subtype /Type0');
  out(`/ToUnicode ${cmap} 0 R`);
  out(`/BaseFont /${name}`);
  out(`/Encoding /${font.encoding}`);
  out(`/DescendantFonts [${descendant} 0 R]`);
  out('>>');
  out('endobj');
  font.isAlreadyPutted = true;
}

/** Thrown by the probe's font when a handler starts writing an Identity-H font: that handler is jsPDF's. */
const FOUND = Symbol('identity-h writer');

/**
 * Which of jsPDF's "putFont" handlers writes Identity-H fonts. The bundle is minified, so it is found
 * by what it does: handed a font that throws once its subset is asked for, that handler throws.
 */
function isIdentityHWriter(handler: Handler): boolean {
  const probe = Object.assign(Object.create(api().TTFFont.prototype) as object, {
    glyIdsUsed: [0],
    toUnicode: {},
    Unicode: { widths: [] },
    subset: {
      encode() {
        throw FOUND;
      },
    },
  });
  try {
    handler({ font: { metadata: probe, encoding: 'Identity-H', fontName: 'probe' }, out: () => {}, newObject: () => 0, putStream: () => {} });
  } catch (error) {
    return error === FOUND;
  }
  return false;
}

let installed = false;

/**
 * Puts `putIdentityH` in the place of jsPDF's own writer, for every document made after this
 * (jsPDF hands its plugin events to each new document). Once per process; documents made before
 * keep jsPDF's writer.
 */
export function installFontEmbedding(compress: Deflate): void {
  deflate = compress;
  if (installed) return;
  const events = api().events;
  const at = events.findIndex(([name, handler]) => name === 'putFont' && typeof handler === 'function' && isIdentityHWriter(handler as Handler));
  if (at < 0) throw new Error("jsPDF's Identity-H font writer was not found: this jsPDF is not the one Needlebook was built with");
  events[at] = ['putFont', putIdentityH];
  installed = true;
}
