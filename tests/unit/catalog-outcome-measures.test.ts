import { describe, expect, it } from 'vitest';
import { OUTCOME_MEASURES, measureById, scoreProblem, type MeasureId } from '../../shared/catalogs/outcome-measures';

describe('outcome measure catalog', () => {
  it.each<[MeasureId, string, number, number, number, boolean, number, '%' | undefined]>([
    ['nprs', 'NPRS', 0, 10, 1, false, 2, undefined],
    ['lefs', 'LEFS', 0, 80, 1, true, 9, undefined],
    ['psfs', 'PSFS', 0, 10, 0.1, true, 2, undefined],
    ['visa_a', 'VISA-A', 0, 100, 1, true, 10, undefined],
    ['visa_p', 'VISA-P', 0, 100, 1, true, 13, undefined],
    ['kujala', 'Kujala', 0, 100, 1, true, 10, undefined],
    ['faam_adl', 'FAAM ADL', 0, 100, 0.1, true, 8, '%'],
    ['faam_sports', 'FAAM Sports', 0, 100, 0.1, true, 9, '%'],
    ['groc', 'GROC', -7, 7, 1, true, 3, undefined],
  ])('%s: %s %i..%i step %f, higher is better %s, MCID %f', (id, short, min, max, step, higherIsBetter, mcid, unit) => {
    const m = measureById(id);
    expect(m).toMatchObject({ id, short, min, max, step, higherIsBetter, mcid });
    expect(m?.unit).toBe(unit);
  });

  it('holds exactly the nine measures of the design, each once, with notes where the MCID needs one', () => {
    expect(OUTCOME_MEASURES.map((m) => m.id)).toEqual(['nprs', 'lefs', 'psfs', 'visa_a', 'visa_p', 'kujala', 'faam_adl', 'faam_sports', 'groc']);
    expect(measureById('nprs')?.mcidNote).toContain('30%');
    expect(measureById('visa_a')?.mcidNote).toContain('6.5–15.4');
    expect(measureById('groc')?.mcidNote).toContain('+3');
    expect(measureById('womac')).toBeUndefined();
  });
});

describe('scoreProblem', () => {
  it.each<[MeasureId, number]>([
    ['nprs', 0],
    ['nprs', 10],
    ['nprs', 7],
    ['lefs', 0],
    ['lefs', 80],
    ['lefs', 52],
    ['psfs', 0],
    ['psfs', 10],
    ['psfs', 6.7],
    ['psfs', 3.3],
    ['visa_a', 100],
    ['visa_p', 0],
    ['kujala', 85],
    ['faam_adl', 72.3],
    ['faam_adl', 100],
    ['faam_sports', 0.1],
    ['faam_sports', 59.4],
    ['groc', -7],
    ['groc', 0],
    ['groc', 7],
    ['groc', 3],
  ])('%s accepts %f', (id, score) => {
    expect(scoreProblem(id, score)).toBeNull();
  });

  it.each<[MeasureId, number, string]>([
    ['lefs', 81, 'LEFS must be between 0 and 80'],
    ['lefs', -1, 'LEFS must be between 0 and 80'],
    ['nprs', 11, 'NPRS must be between 0 and 10'],
    ['nprs', 2.5, 'NPRS must be a whole number'],
    ['psfs', 10.1, 'PSFS must be between 0 and 10'],
    ['psfs', 6.75, 'PSFS must be in steps of 0.1'],
    ['visa_a', 101, 'VISA-A must be between 0 and 100'],
    ['visa_p', 50.5, 'VISA-P must be a whole number'],
    ['kujala', -3, 'Kujala must be between 0 and 100'],
    ['faam_adl', 100.5, 'FAAM ADL must be between 0 and 100'],
    ['faam_sports', 33.33, 'FAAM Sports must be in steps of 0.1'],
    ['groc', 8, 'GROC must be between -7 and 7'],
    ['groc', -7.5, 'GROC must be between -7 and 7'],
    ['groc', 1.5, 'GROC must be a whole number'],
    ['lefs', Number.NaN, 'LEFS must be a number'],
    ['lefs', Number.POSITIVE_INFINITY, 'LEFS must be a number'],
  ])('%s rejects %f', (id, score, message) => {
    expect(scoreProblem(id, score)).toBe(message);
  });
});
