import { describe, expect, it } from 'vitest';
import { withoutRefusedFields } from '../../renderer/src/components/save-what-is-valid';

const saved = {
  id: 7,
  subjective: 'Lateral knee pain at mile 8',
  faceMinutes: 30,
  rounds: [{ label: 'Supine', minutes: 10 }],
  leadPairs: [{ from: 'GB31 R', to: 'GB34 R', intensityMa: 2.5 }],
  adjuncts: [{ kind: 'cupping', minutes: 5 }],
};
const typed = {
  ...saved,
  subjective: 'Lateral knee pain at mile 10, easing',
  faceMinutes: -4,
  rounds: [{ label: 'Supine', minutes: -1 }],
  leadPairs: [
    { from: 'GB31 R', to: 'GB34 R', intensityMa: 3 },
    { from: 'ST36 L', to: 'ST40 L', intensityMa: 99 },
  ],
};

describe('saving what is valid of a refused draft (renderer/src/components/save-what-is-valid.ts)', () => {
  it.each([
    ['one scalar field', ['faceMinutes'], { faceMinutes: 30 }, ['faceMinutes']],
    // The new row is left out; the first row's new intensity goes in.
    ['a field of a row new since the last save', ['leadPairs.1.intensityMa'], { leadPairs: [typed.leadPairs[0]] }, ['leadPairs']],
    // The first row as last saved (the same lead ends); the second, valid, as typed.
    ['a field of a row that was saved', ['leadPairs.0.intensityMa'], { leadPairs: [saved.leadPairs[0], typed.leadPairs[1]] }, ['leadPairs']],
    [
      'two fields of one row and a scalar',
      ['leadPairs.1.intensityMa', 'leadPairs.1.to', 'faceMinutes'],
      { faceMinutes: 30, leadPairs: [typed.leadPairs[0]] },
      ['leadPairs', 'faceMinutes'],
    ],
    // Rounds are pointed at by place: put back whole.
    ['a field of a round', ['rounds.0.minutes'], { rounds: saved.rounds }, ['rounds']],
    // A row at the same place that charts something else is not the saved row: left out.
    [
      'a row whose place held another row',
      ['leadPairs.0.intensityMa'],
      { leadPairs: [typed.leadPairs[1]] },
      ['leadPairs'],
      { leadPairs: [{ from: 'BL57 L', to: 'KI3 L', intensityMa: 999 }, typed.leadPairs[1]] },
    ],
  ] as const)('puts back %s and keeps the rest', (_name, refused, expected, fields, differently: object = {}) => {
    const form = { ...typed, ...differently };
    const result = withoutRefusedFields(form, saved, refused);
    expect(result?.fields).toEqual(fields);
    expect(result?.input).toEqual({ ...form, ...expected });
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
