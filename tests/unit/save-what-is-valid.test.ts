import { describe, expect, it } from 'vitest';
import { withoutRefusedFields } from '../../renderer/src/components/save-what-is-valid';

const saved = {
  id: 7,
  subjective: 'Lateral knee pain at mile 8',
  faceMinutes: 30,
  leadPairs: [{ from: 'GB31 R', to: 'GB34 R', intensityMa: 2.5 }],
  adjuncts: [{ kind: 'cupping', minutes: 5 }],
};
const typed = {
  ...saved,
  subjective: 'Lateral knee pain at mile 10, easing',
  faceMinutes: -4,
  leadPairs: [
    { from: 'GB31 R', to: 'GB34 R', intensityMa: 2.5 },
    { from: 'ST36 L', to: 'ST40 L', intensityMa: 99 },
  ],
};

describe('saving what is valid of a refused draft (renderer/src/components/save-what-is-valid.ts)', () => {
  it.each([
    ['one scalar field', ['faceMinutes'], { faceMinutes: 30, leadPairs: typed.leadPairs }, ['faceMinutes']],
    ['a field inside a row: the whole list as saved', ['leadPairs.1.intensityMa'], { faceMinutes: -4, leadPairs: saved.leadPairs }, ['leadPairs']],
    [
      'two fields of one list and a scalar',
      ['leadPairs.1.intensityMa', 'leadPairs.1.to', 'faceMinutes'],
      { faceMinutes: 30, leadPairs: saved.leadPairs },
      ['leadPairs', 'faceMinutes'],
    ],
  ])('puts back %s and keeps the rest', (_name, refused, expected, fields) => {
    const result = withoutRefusedFields(typed, saved, refused);
    expect(result?.fields).toEqual(fields);
    expect(result?.input).toEqual({ ...typed, ...expected });
    // What the practitioner typed elsewhere goes in.
    expect(result?.input.subjective).toBe('Lateral knee pain at mile 10, easing');
    // The form's own values are not touched.
    expect(typed.faceMinutes).toBe(-4);
  });

  it.each([
    ['a refusal that names no field', []],
    ['a refusal of the whole record', ['']],
    ['a field never saved', ['homeCare']],
  ])('saves nothing for %s', (_name, refused) => {
    expect(withoutRefusedFields(typed, saved, refused)).toBeNull();
  });
});
