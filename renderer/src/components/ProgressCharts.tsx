import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { measureById, type MeasureId } from '../../../shared/catalogs/outcome-measures';
import { mcidThreshold } from '../../../shared/rules/progress';
import type { CaseDetail } from '../../../shared/timeline';
import { formatDate } from '../format';

const AXIS = { fontSize: 12, fill: 'currentColor' };

/**
 * Pain before and after each visit, and each outcome measure over time, both by date, with the
 * score a meaningful change from the first value reaches (first ± the clinic's MCID). A series of
 * one value is stated, not drawn: a chart of one point shows no change. The charts are not tab
 * stops; their figure names them.
 */
export function ProgressCharts({ detail }: { detail: CaseDetail }) {
  const visits = detail.timeline.flatMap((e) => (e.kind === 'visit' && e.session !== null ? [e] : []));
  const pain = visits.map((v) => ({
    label: formatDate(v.at.slice(0, 10)).replace(/, \d{4}$/, ''),
    session: v.session,
    date: v.at.slice(0, 10),
    before: v.painBefore,
    after: v.painAfter,
  }));
  const firstPain = detail.progress.change.pain?.first.score;
  const measures = new Map<MeasureId, { date: string; score: number }[]>();
  for (const e of detail.timeline) {
    if (e.kind !== 'assessment' || e.signature === null) continue;
    for (const o of e.outcomes) {
      if (o.measure === 'nprs') continue;
      measures.set(o.measure, [...(measures.get(o.measure) ?? []), { date: e.at, score: o.score }]);
    }
  }

  if (pain.length === 0 && measures.size === 0) {
    return <p className="muted">Charts appear once visits or assessments are signed.</p>;
  }
  return (
    <div className="charts">
      {pain.length === 1 ? (
        <p className="chart-card chart-single">
          Pain {pain[0]!.before ?? '—'} → {pain[0]!.after ?? '—'} at the first visit ({formatDate(pain[0]!.date)}). The chart appears with the second visit.
        </p>
      ) : null}
      {pain.length > 1 ? (
        <figure className="chart-card" aria-label="Pain before and after each visit">
          <figcaption>Pain (NRS 0–10) at each visit</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={pain} margin={{ top: 8, right: 16, bottom: 4, left: -12 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
              <XAxis dataKey="label" tick={AXIS} />
              <YAxis domain={[0, 10]} ticks={[0, 2, 4, 6, 8, 10]} tick={AXIS} />
              <Tooltip labelFormatter={(_, p) => (p[0] ? `Session ${String(p[0].payload.session)} · ${formatDate(p[0].payload.date as string)}` : '')} />
              <Legend />
              {firstPain !== undefined ? (
                <ReferenceLine
                  y={mcidThreshold('nprs', firstPain, detail.mcids)}
                  stroke="var(--ok)"
                  strokeDasharray="6 4"
                  label={{ value: 'meaningful change', position: 'insideTopRight', fontSize: 11, fill: 'var(--ok)' }}
                />
              ) : null}
              <Line type="monotone" dataKey="before" name="Before" stroke="#c2410c" strokeWidth={2} connectNulls dot={{ r: 3 }} isAnimationActive={false} />
              <Line type="monotone" dataKey="after" name="After" stroke="var(--accent)" strokeWidth={2} connectNulls dot={{ r: 3 }} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      ) : null}
      {[...measures.entries()].map(([id, scores]) => {
        const m = measureById(id)!;
        const threshold = mcidThreshold(id, scores[0]!.score, detail.mcids);
        if (scores.length === 1)
          return (
            <p className="chart-card chart-single" key={id}>
              {m.short} {scores[0]!.score} on {formatDate(scores[0]!.date)}; a meaningful change reaches {threshold} (MCID {detail.mcids[id]}). The chart
              appears with the next assessment.
            </p>
          );
        return (
          <figure className="chart-card" key={id} aria-label={`${m.name} over time`}>
            <figcaption>
              {m.short}{' '}
              <span className="muted">
                ({m.min}–{m.max}, {m.higherIsBetter ? 'higher is better' : 'lower is better'}; MCID {detail.mcids[id]})
              </span>
            </figcaption>
            <ResponsiveContainer width="100%" height={200}>
              <LineChart
                data={scores.map((s) => ({ ...s, label: formatDate(s.date) }))}
                margin={{ top: 8, right: 16, bottom: 4, left: -12 }}
                accessibilityLayer={false}
              >
                <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
                <XAxis dataKey="label" tick={AXIS} />
                <YAxis domain={[m.min, m.max]} tick={AXIS} />
                <Tooltip />
                <ReferenceLine
                  y={threshold}
                  stroke="var(--ok)"
                  strokeDasharray="6 4"
                  label={{ value: `meaningful at ${threshold}`, position: 'insideTopRight', fontSize: 11, fill: 'var(--ok)' }}
                />
                <Line type="monotone" dataKey="score" name={m.short} stroke="var(--accent)" strokeWidth={2} dot={{ r: 4 }} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </figure>
        );
      })}
    </div>
  );
}
