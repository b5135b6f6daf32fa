import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPdfFonts } from '../../db/pdf-fonts';
import { caseChart, visitChart, type ChartedTreatment } from '../../shared/body-chart';
import { bodyFigureHeight, drawBodyFigure } from '../../shared/reports/body-figure';
import { CONTENT_LEFT, CONTENT_WIDTH, createDoc, pdfBytes } from '../../shared/reports/pdf-kit';
import { inspectPdf } from '../support/pdf';

loadPdfFonts();
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));

/** The visit, SP6 in a second (prone) round with its lead pair. */
const VISIT: ChartedTreatment = {
  acupoints: [
    { code: 'ST36', side: 'B', round: 0 },
    { code: 'GB34', side: 'R', round: 0 },
    { code: 'SP6', side: 'L', round: 1 },
  ],
  triggerPoints: [{ muscleId: 'gastrocnemius-medial', side: 'L' }],
  leadPairs: [{ from: { kind: 'acupoint', ref: 'ST36', side: 'L' }, to: { kind: 'acupoint', ref: 'SP6', side: 'L' }, round: 1 }],
};

/** A PDF page's drawing operators, uncompressed, so the paths drawn can be counted. */
function contentOf(file: string): string {
  const qdf = `${file}.qdf`;
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
  return execFileSync('cat', [qdf], { encoding: 'latin1' });
}

/** How often the fill colour of `hex` is set (jsPDF writes `r g b rg`, two decimals, trailing zeros dropped: `0. 0.45 0.7 rg`). */
function fillsOf(content: string, hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const part = (v: number) => (v / 255).toFixed(2).replace(/0+$/, '');
  const rg = `${part((n >> 16) & 255)} ${part((n >> 8) & 255)} ${part(n & 255)} rg`;
  return content.split(rg).length - 1;
}

/**
 * The figure as any report draws it (the progress report now, the chart copy later): vector paths
 * only, each mark in its round's colour, the legend naming the rounds, and the height it says it used.
 */
describe('the body figure in a PDF', () => {
  it('draws a visit: its marks in their rounds’ colours, the lead pair, and a legend of the rounds, with no image', () => {
    const doc = createDoc({ title: 'Body figure', subject: 'test', author: 'test', keywords: '' });
    const width = CONTENT_WIDTH;
    const used = drawBodyFigure(doc, visitChart(VISIT), { left: CONTENT_LEFT, top: 80, width }, { rounds: ['Supine', 'Prone'] });
    expect(used).toBe(bodyFigureHeight(width));
    mkdirSync(ARTIFACTS, { recursive: true });
    const pdf = inspectPdf(pdfBytes(doc), join(ARTIFACTS, 'body-figure-visit.pdf'));
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf.file, join(ARTIFACTS, 'body-figure-visit')]);

    expect(pdf.text).toMatch(/Front\s+Back\s+Right side\s+Left side/);
    expect(pdf.text).toMatch(/Round 1: Supine\s+Round 2: Prone\s+Trigger point \(muscle\)\s+Lead pair/);
    expect(execFileSync('pdfimages', ['-list', pdf.file], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2);

    const content = contentOf(pdf.file);
    // Round 1 (blue): ST36 R, ST36 L, GB34 R and its legend dot; round 2 (vermilion): SP6 L and its legend dot.
    expect(fillsOf(content, '#0072B2')).toBe(4);
    expect(fillsOf(content, '#D55E00')).toBe(2);
  });

  it('draws a case with marks sized by use and no lead lines', () => {
    const chart = caseChart([VISIT, VISIT, { acupoints: [{ code: 'GV20', side: 'M' }], triggerPoints: [], leadPairs: [] }]);
    const doc = createDoc({ title: 'Body figure', subject: 'test', author: 'test', keywords: '' });
    drawBodyFigure(doc, chart, { left: CONTENT_LEFT, top: 80, width: 300 }, { sizedByCount: true });
    const pdf = inspectPdf(pdfBytes(doc));
    expect(pdf.text).toContain('Acupoint (larger: needled at more visits)');
    expect(pdf.text).not.toContain('Lead pair');
    expect(pdf.text).not.toContain('Round 1');
  });
});
