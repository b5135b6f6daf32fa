import type { jsPDF } from 'jspdf';
import {
  CHART_HEIGHT,
  CHART_TOP,
  CHART_WIDTH,
  PANELS,
  markColour,
  markRadius,
  panelOutlines,
  ROUND_COLOURS,
  TRIGGER_POINT_COLOUR,
  type BodyChart,
} from '../body-chart';
import { COLOR, SIZE, applyStyle, drawText, type Rgb } from './pdf-kit';

/**
 * The body chart drawn into a PDF as vector paths: the figure's outlines, a dot per needled point,
 * a shaded area per muscle, a line per lead pair. Any report can call it (the progress report draws
 * the case, the chart copy can draw a case and each signed visit) with a box on its page; it returns
 * the height it used. Marks are drawn from the chart data alone (shared/body-chart.ts), which is the
 * same data the screen draws.
 */
export interface FigureBox {
  left: number;
  top: number;
  width: number;
}

export interface FigureOptions {
  /** Size the marks by how often each was used (a case), rather than one size (a visit). */
  sizedByCount?: boolean;
  /** How many insertion rounds the legend names (a visit's); none for a case. */
  rounds?: readonly string[];
}

const TITLE_SPACE = 12;
/** Room for two rows of legend: a narrow figure wraps it. */
const LEGEND_SPACE = 24;
const LEGEND_ROW = 10;

export function bodyFigureHeight(width: number): number {
  return TITLE_SPACE + (width / CHART_WIDTH) * CHART_HEIGHT + LEGEND_SPACE;
}

function rgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function drawBodyFigure(doc: jsPDF, chart: BodyChart, box: FigureBox, options: FigureOptions = {}): number {
  const scale = box.width / CHART_WIDTH;
  const top = box.top + TITLE_SPACE;
  const X = (x: number) => box.left + x * scale;
  const Y = (y: number) => top + (y - CHART_TOP) * scale;

  for (const panel of PANELS) {
    drawText(doc, panel.title, X(panel.originX), box.top, { size: SIZE.tiny, color: COLOR.muted }, 'center');
  }

  // The figure: a pale fill and a thin outline, so the marks carry the colour.
  doc.setLineWidth(0.5);
  doc.setDrawColor(...COLOR.muted);
  doc.setFillColor(...COLOR.zebra);
  for (const outline of panelOutlines()) {
    for (const line of outline.lines) {
      const [first, ...rest] = line;
      if (!first) continue;
      let [px, py] = first;
      const deltas = rest.map(([x, y]) => {
        const d: [number, number] = [(x - px) * scale, (y - py) * scale];
        [px, py] = [x, y];
        return d;
      });
      doc.lines(deltas, X(first[0]), Y(first[1]), [1, 1], 'FD', true);
    }
    for (const e of outline.ellipses) doc.ellipse(X(e.x), Y(e.y), e.rx * scale, e.ry * scale, 'S');
  }

  const most = Math.max(1, ...chart.marks.map((m) => m.count));

  // Muscles first (areas under the points), then lead pairs, then points on top.
  for (const mark of chart.marks.filter((m) => m.kind === 'muscle')) {
    const grow = options.sizedByCount ? markRadius(mark.count, most) / markRadius(1, 1) : 1;
    doc.setFillColor(...rgb(TRIGGER_POINT_COLOUR));
    doc.setDrawColor(...rgb(TRIGGER_POINT_COLOUR));
    doc.setGState(doc.GState({ opacity: 0.28, 'stroke-opacity': 0.9 }));
    doc.setLineWidth(0.6);
    doc.ellipse(X(mark.x), Y(mark.y), mark.rx * scale * Math.min(grow, 1.6), mark.ry * scale * Math.min(grow, 1.6), 'FD');
    doc.setGState(doc.GState({ opacity: 1, 'stroke-opacity': 1 }));
    // A diamond at the centre: the trigger point itself.
    const r = Math.max(0.55 * scale, 2);
    doc.lines(
      [
        [r, r],
        [-r, r],
        [-r, -r],
        [r, -r],
      ],
      X(mark.x),
      Y(mark.y) - r,
      [1, 1],
      'F',
      true,
    );
  }

  for (const line of chart.lines) {
    doc.setDrawColor(...rgb(ROUND_COLOURS[line.round % ROUND_COLOURS.length] ?? ROUND_COLOURS[0]));
    doc.setLineWidth(1.1);
    if (line.from.panel !== line.to.panel) doc.setLineDashPattern([3, 2], 0);
    doc.line(X(line.from.x), Y(line.from.y), X(line.to.x), Y(line.to.y));
    doc.setLineDashPattern([], 0);
  }

  for (const mark of chart.marks.filter((m) => m.kind === 'acupoint')) {
    const r = (options.sizedByCount ? markRadius(mark.count, most) : markRadius(1, 1)) * scale;
    doc.setFillColor(...rgb(markColour(mark)));
    doc.setDrawColor(255, 255, 255);
    doc.setLineWidth(0.4);
    // Never smaller than 2 pt: a dot must survive printing and a fax.
    doc.circle(X(mark.x), Y(mark.y), Math.max(r, 2), 'FD');
  }

  // The legend: what the colours and shapes mean.
  let legendTop = top + CHART_HEIGHT * scale + 3;
  let x = box.left;
  const key = (colour: string, text: string, shape: 'dot' | 'diamond') => {
    applyStyle(doc, { size: SIZE.tiny });
    const width = 12 + doc.getTextWidth(text);
    if (x > box.left && x + width > box.left + box.width) {
      x = box.left;
      legendTop += LEGEND_ROW;
    }
    doc.setFillColor(...rgb(colour));
    if (shape === 'dot') doc.circle(x + 3, legendTop + 4.5, 2.6, 'F');
    else
      doc.lines(
        [
          [3, 3],
          [-3, 3],
          [-3, -3],
          [3, -3],
        ],
        x + 3,
        legendTop + 1.5,
        [1, 1],
        'F',
        true,
      );
    drawText(doc, text, x + 8, legendTop, { size: SIZE.tiny, color: COLOR.muted });
    x += width;
  };
  const rounds = options.rounds ?? [];
  if (options.sizedByCount) key(ROUND_COLOURS[0], 'Acupoint (larger: needled at more visits)', 'dot');
  else if (rounds.length <= 1) key(ROUND_COLOURS[0], rounds[0] ? `Acupoint (${rounds[0]})` : 'Acupoint', 'dot');
  else rounds.forEach((label, i) => key(ROUND_COLOURS[i % ROUND_COLOURS.length] ?? ROUND_COLOURS[0], `Round ${i + 1}: ${label}`, 'dot'));
  key(TRIGGER_POINT_COLOUR, 'Trigger point (muscle)', 'diamond');
  if (chart.lines.length > 0) {
    doc.setDrawColor(...COLOR.muted);
    doc.setLineWidth(1);
    doc.line(x, legendTop + 4.5, x + 8, legendTop + 4.5);
    drawText(doc, 'Lead pair', x + 11, legendTop, { size: SIZE.tiny, color: COLOR.muted });
  }

  return bodyFigureHeight(box.width);
}
