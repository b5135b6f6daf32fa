import { ADJUNCT_LABEL } from '../../../shared/rules/treatment-summary';
import { ADJUNCT_KINDS } from '../../../shared/visit';
import { type TreatmentEditorState } from './useTreatmentEditor';

/** Adjunct therapies (cupping, gua sha, moxa, …) and their minutes. */
export function Adjuncts({ t }: { t: TreatmentEditorState }) {
  const { values, change, errors } = t;
  return (
    <fieldset className="treatment">
      <legend>Adjuncts</legend>
      <div className="adjuncts">
        {ADJUNCT_KINDS.map((k) => (
          <div key={k} className="adjunct">
            <label className="check">
              <input
                type="checkbox"
                checked={values.adjuncts[k].on}
                onChange={(e) => change((v) => ({ ...v, adjuncts: { ...v.adjuncts, [k]: { ...v.adjuncts[k], on: e.target.checked } } }))}
              />{' '}
              {ADJUNCT_LABEL[k]}
            </label>
            <input
              className="w-xs"
              aria-label={`${ADJUNCT_LABEL[k]} minutes`}
              placeholder="min"
              value={values.adjuncts[k].minutes}
              onChange={(e) => change((v) => ({ ...v, adjuncts: { ...v.adjuncts, [k]: { on: true, minutes: e.target.value } } }))}
            />
          </div>
        ))}
      </div>
      {Object.entries(errors)
        .filter(([k]) => k.startsWith('adjuncts.'))
        .map(([k, m]) => (
          <p key={k} className="field-error">
            {m}
          </p>
        ))}
    </fieldset>
  );
}
