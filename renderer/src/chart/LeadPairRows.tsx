import { WAVEFORMS } from '../../../shared/rules/estim';
import { RemoveRow } from './RemoveRow';
import { endpointName } from '../../../shared/rules/treatment-summary';
import { endpointFromKey, endpointKey } from './visit-values';
import { patchAt, Cell, type TreatmentEditorState } from './useTreatmentEditor';

/** Electroacupuncture: each lead pair between two needled points, with its frequency, waveform, intensity and minutes. */
export function LeadPairRows({ t }: { t: TreatmentEditorState }) {
  const { values, change, errors, choices, currentRound, manyRounds, roundPicker, pairRows } = t;
  return (
    <fieldset className="treatment">
      <legend>Electroacupuncture</legend>
      {values.leadPairs.length ? (
        <table className="rows" {...pairRows.tableProps}>
          <thead>
            <tr>
              {manyRounds ? <th>Round</th> : null}
              <th>From</th>
              <th>To</th>
              <th className="unit">Hz</th>
              <th>Waveform</th>
              <th className="unit">mA</th>
              <th>Minutes</th>
              <th>
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {values.leadPairs.map((l, i) => {
              const end = (which: 'from' | 'to') => (
                <Cell label={which} error={errors[`leadPairs.${i}.${which}`] ?? errors[`leadPairs.${i}.${which}.ref`]}>
                  <select
                    aria-label={`Lead pair ${i + 1} ${which}`}
                    name={`leadPairs.${i}.${which}`}
                    value={endpointKey(l[which])}
                    onChange={(e) => change((v) => ({ ...v, leadPairs: patchAt(v.leadPairs, i, { [which]: endpointFromKey(e.target.value) }) }))}
                  >
                    <option value="">Choose…</option>
                    {choices.map((c) => (
                      <option key={endpointKey(c)} value={endpointKey(c)}>
                        {endpointName(c)}
                      </option>
                    ))}
                    {l[which] && !choices.some((c) => endpointKey(c) === endpointKey(l[which])) ? (
                      <option value={endpointKey(l[which])}>{endpointName(l[which]!)} (not needled)</option>
                    ) : null}
                  </select>
                </Cell>
              );
              const text = (key: 'frequency' | 'intensityMa' | 'minutes') => (
                <Cell label={key} error={errors[`leadPairs.${i}.${key}`]}>
                  <input
                    className="w-xs"
                    aria-label={`Lead pair ${i + 1} ${key}`}
                    name={`leadPairs.${i}.${key}`}
                    value={l[key]}
                    onChange={(e) => change((v) => ({ ...v, leadPairs: patchAt(v.leadPairs, i, { [key]: e.target.value }) }))}
                  />
                </Cell>
              );
              return (
                <tr key={i}>
                  {roundPicker(`Lead pair ${i + 1}`, `leadPairs.${i}`, l.round, (round) =>
                    change((v) => ({ ...v, leadPairs: patchAt(v.leadPairs, i, { round }) })),
                  )}
                  {end('from')}
                  {end('to')}
                  {text('frequency')}
                  <Cell label="waveform" error={errors[`leadPairs.${i}.waveform`]}>
                    <select
                      aria-label={`Lead pair ${i + 1} waveform`}
                      name={`leadPairs.${i}.waveform`}
                      value={l.waveform}
                      onChange={(e) => change((v) => ({ ...v, leadPairs: patchAt(v.leadPairs, i, { waveform: e.target.value as typeof l.waveform }) }))}
                    >
                      {WAVEFORMS.map((w) => (
                        <option key={w}>{w}</option>
                      ))}
                    </select>
                  </Cell>
                  {text('intensityMa')}
                  {text('minutes')}
                  <td>
                    <RemoveRow
                      label={`Remove lead pair ${i + 1}`}
                      onRemove={() => {
                        change((v) => ({ ...v, leadPairs: v.leadPairs.filter((_, j) => j !== i) }));
                        pairRows.afterRemove();
                      }}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">{choices.length >= 2 ? 'No e-stim this visit.' : 'Needle at least two points or muscles to connect a lead pair.'}</p>
      )}
      <button
        type="button"
        disabled={choices.length < 2}
        onClick={() =>
          change((v) => ({
            ...v,
            leadPairs: [
              ...v.leadPairs,
              {
                from: choices[0] ?? null,
                to: choices[1] ?? null,
                frequency: '2',
                waveform: 'continuous',
                intensityMa: '',
                minutes: '20',
                round: currentRound,
              },
            ],
          }))
        }
      >
        Add lead pair
      </button>
    </fieldset>
  );
}
