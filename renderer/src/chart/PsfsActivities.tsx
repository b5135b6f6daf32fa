import { PSFS_MAX_ACTIVITIES, psfsAverage } from '../../../shared/assessment';

export interface PsfsRow {
  activity: string;
  score: string;
}

/**
 * The PSFS as the runner answers it: up to five activities they find hard, each scored 0 (unable)
 * to 10 (as before the injury). The PSFS outcome is their average, worked out by the contract.
 */
/** The average of the rows scored so far, worked out as the contract does (shared/assessment.ts). */
export function typedPsfsAverage(rows: readonly PsfsRow[]): number | null {
  return psfsAverage(rows.filter((r) => r.score.trim() !== '' && !Number.isNaN(Number(r.score))).map((r) => Number(r.score)));
}

export function PsfsActivities({ rows, errors, onChange }: { rows: PsfsRow[]; errors: Record<string, string>; onChange: (rows: PsfsRow[]) => void }) {
  const average = typedPsfsAverage(rows);
  const set = (i: number, patch: Partial<PsfsRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="psfs" role="group" aria-label="PSFS activities">
      <p className="field-label">
        PSFS activities <span className="muted">(0 unable – 10 as before the injury){average !== null ? ` · average ${average}` : ''}</span>
      </p>
      {rows.map((r, i) => (
        <div className="psfs-row" key={i}>
          <input
            aria-label={`PSFS activity ${i + 1}`}
            placeholder="e.g. Running downhill"
            value={r.activity}
            aria-invalid={Boolean(errors[`psfsActivities.${i}.activity`])}
            onChange={(e) => set(i, { activity: e.target.value })}
          />
          <input
            aria-label={`PSFS score ${i + 1}`}
            inputMode="numeric"
            className="psfs-score"
            value={r.score}
            aria-invalid={Boolean(errors[`psfsActivities.${i}.score`])}
            onChange={(e) => set(i, { score: e.target.value })}
          />
          <button type="button" className="button-quiet" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove
          </button>
          {errors[`psfsActivities.${i}.activity`] || errors[`psfsActivities.${i}.score`] ? (
            <p className="field-error" data-field-error={`psfsActivities.${i}`}>
              {errors[`psfsActivities.${i}.activity`] ?? errors[`psfsActivities.${i}.score`]}
            </p>
          ) : null}
        </div>
      ))}
      {rows.length < PSFS_MAX_ACTIVITIES ? (
        <button type="button" onClick={() => onChange([...rows, { activity: '', score: '' }])}>
          Add PSFS activity
        </button>
      ) : null}
    </div>
  );
}
