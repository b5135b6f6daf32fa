/**
 * NPI check digit: the Luhn algorithm over the 9-digit base with the card-issuer prefix 80840
 * prepended, as CMS specifies for health identifiers. Returns null when valid, else the reason.
 */
export function npiProblem(npi: string): string | null {
  if (!/^\d{10}$/.test(npi)) return 'NPI must be exactly 10 digits';
  if (npi[0] !== '1' && npi[0] !== '2') return 'NPI must start with 1 (individual) or 2 (organisation)';
  return luhnValid(`80840${npi}`) ? null : 'NPI check digit does not match — re-check the number';
}

/** An NPI of the given entity type: 1 for a person (a rendering provider), 2 for an organisation (the clinic). */
export function typedNpiProblem(npi: string, type: 1 | 2): string | null {
  const p = npiProblem(npi);
  if (p) return p;
  if (type === 1 && npi[0] !== '1') return 'A rendering provider’s NPI is an individual (type 1) NPI, which starts with 1; a type 2 NPI belongs to the clinic';
  if (type === 2 && npi[0] !== '2') return 'The clinic’s NPI is an organisation (type 2) NPI, which starts with 2; a type 1 NPI belongs to a provider';
  return null;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The check digit that makes a 9-digit base a valid NPI; used by the demo clinic. */
export function npiCheckDigit(base9: string): number {
  for (let d = 0; d <= 9; d++) if (luhnValid(`80840${base9}${d}`)) return d;
  throw new Error('unreachable: one Luhn digit always fits');
}
