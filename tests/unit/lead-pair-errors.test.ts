import { describe, expect, it } from 'vitest';
import { fieldErrorsFrom } from '../../shared/outcome';
import { leadPair } from '../../shared/visit';

const row = (patch: Record<string, unknown>) => ({
  from: { kind: 'acupoint', ref: 'BL57', side: 'L' },
  to: { kind: 'acupoint', ref: 'KI3', side: 'L' },
  frequency: '2/100',
  waveform: 'dense-disperse',
  intensityMa: '2',
  minutes: '20',
  round: 0,
  ...patch,
});

const errors = (patch: Record<string, unknown>) => {
  const r = leadPair.safeParse(row(patch));
  return r.success ? {} : fieldErrorsFrom(r.error);
};

/** Every field of a lead-pair row is checked at once: a second problem is never hidden behind the first. */
describe('a lead-pair row’s errors, all at once', () => {
  it.each([
    ['a good row', {}, {}],
    ['999 mA and abc Hz', { intensityMa: '999', frequency: 'abc' }, ['frequency', 'intensityMa']],
    ['999 mA, abc Hz and 90 minutes', { intensityMa: '999', frequency: 'abc', minutes: '90' }, ['frequency', 'intensityMa', 'minutes']],
    ['a blank frequency and a bad waveform', { frequency: '', waveform: 'square' }, ['frequency', 'waveform']],
    ['300 Hz', { frequency: '300' }, ['frequency']],
    // The waveform is weighed against the frequency only once the frequency reads.
    ['one frequency for dense-disperse', { frequency: '2' }, ['waveform']],
    ['one frequency for dense-disperse and 999 mA', { frequency: '2', intensityMa: '999' }, ['intensityMa']],
  ])('%s → %j', (_what, patch, fields) => {
    expect(Object.keys(errors(patch)).sort()).toEqual(Array.isArray(fields) ? fields : Object.keys(fields));
  });

  it('says what is wrong with each', () => {
    expect(errors({ intensityMa: '999', frequency: 'abc' })).toEqual({
      frequency: 'Frequency must be in Hz, e.g. 2, or a dense-disperse pair such as 2/100',
      intensityMa: expect.stringMatching(/^Intensity must be/),
    });
  });
});
