import { searchMuscles, type Muscle } from '../../../shared/catalogs/muscles';
import { RemoveRow } from './RemoveRow';
import { muscleName } from '../../../shared/rules/treatment-summary';
import { LIMB_SIDES } from '../../../shared/assessment';
import { EntryBox } from './EntryBox';
import { patchAt, keepSide, Cell, type TreatmentEditorState } from './useTreatmentEditor';

/** The trigger points dry-needled, entered by muscle and side, one row each. */
export function TriggerPointRows({ t }: { t: TreatmentEditorState }) {
  const { values, change, errors, muscleInput, muscleRows, addTriggerPoint } = t;
  return (
    <fieldset className="treatment">
      <legend>Trigger points (dry needling)</legend>
      <EntryBox<Muscle>
        label="Add trigger points"
        name="trigger-point-entry"
        placeholder="Type a muscle and side, then Enter — TFL R, med gastroc L, AH L, QL R…"
        suggest={(t) => searchMuscles(t.trim().replace(/\s+(l|r|b|left|right|both|bilateral)$/i, ''))}
        render={(m) => m.name}
        // The highlighted muscle by its full name, which finds only it (an alias such as
        // 'iliopsoas' is shared), with the side typed.
        apply={(m, t) => `${m.name}${keepSide(t)}`}
        onEnter={addTriggerPoint}
        inputRef={muscleInput}
        onKeyDown={muscleRows.fromEntry}
      />
      {values.triggerPoints.length ? (
        <table className="rows" {...muscleRows.tableProps}>
          <thead>
            <tr>
              <th>Muscle</th>
              <th>Side</th>
              <th>Location</th>
              <th>Twitch</th>
              <th>Passes</th>
              <th>
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {values.triggerPoints.map((t, i) => (
              <tr key={`${t.muscleId}-${i}`} data-row={`muscle-${t.muscleId}-${t.side}`}>
                <Cell label="Muscle" error={errors[`triggerPoints.${i}.muscleId`]}>
                  <span className="strong">{muscleName(t.muscleId)}</span>
                </Cell>
                <td>
                  <select
                    aria-label={`${muscleName(t.muscleId)} side`}
                    value={t.side}
                    onChange={(e) => change((v) => ({ ...v, triggerPoints: patchAt(v.triggerPoints, i, { side: e.target.value as typeof t.side }) }))}
                  >
                    {LIMB_SIDES.map((s) => (
                      <option key={s}>{s}</option>
                    ))}
                  </select>
                </td>
                <Cell label="Location" error={errors[`triggerPoints.${i}.location`]}>
                  <input
                    className="w-md"
                    aria-label={`${muscleName(t.muscleId)} location`}
                    value={t.location}
                    placeholder="e.g. mid-belly"
                    onChange={(e) => change((v) => ({ ...v, triggerPoints: patchAt(v.triggerPoints, i, { location: e.target.value }) }))}
                  />
                </Cell>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${muscleName(t.muscleId)} local twitch response`}
                    checked={t.twitch}
                    onChange={(e) => change((v) => ({ ...v, triggerPoints: patchAt(v.triggerPoints, i, { twitch: e.target.checked }) }))}
                  />
                </td>
                <Cell label="Passes" error={errors[`triggerPoints.${i}.passes`]}>
                  <input
                    className="w-xs"
                    aria-label={`${muscleName(t.muscleId)} passes`}
                    name={`triggerPoints.${i}.passes`}
                    value={t.passes}
                    onChange={(e) => change((v) => ({ ...v, triggerPoints: patchAt(v.triggerPoints, i, { passes: e.target.value }) }))}
                  />
                </Cell>
                <td>
                  <RemoveRow
                    label={`Remove ${muscleName(t.muscleId)} ${t.side}`}
                    onRemove={() => {
                      change((v) => ({ ...v, triggerPoints: v.triggerPoints.filter((_, j) => j !== i) }));
                      muscleRows.afterRemove();
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </fieldset>
  );
}
