import { beforeAll, describe, expect, it } from 'vitest';
import { loadPdfFonts } from '../../db/pdf-fonts';
import { applyStyle, createDoc, wrap, type TextStyle } from '../../shared/reports/pdf-kit';

const DESCRIPTOR = 'Needle insertion(s) without injection(s); 3 or more muscles (dry needling, trigger points)';

/** What jsPDF itself gives for one paragraph, on a document of its own. */
function jsPdfWraps(text: string, width: number, style: TextStyle): string[] {
  const doc = createDoc({ title: 'wrap', subject: 'wrap' });
  applyStyle(doc, style);
  return (doc.splitTextToSize(text, width) as string[]).map(String);
}

describe('wrapped lines kept between documents (shared/reports/pdf-kit.ts, wrap)', () => {
  beforeAll(() => loadPdfFonts());

  // The same text again and again, as a month's batch asks: each answer must be the one for its own
  // width and style, never one kept for another.
  it.each([
    [DESCRIPTOR, 120, {}],
    [DESCRIPTOR, 300, {}],
    [DESCRIPTOR, 120, { bold: true }],
    [DESCRIPTOR, 120, { size: 7 }],
    [DESCRIPTOR, 120, { italic: true, size: 11 }],
    ['Iliotibial band syndrome, right leg', 90, {}],
  ] as [string, number, TextStyle][])('%s at %i pt in %o', (text, width, style) => {
    const expected = jsPdfWraps(text, width, style);
    for (let i = 0; i < 3; i++) expect(wrap(createDoc({ title: 'wrap', subject: 'wrap' }), text, width, style)).toEqual(expected);
  });

  it('hands out copies: changing one answer does not change the next', () => {
    const doc = createDoc({ title: 'wrap', subject: 'wrap' });
    const first = wrap(doc, DESCRIPTOR, 150);
    const expected = [...first];
    first.push('scribbled');
    expect(wrap(doc, DESCRIPTOR, 150)).toEqual(expected);
  });

  it('sets the style on the document whether or not the lines were kept', () => {
    const doc = createDoc({ title: 'wrap', subject: 'wrap' });
    wrap(doc, DESCRIPTOR, 150, { bold: true, size: 8 });
    wrap(doc, DESCRIPTOR, 150, { size: 12 });
    expect(doc.getFontSize()).toBe(12);
    wrap(doc, DESCRIPTOR, 150, { bold: true, size: 8 });
    expect([doc.getFontSize(), doc.getFont().fontStyle]).toEqual([8, 'bold']);
  });
});
