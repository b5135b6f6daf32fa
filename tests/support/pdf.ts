import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PDF checked the way a reader would meet it: qpdf's structural check, then its text. */
export function readPdf(bytes: Uint8Array | string): { text: string; pages: number; file: string } {
  let file: string;
  if (typeof bytes === 'string') file = bytes;
  else {
    file = join(mkdtempSync(join(tmpdir(), 'needlebook-pdf-')), 'doc.pdf');
    writeFileSync(file, bytes);
  }
  execFileSync('qpdf', ['--check', file], { stdio: 'pipe' }); // throws on a damaged file
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), file };
}
