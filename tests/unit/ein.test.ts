import { describe, expect, it } from 'vitest';
import { einProblem } from '../../shared/validation/ein';

describe('EIN format', () => {
  it.each([
    ['12-3456789', null],
    ['93-1234567', null],
    ['123456789', 'Tax ID (EIN) must look like 12-3456789'],
    ['12-345678', 'Tax ID (EIN) must look like 12-3456789'],
    ['1-23456789', 'Tax ID (EIN) must look like 12-3456789'],
    ['00-1234567', 'Tax ID (EIN) prefix 00 is never issued by the IRS'],
    ['07-1234567', 'Tax ID (EIN) prefix 07 is never issued by the IRS'],
    ['97-1234567', 'Tax ID (EIN) prefix 97 is never issued by the IRS'],
  ])('%s → %s', (ein, problem) => {
    expect(einProblem(ein)).toBe(problem);
  });
});
