import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { pdfFontsReady, setPdfFonts, type FontStyle } from '../shared/reports/pdf-kit';

/** Set by build/bundle-electron.mjs: the fonts folder beside the bundle (a name), or the source folder (a path). */
declare const __PDF_FONTS__: string | undefined;

const FILES: Record<FontStyle, string> = {
  normal: 'NotoSans-Regular.ttf',
  bold: 'NotoSans-Bold.ttf',
  italic: 'NotoSans-Italic.ttf',
  bolditalic: 'NotoSans-BoldItalic.ttf',
};

function fontFolder(): string {
  if (typeof __PDF_FONTS__ === 'string') return isAbsolute(__PDF_FONTS__) ? __PDF_FONTS__ : join(__dirname, __PDF_FONTS__);
  return fileURLToPath(new URL('./fonts/', import.meta.url));
}

/**
 * Reads the reports' font (db/fonts, made by build/pdf-fonts.mjs) once per process or worker thread,
 * before the first document; later calls do nothing.
 */
export function loadPdfFonts(): void {
  if (pdfFontsReady()) return;
  const folder = fontFolder();
  const read = (file: string) => new Uint8Array(readFileSync(join(folder, file)));
  setPdfFonts(
    { normal: read(FILES.normal), bold: read(FILES.bold), italic: read(FILES.italic), bolditalic: read(FILES.bolditalic) },
    // The platform's zlib compresses every stream of every document.
    (bytes, level) => deflateSync(bytes, { level }),
  );
}
