/**
 * jsPDF builds a document as a "binary string": one character per byte. These turn bytes into such
 * a string and back in chunks, where jsPDF's own code adds one character at a time, which for a
 * 20 KB font file made most of a superbill's garbage (docs/pdf-fonts.md). And the compressor the
 * process gives for the streams (jspdf-setup.ts).
 */
export function bytesOf(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function binaryString(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 0x2000;
  for (let i = 0; i < bytes.length; i += CHUNK) parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]));
  return parts.join('');
}

/** Compresses to the zlib format PDF's FlateDecode reads, at a zlib level from 1 (quickest) to 9 (smallest). */
export type Deflate = (bytes: Uint8Array, level: DeflateLevel) => Uint8Array;
export type DeflateLevel = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * Page streams are compressed once per document: level 3 took 0.11 ms for a 16 KB superbill page
 * where the default (6) took 0.28 ms, for 300 bytes more. Font files are compressed once per
 * glyph set and kept (font-embedding.ts), so they get the smallest.
 */
export const PAGE_LEVEL: DeflateLevel = 3;
export const KEPT_LEVEL: DeflateLevel = 9;
