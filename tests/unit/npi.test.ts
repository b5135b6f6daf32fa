import { describe, expect, it } from 'vitest';
import { luhnValid, npiCheckDigit, npiProblem } from '../../shared/validation/npi';

describe('NPI check digit (Luhn with prefix 80840)', () => {
  it.each([
    ['1234567893', null], // the example CMS publishes
    ['1245319599', null],
    ['1003000126', null],
    ['1234567890', 'NPI check digit does not match — re-check the number'],
    ['1245319598', 'NPI check digit does not match — re-check the number'],
    ['123456789', 'NPI must be exactly 10 digits'],
    ['12345678931', 'NPI must be exactly 10 digits'],
    ['12345A7893', 'NPI must be exactly 10 digits'],
    // The type is not in the digits: an organisation NPI starting with 1 is a real one.
    ['1456789019', null],
    ['2345678900', null],
  ])('%s → %s', (npi, problem) => {
    expect(npiProblem(npi)).toBe(problem);
  });

  it('accepts exactly one check digit per base number', () => {
    for (const base of ['123456789', '100300012', '200000000', '187654321']) {
      const digit = npiCheckDigit(base);
      expect(npiProblem(`${base}${digit}`)).toBeNull();
      for (let other = 0; other <= 9; other++) {
        if (other !== digit) expect(npiProblem(`${base}${other}`)).not.toBeNull();
      }
    }
    expect(luhnValid('79927398713')).toBe(true); // the textbook Luhn example
    expect(luhnValid('79927398710')).toBe(false);
  });
});
