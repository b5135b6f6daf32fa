import { MAX_ROUNDS, ROUND_LABELS } from '../../../shared/visit';
import { patchAt, Cell, type TreatmentEditorState } from './useTreatmentEditor';

/** Insertion rounds: each is needles in and out; every one after the first is a re-insertion. */
export function InsertionRounds({ t }: { t: TreatmentEditorState }) {
  const { values, change, errors } = t;
  return (
    <fieldset className="treatment rounds">
      <legend>Insertion rounds</legend>
      <datalist id="round-labels">
        {ROUND_LABELS.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <div className="rounds-line">
        <table className="rows">
          <thead>
            <tr>
              <th>Round</th>
              <th>Position</th>
              <th>Minutes one-on-one</th>
              <th>
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {values.rounds.map((r, i) => (
              <tr key={i} data-round={i + 1}>
                <td className="strong">{i + 1}</td>
                <Cell label="Position" error={errors[`rounds.${i}.label`]}>
                  <input
                    className="w-md"
                    list="round-labels"
                    aria-label={`Round ${i + 1} position`}
                    name={`rounds.${i}.label`}
                    value={r.label}
                    onChange={(e) => change((v) => ({ ...v, rounds: patchAt(v.rounds, i, { label: e.target.value }) }))}
                  />
                </Cell>
                <Cell label="Minutes" error={errors[`rounds.${i}.minutes`]}>
                  <input
                    className="w-xs"
                    inputMode="numeric"
                    aria-label={`Round ${i + 1} minutes`}
                    name={`rounds.${i}.minutes`}
                    value={r.minutes}
                    onChange={(e) => change((v) => ({ ...v, rounds: patchAt(v.rounds, i, { minutes: e.target.value }) }))}
                  />
                </Cell>
                <td>
                  {i > 0 ? (
                    <button
                      type="button"
                      className="button-quiet"
                      aria-label={`Remove round ${i + 1}`}
                      onClick={() =>
                        change((v) => ({
                          ...v,
                          rounds: v.rounds.filter((_, j) => j !== i),
                          // Rows of the removed round join the one before it.
                          acupoints: v.acupoints.map((p) => (p.round >= i ? { ...p, round: Math.max(0, p.round - 1) } : p)),
                          leadPairs: v.leadPairs.map((l) => (l.round >= i ? { ...l, round: Math.max(0, l.round - 1) } : l)),
                        }))
                      }
                    >
                      ×
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {values.rounds.length < MAX_ROUNDS ? (
          <button
            type="button"
            onClick={() => change((v) => ({ ...v, rounds: [...v.rounds, { label: v.rounds.length % 2 === 1 ? 'Prone' : 'Supine', minutes: '' }] }))}
          >
            Add round (re-insertion)
          </button>
        ) : null}
      </div>
      {/* Said once, short: what a round means for billing (docs/billing.md has the whole rule). */}
      <p className="field-hint">
        Each round is needles in and out; every one after the first is a re-insertion (an added acupuncture unit; e-stim counts per round).
      </p>
      {errors.rounds ? <p className="field-error">{errors.rounds}</p> : null}
    </fieldset>
  );
}
