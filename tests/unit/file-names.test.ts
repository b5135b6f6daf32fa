import { describe, expect, it } from 'vitest';
import { fileNameOf } from '../../shared/reports/file-names';
import { batchFileName } from '../../shared/reports/superbill-index';

describe('file names from typed text', () => {
  it.each([
    ['Superbill Nguyễn Thị Ánh 2026-03-02', 'Superbill Nguyễn Thị Ánh 2026-03-02'],
    ["O'Brien-Łukasz Żółć progress 2026-03-02", "O'Brien-Łukasz Żółć progress 2026-03-02"],
    ['Δημήτρης / Юлия', 'Δημήτρης - Юлия'],
    ['a<b>c:d"e\\f|g?h*i', 'a-b-c-d-e-f-g-h-i'],
    ['tab\tand\nnew line', 'tab and new line'],
    ['ends with dots...', 'ends with dots'],
    // Decomposed input (as macOS hands it over) is composed, so the same name gives the same file.
    ['Nguye\u0302\u0303n', 'Nguyễn'],
    ['???', '-'],
    ['   ', 'untitled'],
  ])('%j → %j', (typed, expected) => {
    expect(fileNameOf(typed)).toBe(expected);
  });

  it('cuts a long name at a whole character under 200 bytes', () => {
    const name = fileNameOf('Ễ'.repeat(100));
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(200);
    expect(name).toBe('Ễ'.repeat(66));
  });

  it('names a batch file the same way as a single export', () => {
    expect(batchFileName('2026-03', { patientId: 7, patientName: "O'Brien-Łukasz Żółć" })).toBe("superbill-2026-03-00007-O'Brien-Łukasz Żółć.pdf");
  });
});
