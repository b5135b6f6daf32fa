import { hasFindings, storedTcm, tcmInput, type TcmFindings } from '../../shared/tcm';

/** TCM findings as their column holds them (migration 16): JSON, or NULL when nothing was charted. */
export const tcmColumn = (t: TcmFindings | null | undefined): string | null => (hasFindings(t ?? null) ? JSON.stringify(t) : null);

/**
 * The stored JSON read back: as it is when it is the schema's own output (`storedTcm`), otherwise
 * through the same schema, so a row from before a list grew still reads.
 */
export function tcmFromColumn(text: string | null): TcmFindings | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  const stored = storedTcm(value);
  if (stored) return stored;
  const parsed = tcmInput.safeParse(value);
  return parsed.success ? parsed.data : null;
}
