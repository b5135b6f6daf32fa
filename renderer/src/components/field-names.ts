/**
 * A refusal's field paths (`leadPairs.1.intensityMa`) said as the practitioner reads the form: the
 * row is named ("Lead pair 2"), since the message itself names the field ("Intensity must be …").
 */
const ROWS: Record<string, string> = {
  acupoints: 'Acupoint row',
  triggerPoints: 'Trigger point row',
  leadPairs: 'Lead pair',
  rounds: 'Round',
  adjuncts: 'Adjunct',
  adverseEvents: 'Adverse event',
  races: 'Race',
  diagnoses: 'Diagnosis',
  activities: 'Activity',
};

export function rowOf(path: string): string | null {
  const [list, index] = path.split('.');
  const name = list ? ROWS[list] : undefined;
  return name && index !== undefined && /^\d+$/.test(index) ? `${name} ${Number(index) + 1}` : null;
}

/** Up to three problems, each with its row, then how many more. */
export function namedProblems(fields: Record<string, string>): string {
  const all = Object.entries(fields).map(([path, message]) => {
    const row = rowOf(path);
    return row ? `${row}: ${message}` : message;
  });
  const shown = all.slice(0, 3).join('; ');
  const more = all.length - 3;
  return more > 0 ? `${shown} (and ${more} more)` : shown || 'The input is not valid.';
}
