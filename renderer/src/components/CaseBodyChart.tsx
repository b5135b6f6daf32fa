import { useId, useMemo, useState } from 'react';
import { caseChart, visitChart } from '../../../shared/body-chart';
import type { TimelineEntry, TimelineVisit } from '../../../shared/timeline';
import { formatDate } from '../format';
import { BodyChart } from './BodyChart';

/**
 * The case over time: every visit's points and muscles on one figure, a larger mark for one needled
 * at more visits; the slider steps through the visits one by one (each drawn as its own visit is,
 * rounds and lead pairs included) and back to all of them at its left end.
 */
export function CaseBodyChart({ timeline }: { timeline: readonly TimelineEntry[] }) {
  const visits = useMemo(() => timeline.filter((e): e is TimelineVisit => e.kind === 'visit'), [timeline]);
  const [step, setStep] = useState(0);
  const sliderId = useId();
  const all = useMemo(() => caseChart(visits.map((v) => v.treatment)), [visits]);
  if (visits.length === 0) return <p className="muted">No visits yet: the body chart fills in as visits are charted.</p>;

  // A step past the last visit (a visit deleted from under the slider) shows them all.
  const shown = step > 0 ? visits[step - 1] : undefined;
  const where = shown ? `Visit ${shown.number}, ${formatDate(shown.at.slice(0, 10))}${shown.signature ? '' : ' (draft)'}` : `All ${visits.length} visits`;
  return (
    <div className="case-body-chart">
      <div className="case-chart-steps">
        <label htmlFor={sliderId}>Step through the visits</label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={visits.length}
          step={1}
          value={shown ? step : 0}
          aria-valuetext={where}
          onChange={(e) => setStep(Number(e.target.value))}
        />
        <output htmlFor={sliderId} data-testid="case-chart-step">
          {where}
        </output>
      </div>
      {shown ? (
        <BodyChart chart={visitChart(shown.treatment)} title={`${where} on the body`} rounds={shown.treatment.rounds.map((r) => r.label)} />
      ) : (
        <BodyChart chart={all} title="Every visit of this case on the body" sizedByCount />
      )}
    </div>
  );
}
