import { describe, expect, it } from 'vitest';
import { signatureLine } from '../../shared/provider';

describe('the name under a signature line', () => {
  it.each([
    ['Mara Quinn', 'L.Ac.', null, 'Mara Quinn, L.Ac.'],
    ['Mara Quinn', 'L.Ac., DACM', 'Mara Quinn, L.Ac.', 'Mara Quinn, L.Ac., DACM'],
    ['Theo Lindqvist', 'DPT, L.Ac.', 'Theo Lindqvist, DPT', 'Theo Lindqvist, DPT, L.Ac.'],
    ['Dana Whitfield', 'L.Ac.', 'Dana M. Whitfield', 'Dana M. Whitfield, L.Ac.'],
    ['Dana Whitfield', 'l.ac.', 'Dana M. Whitfield, L.Ac.', 'Dana M. Whitfield, L.Ac.'],
  ])('%s (%s, signs %s) → %s', (name, credentials, signatureName, line) => {
    expect(signatureLine({ name, credentials, signatureName })).toBe(line);
  });
});
