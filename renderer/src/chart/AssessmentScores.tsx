import { useState } from 'react';
import type { CareCase } from '../../../shared/case';
import { measuresFor, OUTCOME_MEASURES, type MeasureId } from '../../../shared/catalogs/outcome-measures';
import type { TimelineAssessment } from '../../../shared/timeline';
import { formatDate } from '../format';
import type { AssessmentField } from './assessmentField';
import type { Values } from './assessment-values';
import { PsfsActivities, typedPsfsAverage } from './PsfsActivities';

/**
 * Pain and the outcome measures: the ones the case's condition calls for (and any scored before),
 * each with the last signed score beside it; the rest a click away.
 */
export function AssessmentScores({
  values: v,
  errors: e,
  change,
  field,
  careCase,
  earlier,
}: {
  values: Values;
  errors: Record<string, string>;
  change: (update: (current: Values) => Values) => void;
  field: AssessmentField;
  careCase: CareCase;
  earlier: TimelineAssessment[];
}) {
  const draft = { change };
  const [allMeasures, setAllMeasures] = useState(false);
  const last = earlier[0];
  const lastScore = (measure: MeasureId) => {
    const found = earlier.find((a) => a.outcomes.some((o) => o.measure === measure));
    const score = found?.outcomes.find((o) => o.measure === measure)?.score;
    return found && score !== undefined ? `Last ${score} on ${formatDate(found.at.slice(0, 10))}` : undefined;
  };
  const scoredBefore = earlier.flatMap((a) => a.outcomes.map((o) => o.measure));
  const filled = OUTCOME_MEASURES.filter((m) => v.scores[m.id].trim() !== '').map((m) => m.id);
  const offered = new Set(measuresFor(careCase.conditionId, { reassessment: v.kind !== 'initial', scoredBefore: [...scoredBefore, ...filled] }));
  const shownMeasures = OUTCOME_MEASURES.filter((m) => m.id !== 'nprs' && (allMeasures || offered.has(m.id)));
  const hiddenCount = OUTCOME_MEASURES.filter((m) => m.id !== 'nprs').length - shownMeasures.length;
  return (
    <fieldset>
      <legend>Pain and outcome measures</legend>
      <div className="grid-fields">
        {field('painCurrent', 'Pain now (0–10)', last?.painCurrent != null ? { hint: `Last ${last.painCurrent} on ${formatDate(last.at.slice(0, 10))}` } : {})}
        {field('painWorst', 'Worst pain (0–10)')}
        {field('painAverage', 'Average pain (0–10)')}
      </div>
      <div className="grid-fields spaced">
        {shownMeasures.map((m, i) => {
          // Scores travel as a list of the filled boxes; errors come back by that list's index.
          const sent = OUTCOME_MEASURES.filter((x) => v.scores[x.id].trim() !== '').map((x) => x.id);
          const problem = e[`outcomes.${sent.indexOf(m.id)}.score`];
          return (
            <div className="field" key={m.id}>
              <label htmlFor={`score-${m.id}`}>
                {m.short}{' '}
                <span className="muted">
                  ({m.min}–{m.max})
                </span>
              </label>
              <input
                id={`score-${m.id}`}
                name={`score-${m.id}`}
                inputMode="decimal"
                // With activities named, the PSFS is their average: worked out, not typed.
                disabled={m.id === 'psfs' && v.psfsActivities.length > 0}
                value={m.id === 'psfs' && v.psfsActivities.length > 0 ? String(typedPsfsAverage(v.psfsActivities) ?? '') : v.scores[m.id]}
                aria-invalid={Boolean(problem)}
                onChange={(ev) => draft.change((c) => ({ ...c, scores: { ...c.scores, [m.id]: ev.target.value } }))}
                data-index={i}
              />
              {problem ? (
                <p className="field-error" data-field-error={`score-${m.id}`}>
                  {problem}
                </p>
              ) : lastScore(m.id) ? (
                <p className="field-hint">{lastScore(m.id)}</p>
              ) : null}
            </div>
          );
        })}
      </div>
      {hiddenCount > 0 ? (
        <button type="button" className="button-quiet" onClick={() => setAllMeasures(true)}>
          Show all measures ({hiddenCount} more)
        </button>
      ) : null}
      <PsfsActivities rows={v.psfsActivities} errors={e} onChange={(rows) => draft.change((c) => ({ ...c, psfsActivities: rows }))} />
    </fieldset>
  );
}
