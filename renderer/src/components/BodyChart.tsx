import { useId, useRef, useState, type MouseEvent } from 'react';
import { ACUPOINT_POSITIONS } from '../../../shared/catalogs/acupoint-positions';
import {
  CHART_HEIGHT,
  CHART_TOP,
  CHART_WIDTH,
  PANELS,
  acupointAt,
  markColour,
  markLabel,
  markRadius,
  panelOutlines,
  place,
  ROUND_COLOURS,
  type BodyChart as Chart,
  type ChartMark,
  type ChartSide,
} from '../../../shared/body-chart';

const OUTLINES = panelOutlines();
const path = (line: readonly (readonly [number, number])[]) =>
  line.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(2)} ${y.toFixed(2)}`).join(' ') + ' Z';

const PANEL_WORD: Record<string, string> = { front: 'front view', back: 'back view', right: 'right side view', left: 'left side view' };

/**
 * The body chart on screen, drawn from shared/body-chart.ts (the reports draw the same data). Each
 * mark names itself on hover and on focus; the list under "The chart as text" says everything the
 * picture shows, for a screen reader or anyone who would rather read it. With `onPick`, a click on
 * the figure adds the acupoint nearest the pointer (the name shows before the click).
 */
export function BodyChart({
  chart,
  title,
  rounds = [],
  sizedByCount = false,
  onPick,
}: {
  chart: Chart;
  title: string;
  /** The visit's insertion rounds, for the legend's colours. */
  rounds?: readonly string[];
  sizedByCount?: boolean;
  onPick?: (code: string, side: ChartSide) => void;
}) {
  // What the pointer is over wins over what has focus, so moving the mouse always names what is under it.
  const [hovered, setHovered] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const [aim, setAim] = useState<{ code: string; side: ChartSide } | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const captionId = useId();
  const most = Math.max(1, ...chart.marks.map((m) => m.count));

  /** Where the pointer is, in the chart's cun. */
  const spot = (e: MouseEvent<SVGSVGElement>) => {
    const matrix = svg.current?.getScreenCTM();
    if (!svg.current || !matrix) return null;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(matrix.inverse());
    return { x: p.x, y: p.y };
  };
  const aimAt = (e: MouseEvent<SVGSVGElement>) => {
    if (!onPick) return;
    const at = spot(e);
    setAim(at ? acupointAt(at.x, at.y, ACUPOINT_POSITIONS) : null);
  };
  const pick = (e: MouseEvent<SVGSVGElement>) => {
    // Over a mark the caption names that mark, not a point to add: a click there adds nothing (a
    // trigger point's area must not turn into the acupoint beneath it).
    if (!onPick || hovered) return;
    const at = spot(e);
    const hit = at ? acupointAt(at.x, at.y, ACUPOINT_POSITIONS) : null;
    if (hit) onPick(hit.code, hit.side);
  };

  const caption = hovered ?? (aim ? `Click to add ${markLabel('acupoint', aim.code, aim.side)}` : focused);
  const muscles = chart.marks.filter((m) => m.kind === 'muscle');
  const points = chart.marks.filter((m) => m.kind === 'acupoint');
  const name = (m: ChartMark) => (sizedByCount ? `${m.label}: ${m.count} ${m.count === 1 ? 'visit' : 'visits'}` : m.label);

  return (
    <figure className="body-chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="body-chart-title">
        {title}
      </figcaption>
      <svg
        ref={svg}
        viewBox={`0 ${CHART_TOP} ${CHART_WIDTH} ${CHART_HEIGHT}`}
        role="group"
        aria-label={`${title}: ${chart.marks.length} ${chart.marks.length === 1 ? 'mark' : 'marks'}, ${chart.lines.length} lead ${chart.lines.length === 1 ? 'pair' : 'pairs'}`}
        className={onPick ? 'body-chart-figure body-chart-pickable' : 'body-chart-figure'}
        onMouseMove={aimAt}
        onMouseLeave={() => setAim(null)}
        onClick={pick}
      >
        {PANELS.map((p) => (
          <text key={p.name} x={p.originX} y={CHART_TOP + 1.6} className="body-chart-panel" textAnchor="middle" aria-hidden="true">
            {p.title}
          </text>
        ))}
        {OUTLINES.map((o) => (
          <g key={o.panel} aria-hidden="true" className="body-chart-outline">
            {o.lines.map((line, i) => (
              <path key={i} d={path(line)} />
            ))}
            {o.ellipses.map((e, i) => (
              <ellipse key={`e${i}`} cx={e.x} cy={e.y} rx={e.rx} ry={e.ry} fill="none" />
            ))}
          </g>
        ))}
        {muscles.map((m) => {
          const grow = sizedByCount ? Math.min(markRadius(m.count, most) / markRadius(1, 1), 1.6) : 1;
          return (
            <g
              key={m.key}
              data-mark={m.key}
              tabIndex={0}
              role="img"
              aria-label={name(m)}
              className="body-chart-mark"
              onMouseEnter={() => setHovered(name(m))}
              onMouseLeave={() => setHovered(null)}
              onFocus={() => setFocused(name(m))}
              onBlur={() => setFocused(null)}
            >
              <title>{name(m)}</title>
              {/* The ink follows the colour scheme (styles.css): dark grey on a light figure, light grey on a dark one. */}
              <ellipse className="body-chart-area" cx={m.x} cy={m.y} rx={m.rx * grow} ry={m.ry * grow} />
              <path className="body-chart-diamond" d={`M${m.x} ${m.y - 0.6} l0.6 0.6 l-0.6 0.6 l-0.6 -0.6 Z`} />
            </g>
          );
        })}
        {chart.lines.map((l) => (
          <line
            key={l.key}
            data-lead={l.key}
            x1={l.from.x}
            y1={l.from.y}
            x2={l.to.x}
            y2={l.to.y}
            stroke={ROUND_COLOURS[l.round % ROUND_COLOURS.length]}
            strokeWidth={0.3}
            strokeDasharray={l.from.panel === l.to.panel ? undefined : '0.8 0.5'}
            aria-hidden="true"
          />
        ))}
        {points.map((m) => (
          <circle
            key={m.key}
            data-mark={m.key}
            cx={m.x}
            cy={m.y}
            r={sizedByCount ? markRadius(m.count, most) : 0.6}
            fill={markColour(m)}
            stroke="#fff"
            strokeWidth={0.12}
            tabIndex={0}
            role="img"
            aria-label={name(m)}
            className="body-chart-mark"
            onMouseEnter={() => setHovered(name(m))}
            onMouseLeave={() => setHovered(null)}
            onFocus={() => setFocused(name(m))}
            onBlur={() => setFocused(null)}
          >
            <title>{name(m)}</title>
          </circle>
        ))}
        {aim && !hovered ? <AimRing code={aim.code} side={aim.side} /> : null}
      </svg>
      <p className="body-chart-named" aria-live="polite">
        {caption ?? (onPick ? 'Point at the figure to name an acupoint; click to add it to this visit.' : '\u00a0')}
      </p>
      <ul className="body-chart-legend" aria-hidden="true">
        {sizedByCount ? (
          <li>
            <span className="swatch" style={{ background: ROUND_COLOURS[0] }} /> Acupoint (larger: needled at more visits)
          </li>
        ) : rounds.length > 1 ? (
          rounds.map((r, i) => (
            <li key={i}>
              <span className="swatch" style={{ background: ROUND_COLOURS[i % ROUND_COLOURS.length] }} /> Round {i + 1}: {r}
            </li>
          ))
        ) : (
          <li>
            <span className="swatch" style={{ background: ROUND_COLOURS[0] }} /> Acupoint
          </li>
        )}
        <li>
          <span className="swatch swatch-diamond" /> Trigger point (muscle)
        </li>
        {chart.lines.length ? <li>— Lead pair</li> : null}
      </ul>
      <details className="body-chart-text">
        <summary>The chart as text</summary>
        {chart.marks.length + chart.unplaced.length === 0 ? (
          <p>Nothing needled yet.</p>
        ) : (
          <ul>
            {chart.marks.map((m) => (
              <li key={m.key}>
                {name(m)} ({PANEL_WORD[m.panel]}
                {m.round !== null && rounds.length > 1 ? `, round ${m.round + 1}: ${rounds[m.round] ?? ''}` : ''})
              </li>
            ))}
            {chart.lines.map((l) => (
              <li key={l.key}>{l.label}</li>
            ))}
            {chart.unplaced.map((u) => (
              <li key={u}>{u} (not drawn: the figure places the 14 channels' points and the catalog's muscles)</li>
            ))}
          </ul>
        )}
      </details>
    </figure>
  );
}

function AimRing({ code, side }: { code: string; side: ChartSide }) {
  const position = ACUPOINT_POSITIONS.get(code);
  if (!position) return null;
  const at = place(position, side);
  return <circle cx={at.x} cy={at.y} r={0.9} fill="none" stroke="#111" strokeWidth={0.15} strokeDasharray="0.3 0.2" aria-hidden="true" />;
}
