/**
 * A draft refused for some fields is saved without them, and everything else the practitioner
 * typed goes in. What is left out stays in the form, marked, and in the safety copy of unsaved
 * typing until it is put right:
 * - a field (`faceMinutes`) is put back to what was last saved;
 * - a row of a list (`leadPairs.1.intensityMa`) is put back to the same row as last saved — the
 *   one at that place charting the same thing (point and side, lead ends, muscle, kind) — or, if
 *   it is new since, left out; the list's other rows go in as typed. A row is never pieced together
 *   from two versions, so what the data file holds is always something that was typed;
 * - a list whose rows say nothing of what they chart (insertion rounds, which other rows point
 *   at by place) is put back whole.
 *
 * Field names are the refusal's paths. Returns null when a named field cannot be put back (nothing
 * was saved of it yet, or the refusal names no field): then nothing is saved, as before.
 */
const IDENTITY = ['code', 'side', 'muscleId', 'from', 'to', 'kind'] as const;

function sameRow(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = IDENTITY.filter((k) => k in ra || k in rb);
  return keys.length > 0 && keys.every((k) => JSON.stringify(ra[k]) === JSON.stringify(rb[k]));
}

const hasIdentity = (row: unknown) => typeof row === 'object' && row !== null && IDENTITY.some((k) => k in row);

export function withoutRefusedFields<I extends object>(input: I, lastSaved: I, refused: readonly string[]): { input: I; fields: string[] } | null {
  const typed = input as Record<string, unknown>;
  const saved = lastSaved as Record<string, unknown>;
  const fields = [...new Set(refused.map((path) => path.split('.')[0] ?? ''))];
  if (fields.length === 0 || fields.some((f) => f === '' || !(f in saved) || !(f in typed))) return null;

  const patched: Record<string, unknown> = { ...typed };
  for (const field of fields) {
    const list = typed[field];
    const rows = refused.filter((p) => p.split('.')[0] === field).map((p) => p.split('.')[1]);
    const indexes = new Set(rows.map(Number));
    const byRow = Array.isArray(list) && rows.every((r) => r !== undefined && /^\d+$/.test(r)) && list.every(hasIdentity);
    if (!byRow) {
      patched[field] = saved[field];
      continue;
    }
    const before = Array.isArray(saved[field]) ? (saved[field] as unknown[]) : [];
    patched[field] = list.flatMap((row, i) => {
      if (!indexes.has(i)) return [row];
      const was = before[i];
      return sameRow(row, was) ? [was] : [];
    });
  }
  return { input: patched as I, fields };
}
