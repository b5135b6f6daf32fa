import type { LimbSide } from '../../../shared/assessment';
import { LIMB_SIDES, ORTHO_RESULTS } from '../../../shared/assessment';
import { searchMuscles, type Muscle } from '../../../shared/catalogs/muscles';
import { parseMuscleEntry } from '../../../shared/rules/chart-entry';
import { muscleName } from '../../../shared/rules/treatment-summary';
import type { CareCase } from '../../../shared/case';
import type { AssessmentField } from './assessmentField';
import type { Values } from './assessment-values';
import { EntryBox } from './EntryBox';

/** What was found on examination: orthopedic tests, range of motion, palpation, active trigger points. */
export function AssessmentObjective({
  values: v,
  errors: e,
  change,
  field,
  careCase,
}: {
  values: Values;
  errors: Record<string, string>;
  change: (update: (current: Values) => Values) => void;
  field: AssessmentField;
  careCase: CareCase;
}) {
  const draft = { change };
  return (
    <fieldset>
      <legend>Objective</legend>
      <h3>Orthopedic tests</h3>
      {v.orthoTests.map((t, i) => (
        <div className="ortho-row" key={i}>
          <input
            aria-label={`Test ${i + 1} name`}
            placeholder="Noble compression"
            value={t.name}
            onChange={(ev) => draft.change((c) => ({ ...c, orthoTests: c.orthoTests.map((x, j) => (j === i ? { ...x, name: ev.target.value } : x)) }))}
          />
          <select
            aria-label={`Test ${i + 1} side`}
            value={t.side}
            onChange={(ev) =>
              draft.change((c) => ({ ...c, orthoTests: c.orthoTests.map((x, j) => (j === i ? { ...x, side: ev.target.value as LimbSide | '' } : x)) }))
            }
          >
            <option value="">—</option>
            {LIMB_SIDES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
          <select
            aria-label={`Test ${i + 1} result`}
            value={t.result}
            onChange={(ev) =>
              draft.change((c) => ({
                ...c,
                orthoTests: c.orthoTests.map((x, j) => (j === i ? { ...x, result: ev.target.value as typeof t.result } : x)),
              }))
            }
          >
            {ORTHO_RESULTS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <input
            aria-label={`Test ${i + 1} note`}
            placeholder="Note"
            value={t.note}
            onChange={(ev) => draft.change((c) => ({ ...c, orthoTests: c.orthoTests.map((x, j) => (j === i ? { ...x, note: ev.target.value } : x)) }))}
          />
          <button
            type="button"
            className="button-quiet"
            aria-label={`Remove test ${i + 1}`}
            onClick={() => draft.change((c) => ({ ...c, orthoTests: c.orthoTests.filter((_, j) => j !== i) }))}
          >
            ×
          </button>
          {e[`orthoTests.${i}.name`] ? <p className="field-error">{e[`orthoTests.${i}.name`]}</p> : null}
        </div>
      ))}
      <button
        type="button"
        onClick={() => draft.change((c) => ({ ...c, orthoTests: [...c.orthoTests, { name: '', side: '', result: 'positive', note: '' }] }))}
      >
        Add test
      </button>
      <div className="grid-fields spaced">
        {field('rom', 'Range of motion', { area: true })}
        {field('palpation', 'Palpation', { area: true })}
      </div>
      <h3>Active trigger points found</h3>
      <EntryBox<Muscle>
        label="Add an active trigger point"
        name="assessment-trigger-point"
        placeholder="TFL R, glute med R…"
        suggest={(t) => searchMuscles(t.replace(/\s+(l|r|b)$/i, ''))}
        render={(m) => m.name}
        apply={(m) => m.aliases[0] ?? m.name}
        onEnter={(t) => {
          const entry = parseMuscleEntry(t, careCase.side);
          if (!entry.ok) return entry.problem;
          draft.change((c) => ({ ...c, triggerPoints: [...c.triggerPoints, { muscleId: entry.muscle.id, side: entry.side, note: '' }] }));
          return null;
        }}
      />
      <ul className="chips">
        {v.triggerPoints.map((t, i) => (
          <li key={i}>
            {muscleName(t.muscleId)} {t.side}
            <button
              type="button"
              className="button-quiet"
              aria-label={`Remove ${muscleName(t.muscleId)} ${t.side}`}
              onClick={() => draft.change((c) => ({ ...c, triggerPoints: c.triggerPoints.filter((_, j) => j !== i) }))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
