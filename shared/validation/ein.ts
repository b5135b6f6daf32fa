/**
 * Employer Identification Number as printed on superbills: NN-NNNNNNN. The IRS has never issued
 * the prefixes below, so a number starting with one of them is a typo.
 */
const UNISSUED_PREFIXES = new Set(['00', '07', '08', '09', '17', '18', '19', '28', '29', '49', '69', '70', '78', '79', '89', '96', '97']);

export function einProblem(ein: string): string | null {
  if (!/^\d{2}-\d{7}$/.test(ein)) return 'Tax ID (EIN) must look like 12-3456789';
  if (UNISSUED_PREFIXES.has(ein.slice(0, 2))) return `Tax ID (EIN) prefix ${ein.slice(0, 2)} is never issued by the IRS`;
  return null;
}
