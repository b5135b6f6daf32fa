/**
 * The body chart as data: what a visit (or a whole case) needled, turned into marks on the figure's
 * four panels — front, back, right side, left side — and lines for the lead pairs. The screen (SVG)
 * and the reports (jsPDF) both draw from this, so they cannot disagree about where a point is.
 * Coordinates are in B-cun, the unit of shared/catalogs/body-landmarks.ts.
 */
import { acupointByCode } from './catalogs/acupoints';
import { acupointPosition } from './catalogs/acupoint-positions';
import { HALF_SILHOUETTE, SIDE_EAR, SIDE_PROFILE, type BodyPosition } from './catalogs/body-landmarks';
import { muscleArea } from './catalogs/muscle-positions';
import { muscleById } from './catalogs/muscles';

export type ChartSide = 'L' | 'R' | 'M';
export type PanelName = 'front' | 'back' | 'right' | 'left';

export interface Panel {
  name: PanelName;
  title: string;
  /** Where the panel's own x = 0 (the midline, or the mid-coronal plane) sits across the chart. */
  originX: number;
}

/** Front and back are 29 cun wide with the hands, each side view about 12. */
export const PANELS: readonly Panel[] = [
  { name: 'front', title: 'Front', originX: 14.5 },
  { name: 'back', title: 'Back', originX: 44 },
  { name: 'right', title: 'Right side', originX: 63.5 },
  { name: 'left', title: 'Left side', originX: 81 },
];
export const CHART_WIDTH = 88;
export const CHART_TOP = -2.5;
export const CHART_HEIGHT = 77.5;

export type Xy = readonly [number, number];

/** Each panel's outline, as closed lines in chart coordinates (plus the side views' ears). */
export function panelOutlines(): { panel: PanelName; lines: Xy[][]; ellipses: { x: number; y: number; rx: number; ry: number }[] }[] {
  const silhouette = (originX: number): Xy[] => [
    ...HALF_SILHOUETTE.map(([x, y]): Xy => [originX + x, y]),
    ...[...HALF_SILHOUETTE].reverse().map(([x, y]): Xy => [originX - x, y]),
  ];
  const profile = (originX: number, facing: 1 | -1): Xy[] => SIDE_PROFILE.map(([x, y]): Xy => [originX + facing * x, y]);
  const ear = (originX: number, facing: 1 | -1) => ({ x: originX + facing * SIDE_EAR.x, y: SIDE_EAR.y, rx: SIDE_EAR.rx, ry: SIDE_EAR.ry });
  const [front, back, right, left] = PANELS.map((p) => p.originX) as [number, number, number, number];
  return [
    { panel: 'front', lines: [silhouette(front)], ellipses: [] },
    { panel: 'back', lines: [silhouette(back)], ellipses: [] },
    { panel: 'right', lines: [profile(right, 1)], ellipses: [ear(right, 1)] },
    { panel: 'left', lines: [profile(left, -1)], ellipses: [ear(left, -1)] },
  ];
}

/**
 * Where a stored right-side position lands for a side of the body. Front view: the patient's right
 * is on the viewer's left. Back view: on the viewer's right. Side views: the right side faces right,
 * the left side (its mirror) faces left.
 */
export function place(position: BodyPosition, side: ChartSide): { panel: PanelName; x: number; y: number } {
  const [front, back, right, left] = PANELS.map((p) => p.originX) as [number, number, number, number];
  const mirror = side === 'L' ? -1 : 1;
  switch (position.view) {
    case 'front':
      return { panel: 'front', x: front - mirror * position.x, y: position.y };
    case 'back':
      return { panel: 'back', x: back + mirror * position.x, y: position.y };
    case 'side':
      return side === 'L' ? { panel: 'left', x: left - position.x, y: position.y } : { panel: 'right', x: right + position.x, y: position.y };
  }
}

export type MarkKind = 'acupoint' | 'muscle';

export interface ChartMark {
  /** `acupoint:ST36:L` — one mark per needled thing and side. */
  key: string;
  kind: MarkKind;
  ref: string;
  side: ChartSide;
  /** "ST36 Zusanli, left": what hovering, focus and the text equivalent say. */
  label: string;
  panel: PanelName;
  x: number;
  y: number;
  /** A muscle's needling area, in cun. */
  rx: number;
  ry: number;
  /** The insertion round (0-based) an acupoint was needled in; null for trigger points (which carry none). */
  round: number | null;
  /** How many visits needled it (1 on a single visit). */
  count: number;
}

export interface ChartLine {
  key: string;
  label: string;
  from: { x: number; y: number; panel: PanelName };
  to: { x: number; y: number; panel: PanelName };
  round: number;
}

export interface BodyChart {
  marks: ChartMark[];
  lines: ChartLine[];
  /** What was needled but has no place on the figure (extra points): listed in the text equivalent. */
  unplaced: string[];
}

/** The parts of a visit the chart reads: what the visit form and a signed visit both hold. */
export interface ChartedTreatment {
  acupoints: readonly { code: string; side: string; round?: number }[];
  triggerPoints: readonly { muscleId: string; side: string }[];
  leadPairs: readonly { from: { kind: string; ref: string; side: string }; to: { kind: string; ref: string; side: string }; round?: number }[];
}

const SIDE_WORD: Record<ChartSide, string> = { L: 'left', R: 'right', M: 'midline' };

/** B (both) is charted as one row but needled twice: a mark on each side. */
function sidesOf(side: string): ChartSide[] {
  if (side === 'B') return ['L', 'R'];
  if (side === 'L' || side === 'R' || side === 'M') return [side];
  return [];
}

export function markLabel(kind: MarkKind, ref: string, side: ChartSide): string {
  const name = kind === 'acupoint' ? [ref, acupointByCode(ref)?.pinyin].filter(Boolean).join(' ') : (muscleById(ref)?.name ?? ref);
  return `${name}${kind === 'muscle' ? ' trigger point' : ''}, ${SIDE_WORD[side]}`;
}

function positionOf(kind: MarkKind, ref: string): (BodyPosition & { rx: number; ry: number }) | undefined {
  if (kind === 'acupoint') {
    const p = acupointPosition(ref);
    return p ? { ...p, rx: 0, ry: 0 } : undefined;
  }
  return muscleArea(ref);
}

function markFor(kind: MarkKind, ref: string, side: ChartSide, round: number | null): ChartMark | null {
  const position = positionOf(kind, ref);
  if (!position) return null;
  const at = place(position, side);
  return { key: `${kind}:${ref}:${side}`, kind, ref, side, label: markLabel(kind, ref, side), ...at, rx: position.rx, ry: position.ry, round, count: 1 };
}

/** One visit's chart: a mark per needled point or muscle and side, a line per lead pair. */
export function visitChart(treatment: ChartedTreatment): BodyChart {
  const marks = new Map<string, ChartMark>();
  const unplaced: string[] = [];
  for (const p of treatment.acupoints) {
    for (const side of sidesOf(p.side)) {
      const mark = markFor('acupoint', p.code, side, p.round ?? 0);
      if (mark) marks.set(mark.key, marks.get(mark.key) ?? mark);
      else unplaced.push(markLabel('acupoint', p.code, side));
    }
  }
  for (const t of treatment.triggerPoints) {
    for (const side of sidesOf(t.side)) {
      const mark = markFor('muscle', t.muscleId, side, null);
      if (mark) marks.set(mark.key, marks.get(mark.key) ?? mark);
      else unplaced.push(markLabel('muscle', t.muscleId, side));
    }
  }
  const lines: ChartLine[] = [];
  treatment.leadPairs.forEach((pair, i) => {
    const ends = [pair.from, pair.to].map((e) => marks.get(`${e.kind}:${e.ref}:${e.side}`));
    const [from, to] = ends;
    if (!from || !to) return;
    lines.push({
      key: `lead:${i}`,
      label: `Lead pair ${from.label.replace(/ trigger point/, '')} to ${to.label.replace(/ trigger point/, '')}`,
      from: { x: from.x, y: from.y, panel: from.panel },
      to: { x: to.x, y: to.y, panel: to.panel },
      round: pair.round ?? 0,
    });
  });
  return { marks: [...marks.values()], lines, unplaced: [...new Set(unplaced)] };
}

/**
 * A case's chart: every visit's marks, each counted once per visit that needled it, with no lines
 * (a lead pair is a visit's detail). Rounds are dropped: across visits the size carries the meaning.
 */
export function caseChart(visits: readonly ChartedTreatment[]): BodyChart {
  const marks = new Map<string, ChartMark>();
  const unplaced = new Set<string>();
  for (const visit of visits) {
    const one = visitChart({ ...visit, leadPairs: [] });
    for (const mark of one.marks) {
      const seen = marks.get(mark.key);
      marks.set(mark.key, seen ? { ...seen, count: seen.count + 1 } : { ...mark, round: null });
    }
    for (const u of one.unplaced) unplaced.add(u);
  }
  return { marks: [...marks.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)), lines: [], unplaced: [...unplaced] };
}

/** Colours of the insertion rounds (Okabe–Ito, told apart with colour-blindness too); trigger points are ink. */
export const ROUND_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'] as const;
export const TRIGGER_POINT_COLOUR = '#3b3b3b';

export function markColour(mark: Pick<ChartMark, 'round' | 'kind'>): string {
  if (mark.kind === 'muscle' || mark.round === null) return mark.kind === 'muscle' ? TRIGGER_POINT_COLOUR : ROUND_COLOURS[0];
  return ROUND_COLOURS[mark.round % ROUND_COLOURS.length] ?? ROUND_COLOURS[0];
}

/** A point's radius in cun: 0.6 for one use, growing with the square root of the count up to 1.5. */
export function markRadius(count: number, most: number): number {
  if (most <= 1) return 0.6;
  return 0.6 + 0.9 * Math.sqrt((count - 1) / (most - 1));
}

/** The nearest placed acupoint to a spot on the chart (a click), within `reach` cun; for adding a point by clicking. */
export function acupointAt(x: number, y: number, positions: Iterable<[string, BodyPosition]>, reach = 0.9): { code: string; side: ChartSide } | null {
  let best: { code: string; side: ChartSide; d: number } | null = null;
  for (const [code, position] of positions) {
    const midline = acupointByCode(code)?.midline ?? false;
    for (const side of midline ? (['M'] as const) : (['R', 'L'] as const)) {
      const at = place(position, side);
      const d = Math.hypot(at.x - x, at.y - y);
      if (d <= reach && (!best || d < best.d)) best = { code, side, d };
    }
  }
  return best ? { code: best.code, side: best.side } : null;
}
