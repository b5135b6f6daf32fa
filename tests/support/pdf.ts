import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PDF as a reader meets it: structure checked by qpdf, then its text, page by page, and page sizes. */
export interface InspectedPdf {
  file: string;
  text: string;
  info: string;
  /** pdftotext -layout of each page on its own, so what shares a page can be checked. */
  pages: string[];
  pageCount: number;
  /** pdfinfo's "Page N size: …" lines. */
  sizes: string[];
}

/** Writes `bytes` (or reads the file at a path) and inspects it; a damaged PDF throws, failing the test. */
export function inspectPdf(bytes: Uint8Array | string, file = join(mkdtempSync(join(tmpdir(), 'needlebook-pdf-')), 'doc.pdf')): InspectedPdf {
  if (typeof bytes === 'string') file = bytes;
  else writeFileSync(file, bytes);
  // qpdf exits non-zero on any structural error (or warning, exit 3), and execFileSync throws.
  const check = execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  if (!check.includes('No syntax or stream encoding errors')) throw new Error(`qpdf --check: ${check}`);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pageCount = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const pages = Array.from({ length: pageCount }, (_, i) =>
    execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }),
  );
  const sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pageCount), file], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /^Page\s+\d+ size:/.test(l));
  return { file, text, info, pages, pageCount, sizes };
}

/** The common case: text and page count of a valid PDF. */
export function readPdf(bytes: Uint8Array | string): { text: string; pages: number; file: string } {
  const pdf = inspectPdf(bytes);
  return { text: pdf.text, pages: pdf.pageCount, file: pdf.file };
}
