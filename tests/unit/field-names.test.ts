import { describe, expect, it } from 'vitest';
import { namedProblems, rowOf } from '../../renderer/src/components/field-names';

describe('naming the fields a save refused', () => {
  it.each([
    ['leadPairs.1.intensityMa', 'Lead pair 2'],
    ['acupoints.0.gaugeMm', 'Acupoint row 1'],
    ['triggerPoints.3.passes', 'Trigger point row 4'],
    ['rounds.1.minutes', 'Round 2'],
    ['faceMinutes', null],
    ['tcm.pulseRate', null],
  ])('%s → %j', (path, row) => expect(rowOf(path)).toBe(row));

  it('says each problem with its row, up to three, then how many more', () => {
    expect(namedProblems({ 'leadPairs.0.intensityMa': 'Intensity must be between 0.1 and 20', 'leadPairs.0.frequency': 'Frequency must be in Hz' })).toBe(
      'Lead pair 1: Intensity must be between 0.1 and 20; Lead pair 1: Frequency must be in Hz',
    );
    expect(namedProblems({ faceMinutes: 'Face-to-face minutes must be a whole number', a: 'A', b: 'B', c: 'C', d: 'D' })).toBe(
      'Face-to-face minutes must be a whole number; A; B (and 2 more)',
    );
  });
});
