/**
 * A draft refused for some fields is saved without them: each field a refusal names is put back
 * to what was last saved, whole (a lead pair's intensity puts the draft's lead pairs back as they
 * were saved), and the rest goes in. A row is never pieced together from two versions, so what
 * the data file holds is always something the practitioner had typed. The fields left out stay in
 * the form, marked, and in the safety copy of unsaved typing until they are put right.
 *
 * Field names are the refusal's paths (`leadPairs.1.intensityMa`, `faceMinutes`); the part before
 * the first dot is the field put back. Returns null when a named field cannot be put back (nothing
 * was saved of it yet, or the refusal names no field): then nothing is saved, as before.
 */
export function withoutRefusedFields<I extends object>(input: I, lastSaved: I, refused: readonly string[]): { input: I; fields: string[] } | null {
  const fields = [...new Set(refused.map((path) => path.split('.')[0] ?? ''))];
  if (fields.length === 0 || fields.some((f) => f === '' || !(f in lastSaved) || !(f in input))) return null;
  const patched: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const field of fields) patched[field] = (lastSaved as Record<string, unknown>)[field];
  return { input: patched as I, fields };
}
