import { describe, expect, it } from 'vitest';
import { measuresFor, type MeasureId } from '../../shared/catalogs/outcome-measures';

describe('measures offered first on an assessment', () => {
  it.each([
    ['achilles-tendinopathy', false, [], ['lefs', 'psfs', 'visa_a']],
    ['achilles-tendinopathy', true, [], ['lefs', 'psfs', 'visa_a', 'groc']],
    ['runners-knee', false, [], ['lefs', 'psfs', 'kujala']],
    ['patellar-tendinitis', false, [], ['lefs', 'psfs', 'visa_p']],
    ['plantar-fasciitis', true, [], ['psfs', 'faam_adl', 'faam_sports', 'groc']],
    ['it-band-syndrome', false, [], ['lefs', 'psfs']],
    ['maintenance', false, [], ['psfs']],
    [null, false, [], ['lefs', 'psfs']],
    // A measure scored before on the case is always offered again, whatever the condition.
    ['it-band-syndrome', true, ['kujala'], ['lefs', 'psfs', 'kujala', 'groc']],
    ['it-band-syndrome', false, ['nprs'], ['lefs', 'psfs']],
  ] as [string | null, boolean, MeasureId[], MeasureId[]][])(
    '%s (re-assessment %s, scored before %j) → %j',
    (condition, reassessment, scoredBefore, expected) => {
      expect(measuresFor(condition, { reassessment, scoredBefore })).toEqual(expected);
    },
  );
});
