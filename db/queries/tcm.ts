import { hasFindings, tcmInput, type TcmFindings } from '../../shared/tcm';

/** TCM findings as their column holds them (migration 16): JSON, or NULL when nothing was charted. */
export const tcmColumn = (t: TcmFindings | null | undefined): string | null => (hasFindings(t ?? null) ? JSON.stringify(t) : null);

/** The stored JSON read back through the same schema, so a row from before a list grew still reads. */
export function tcmFromColumn(text: string | null): TcmFindings | null {
  if (text === null) return null;
  const parsed = tcmInput.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}
