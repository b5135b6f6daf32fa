import { useMemo } from 'react';
import { visitChart, type ChartSide } from '../../../shared/body-chart';
import { BodyChart } from '../components/BodyChart';
import { addPointFromFigure, type VisitValues } from './visit-values';
import type { Change } from './useTreatmentEditor';

/**
 * The draft visit drawn: every point and muscle needled so far, coloured by round, lead pairs as
 * lines. A click on the figure adds the nearest acupoint to the round being charted; the keyboard
 * entry above stays the main way in.
 */
export function DraftBodyChart({ values, change, currentRound }: { values: VisitValues; change: Change; currentRound: number }) {
  const chart = useMemo(
    () =>
      visitChart({
        acupoints: values.acupoints,
        triggerPoints: values.triggerPoints,
        // A lead row still being filled in has an open end: it has no line yet.
        leadPairs: values.leadPairs.flatMap((p) => (p.from && p.to ? [{ from: p.from, to: p.to, round: p.round }] : [])),
      }),
    [values.acupoints, values.triggerPoints, values.leadPairs],
  );
  const pick = (code: string, side: ChartSide) => change((v) => addPointFromFigure(v, code, side, currentRound));
  return (
    <fieldset className="treatment">
      <legend>Body chart</legend>
      <BodyChart chart={chart} title="This visit on the body" rounds={values.rounds.map((r) => r.label)} onPick={pick} />
    </fieldset>
  );
}
