import { zlibSync } from 'fflate';
import { jsPDF } from 'jspdf';
import { binaryString, bytesOf, PAGE_LEVEL, type Deflate } from './pdf-bytes';
import { installFontEmbedding } from './font-embedding';
import { installTrueTypeFastPath } from './truetype';

/**
 * Everything Needlebook changes in jsPDF, in one place, done once per process (or worker thread)
 * before the first document. Each change keeps what a reader sees; docs/pdf-fonts.md says why each
 * is worth it for a month of superbills.
 *
 * - Fonts parsed once (`truetype.ts`) and written once per glyph set (`font-embedding.ts`).
 * - Streams compressed by the platform's zlib, without building a string one byte at a time.
 * - No Arabic shaping and no right-to-left reordering on every line: `pdfText` (pdf-kit.ts) turns
 *   any character the font lacks into '?' first, and the font has no Arabic or Hebrew letters, so
 *   both passes could only read each line and give it back unchanged.
 */

interface Api {
  events: [string, unknown][];
  processDataByFilters(data: string, filters: string[] | string | undefined): { data: string; reverseChain: string };
  processArabic: unknown;
}
const api = (): Api => (jsPDF as unknown as { API: Api }).API;

const isFlate = (filter: string) => filter === 'FlateEncode' || filter === '/FlateEncode';

/** A handler that reorders right-to-left text: it turns a Hebrew word inside Latin text around. */
function reordersRightToLeft(handler: unknown): boolean {
  if (typeof handler !== 'function') return false;
  const args: { text: unknown; options: object; mutex: object } = { text: 'a \u05d0\u05d1 b', options: {}, mutex: {} };
  try {
    (handler as (a: typeof args) => void)(args);
  } catch {
    return false;
  }
  return args.text === 'a \u05d1\u05d0 b';
}

let installed = false;

/**
 * `deflate` is the platform's zlib where there is one (db/pdf-fonts.ts): several times quicker
 * than the JavaScript compressor jsPDF carries (fflate), which is the default here.
 */
export function installJsPdfSetup(deflate: Deflate = (bytes, level) => zlibSync(bytes, { level })): void {
  if (installed) return;
  installed = true;
  installTrueTypeFastPath();
  installFontEmbedding(deflate);

  const API = api();
  const filters = API.processDataByFilters.bind(API);
  API.processDataByFilters = (data, chain) => {
    const list = typeof chain === 'string' ? [chain] : (chain ?? []);
    // jsPDF's own FlateEncode builds its output string one concatenation per byte.
    if (list.length === 1 && isFlate(list[0]!)) return { data: binaryString(deflate(bytesOf(data ?? ''), PAGE_LEVEL)), reverseChain: '/FlateDecode' };
    return filters(data, chain);
  };

  // Only the two text passes go; a jsPDF without them (or with them renamed) is left as it is.
  const unused = API.events.filter(
    ([name, handler]) => (name === 'preProcessText' && handler === API.processArabic) || (name === 'postProcessText' && reordersRightToLeft(handler)),
  );
  for (const entry of unused) API.events.splice(API.events.indexOf(entry), 1);
}
