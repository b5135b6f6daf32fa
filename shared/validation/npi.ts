/**
 * NPI check digit: the Luhn algorithm over the 9-digit base with the card-issuer prefix 80840
 * prepended, as CMS specifies for health identifiers. Returns null when valid, else the reason.
 *
 * The check digit is all an NPI's digits say. An NPI is an intelligence-free number: whether it is
 * a person's (type 1) or an organisation's (type 2) is recorded in the NPI registry, not in the
 * number, so no digit is read as the type (a clinic's organisation NPI may start with 1).
 */
export function npiProblem(npi: string): string | null {
  if (!/^\d{10}$/.test(npi)) return 'NPI must be exactly 10 digits';
  return luhnValid(`80840${npi}`) ? null : 'NPI check digit does not match — re-check the number';
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
