import { fileNameOf } from './file-names';
import type { BatchEntry } from '../billing';

/** The first and last day of a `YYYY-MM` month. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** File name of one patient's superbill in a month batch: sortable, no characters a file system refuses. */
export function batchFileName(month: string, entry: Pick<BatchEntry, 'patientId' | 'patientName'>): string {
  return `superbill-${month}-${String(entry.patientId).padStart(5, '0')}-${fileNameOf(entry.patientName)}.pdf`;
}

const dollars = (cents: number) => (cents / 100).toFixed(2);
const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/**
 * Text typed by people (a patient's name) is never read as a formula by a spreadsheet: a cell that
 * starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe (OWASP's advice on
 * CSV injection). Amounts are written by us as plain numbers, so a credit stays -12.00.
 */
export const textCell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** The batch index a clinic owner opens in a spreadsheet: one row per superbill, amounts in dollars. */
export function superbillIndexCsv(month: string, entries: readonly BatchEntry[]): string {
  const rows = [['patient_id', 'patient', 'visits', 'charged', 'paid', 'balance', 'file']];
  for (const e of entries)
    rows.push([
      String(e.patientId),
      textCell(e.patientName),
      String(e.visits),
      dollars(e.charged),
      dollars(e.paid),
      dollars(e.balance),
      textCell(batchFileName(month, e)),
    ]);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
