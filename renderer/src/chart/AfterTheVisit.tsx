import { ADVERSE_EVENT_KINDS } from '../../../shared/visit';
import { ADVERSE_EVENT_LABEL } from './labels';
import type { VisitChartState } from './useVisitChart';
import type { VisitValues } from './visit-values';

/** Home care, the next-visit plan and adverse events. */
export function AfterTheVisit({
  chart: { draft },
  values: v,
  text,
}: {
  chart: VisitChartState;
  values: VisitValues;
  text: (key: 'homeCare' | 'nextVisitPlan') => object;
}) {
  return (
    <fieldset>
      <legend>After the visit</legend>
      <div className="soap">
        <div className="field">
          <label htmlFor="visit-homeCare">Home care</label>
          <textarea id="visit-homeCare" rows={2} placeholder="Heat, mobility, strength work, load changes" {...text('homeCare')} />
        </div>
        <div className="field">
          <label htmlFor="visit-nextVisitPlan">Next-visit plan</label>
          <textarea id="visit-nextVisitPlan" rows={2} placeholder="When, and what to reassess" {...text('nextVisitPlan')} />
        </div>
      </div>
      <div className="adverse">
        <h2 className="subheading">Adverse events</h2>
        {v.adverseEvents.map((e, i) => (
          <div key={i} className="adverse-row">
            <select
              aria-label={`Adverse event ${i + 1}`}
              value={e.kind}
              onChange={(ev) =>
                draft.change((cur) => ({
                  ...cur,
                  adverseEvents: cur.adverseEvents.map((x, j) => (j === i ? { ...x, kind: ev.target.value as typeof e.kind } : x)),
                }))
              }
            >
              {ADVERSE_EVENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {ADVERSE_EVENT_LABEL[k]}
                </option>
              ))}
            </select>
            <input
              aria-label={`Adverse event ${i + 1} note`}
              placeholder="Where, how much, what was done"
              value={e.note}
              onChange={(ev) =>
                draft.change((cur) => ({ ...cur, adverseEvents: cur.adverseEvents.map((x, j) => (j === i ? { ...x, note: ev.target.value } : x)) }))
              }
            />
            <button
              type="button"
              className="button-quiet"
              aria-label={`Remove adverse event ${i + 1}`}
              onClick={() => draft.change((cur) => ({ ...cur, adverseEvents: cur.adverseEvents.filter((_, j) => j !== i) }))}
            >
              ×
            </button>
          </div>
        ))}
        <button type="button" onClick={() => draft.change((cur) => ({ ...cur, adverseEvents: [...cur.adverseEvents, { kind: 'bruising', note: '' }] }))}>
          Add adverse event
        </button>
      </div>
    </fieldset>
  );
}
