import { describe, expect, it } from 'vitest';
import { ACUPOINTS, MERIDIANS, acupointByCode } from '../../shared/catalogs/acupoints';
import { ACUPOINT_POSITIONS, acupointPosition } from '../../shared/catalogs/acupoint-positions';
import type { BodyPosition, FigureView } from '../../shared/catalogs/body-landmarks';
import { MUSCLES } from '../../shared/catalogs/muscles';
import { MUSCLE_AREAS, muscleArea } from '../../shared/catalogs/muscle-positions';
import { PANELS, panelOutlines, place, type PanelName, type Xy } from '../../shared/body-chart';

const CHANNEL_POINTS = ACUPOINTS.filter((p) => p.channel !== 'EX');
const at = (code: string): BodyPosition => {
  const p = acupointPosition(code);
  if (!p) throw new Error(`${code} has no position`);
  return p;
};
const range = (channel: string, first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => `${channel}${first + i}`);

describe('every channel point has a place', () => {
  it('covers the 361 points of the 14 channels and the catalog’s extra points, and nothing else', () => {
    expect(CHANNEL_POINTS).toHaveLength(361);
    for (const p of CHANNEL_POINTS) expect(ACUPOINT_POSITIONS.has(p.code), p.code).toBe(true);
    expect([...ACUPOINT_POSITIONS.keys()].sort()).toEqual(ACUPOINTS.map((p) => p.code).sort());
  });

  it.each(MERIDIANS.map((m) => [m.code, m.count] as const))('%s: all %i points placed', (channel, count) => {
    for (const code of range(channel, 1, count)) expect(acupointPosition(code), code).toBeDefined();
  });
});

/**
 * Each channel's course, written top to bottom as the figure stands: each point strictly lower on the
 * figure than the one before (the same height scale runs through every view). A point at the same
 * level as its neighbour by the standard (ST40 beside ST38, TE7 beside TE6) is tested in its own row.
 */
const TOP_TO_BOTTOM: readonly (readonly [channel: string, course: readonly string[]])[] = [
  ['LU', ['LU2', 'LU1', ...range('LU', 3, 11)]],
  ['LI', range('LI', 1, 20).reverse()],
  ['ST face', range('ST', 1, 4)],
  ['ST jaw to temple (upwards)', ['ST8', 'ST7', 'ST6', 'ST5']],
  ['ST neck to foot', range('ST', 9, 45).filter((c) => c !== 'ST40')],
  ['ST35 above ST36 above ST37 above ST40 above ST41', ['ST35', 'ST36', 'ST37', 'ST40', 'ST41']],
  ['SP', range('SP', 1, 20).reverse()],
  ['HT', range('HT', 1, 9)],
  ['SI arm', range('SI', 1, 10).reverse()],
  ['SI shoulder to face', range('SI', 14, 19).reverse()],
  ['BL head to sacrum', range('BL', 10, 30)],
  ['BL sacral foramina', range('BL', 31, 35)],
  ['BL thigh', range('BL', 36, 39)],
  ['BL outer back line', range('BL', 41, 54)],
  ['BL leg', ['BL40', ...range('BL', 55, 60)]],
  ['BL forehead', ['BL5', 'BL4', 'BL2', 'BL1']],
  ['KI', [...range('KI', 11, 27).reverse(), 'KI10', 'KI9', 'KI7', 'KI3']],
  ['PC', range('PC', 2, 9)],
  ['TE', [...range('TE', 15, 20).reverse(), 'TE14', 'TE13', 'TE12', 'TE11', 'TE10', 'TE9', 'TE8', 'TE6', 'TE5', 'TE4', 'TE3', 'TE2', 'TE1']],
  ['GB forehead', range('GB', 14, 18).reverse()],
  ['GB neck to ankle', [...range('GB', 20, 34).filter((c) => c !== 'GB23'), ...range('GB', 36, 40)]],
  ['LR', range('LR', 1, 14).reverse()],
  ['GV back, up to the vertex', range('GV', 1, 20).reverse()],
  ['GV forehead down to the lip', range('GV', 21, 28)],
  ['CV', range('CV', 1, 24).reverse()],
];

/** On the side view's foot, the course runs forward to the toes. */
const FORWARD_ON_FOOT: readonly (readonly [channel: string, course: readonly string[]])[] = [
  ['BL', range('BL', 60, 67)],
  ['GB', range('GB', 40, 44)],
];

describe('each channel follows its course', () => {
  it.each(TOP_TO_BOTTOM)('%s runs down the figure in order', (_channel, course) => {
    for (let i = 1; i < course.length; i++) {
      const [upper, lower] = [course[i - 1] ?? '', course[i] ?? ''];
      expect(at(upper).y, `${upper} above ${lower}`).toBeLessThan(at(lower).y);
    }
  });

  it.each(FORWARD_ON_FOOT)('%s runs forward along the outer foot', (_channel, course) => {
    for (let i = 1; i < course.length; i++) {
      const [behind, ahead] = [course[i - 1] ?? '', course[i] ?? ''];
      expect(at(behind).view).toBe('side');
      expect(at(behind).x, `${behind} behind ${ahead}`).toBeLessThan(at(ahead).x);
    }
  });

  it.each([
    ['ST40 is lateral to ST38 at its level', 'ST40', 'ST38'],
    ['TE7 is on the ulnar side of TE6 at its level', 'TE6', 'TE7'],
    ['GB36 is in front of GB35 at its level', 'GB36', 'GB35'],
    ['the outer Bladder line is lateral to the inner (BL41 and BL12)', 'BL41', 'BL12'],
    ['LU9 is on the radial side of HT7 at the wrist crease', 'LU9', 'HT7'],
  ])('%s', (_rule, further, nearer) => {
    expect(at(further).y).toBeCloseTo(at(nearer).y, 5);
    expect(at(further).x).toBeGreaterThan(at(nearer).x);
  });
});

describe('sides: bilateral points twice, mirrored; midline points once, on the midline', () => {
  it.each(ACUPOINTS.filter((p) => p.midline).map((p) => [p.code]))('%s is on the midline of the front or back view', (code) => {
    const p = at(code);
    expect(p.x).toBe(0);
    expect(['front', 'back']).toContain(p.view);
  });

  it.each(ACUPOINTS.filter((p) => !p.midline).map((p) => [p.code]))('%s left is the mirror of %s right', (code) => {
    const p = at(code);
    if (p.view !== 'side') expect(p.x).toBeGreaterThan(0);
    const right = place(p, 'R');
    const left = place(p, 'L');
    expect(left.y).toBe(right.y);
    const origin = (panel: PanelName) => PANELS.find((q) => q.name === panel)?.originX ?? NaN;
    expect(left.x - origin(left.panel)).toBeCloseTo(-(right.x - origin(right.panel)), 9);
    expect(left.panel).toBe(p.view === 'side' ? 'left' : p.view);
    expect(right.panel).toBe(p.view === 'side' ? 'right' : p.view);
  });
});

/** Views by rule: where a channel runs decides where it is seen. */
const VIEWS: readonly (readonly [rule: string, codes: readonly string[], view: FigureView])[] = [
  ['the Bladder channel on the back and the back of the leg', range('BL', 8, 59), 'back'],
  ['the Bladder channel at the outer foot', range('BL', 60, 67), 'side'],
  ['the Governor Vessel up the back to the vertex', range('GV', 1, 20), 'back'],
  ['the Conception Vessel', range('CV', 1, 24), 'front'],
  ['the Lung channel', range('LU', 1, 11), 'front'],
  ['the Heart channel', range('HT', 1, 9), 'front'],
  ['the Pericardium channel', range('PC', 1, 9), 'front'],
  ['the Large Intestine channel up the back of the arm', range('LI', 1, 16), 'back'],
  ['the Small Intestine channel up the back of the arm and scapula', range('SI', 1, 15), 'back'],
  ['the Triple Energizer up the back of the arm', range('TE', 1, 15), 'back'],
  ['the Stomach channel down the front', range('ST', 9, 45), 'front'],
  ['the Spleen channel up the medial leg and the front', range('SP', 1, 20), 'front'],
  ['the Kidney channel on the abdomen and chest', range('KI', 11, 27), 'front'],
  ['the Gallbladder channel down the side of the leg', range('GB', 31, 44), 'side'],
  ['the side of the head (Triple Energizer round the ear)', range('TE', 16, 23), 'side'],
  ['the back’s extra points', range('EX-B', 1, 9), 'back'],
  ['the knee’s extra points, seen from the front', range('EX-LE', 1, 5), 'front'],
];

describe('each point is on the view where its channel runs', () => {
  it.each(VIEWS)('%s', (_rule, codes, view) => {
    for (const code of codes) expect(at(code).view, code).toBe(view);
  });
});

/** Ray casting: is a spot inside a closed outline? */
function inside([x, y]: Xy, outline: readonly Xy[]): boolean {
  let hit = false;
  for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
    const [xi, yi] = outline[i] ?? [0, 0];
    const [xj, yj] = outline[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Within `reach` cun of the outline counts: a point on the skin's edge (LU11 at the thumb's tip) is on the figure. */
function onFigure(spot: Xy, outline: readonly Xy[], reach = 0.35): boolean {
  const around: Xy[] = [
    [0, 0],
    [reach, 0],
    [-reach, 0],
    [0, reach],
    [0, -reach],
  ];
  return around.some(([dx, dy]) => inside([spot[0] + dx, spot[1] + dy], outline));
}

describe('every place is on the figure', () => {
  const outlines = new Map(panelOutlines().map((o) => [o.panel, o.lines[0] ?? []]));
  it.each(ACUPOINTS.map((p) => [p.code]))('%s lies on its panel’s outline', (code) => {
    for (const side of acupointByCode(code)?.midline ? (['M'] as const) : (['R', 'L'] as const)) {
      const spot = place(at(code), side);
      expect(onFigure([spot.x, spot.y], outlines.get(spot.panel) ?? []), `${code} ${side}`).toBe(true);
    }
  });

  it.each(MUSCLES.map((m) => [m.id]))('%s: its needling area’s centre lies on the figure', (id) => {
    const area = muscleArea(id);
    if (!area) throw new Error(`${id} has no area`);
    const spot = place(area, 'R');
    expect(onFigure([spot.x, spot.y], outlines.get(spot.panel) ?? [])).toBe(true);
  });
});

describe('every catalog muscle has a needling area', () => {
  it('covers the catalog and nothing else', () => {
    expect([...MUSCLE_AREAS.keys()].sort()).toEqual(MUSCLES.map((m) => m.id).sort());
  });

  const REGION_HEIGHTS = { trunk: [24, 34], hip: [28, 40], thigh: [35, 53.5], leg: [53.5, 69.5], foot: [69, 74.5] } as const;
  it.each(MUSCLES.map((m) => [m.id, m.region] as const))('%s sits in its region (%s)', (id, region) => {
    const area = muscleArea(id);
    const [top, bottom] = REGION_HEIGHTS[region];
    expect(area?.y).toBeGreaterThanOrEqual(top);
    expect(area?.y).toBeLessThanOrEqual(bottom);
    expect(area?.rx).toBeGreaterThan(0);
    expect(area?.ry).toBeGreaterThan(0);
  });

  it.each([
    ['gluteus-maximus', 'back'],
    ['piriformis', 'back'],
    ['quadratus-lumborum', 'back'],
    ['biceps-femoris', 'back'],
    ['semitendinosus', 'back'],
    ['semimembranosus', 'back'],
    ['gastrocnemius-medial', 'back'],
    ['gastrocnemius-lateral', 'back'],
    ['soleus', 'back'],
    ['rectus-femoris', 'front'],
    ['vastus-medialis', 'front'],
    ['tibialis-anterior', 'front'],
    ['psoas', 'front'],
    ['tensor-fasciae-latae', 'side'],
    ['vastus-lateralis', 'side'],
    ['fibularis-longus', 'side'],
    ['fibularis-brevis', 'side'],
  ] as const)('%s is needled from the %s view', (id, view) => {
    expect(muscleArea(id)?.view).toBe(view);
  });

  it.each([
    ['the lateral gastrocnemius head', 'gastrocnemius-lateral', 'the medial head', 'gastrocnemius-medial'],
    ['biceps femoris (lateral hamstring)', 'biceps-femoris', 'semitendinosus', 'semitendinosus'],
    ['biceps femoris', 'biceps-femoris', 'semimembranosus', 'semimembranosus'],
    ['rectus femoris', 'rectus-femoris', 'vastus medialis', 'vastus-medialis'],
    ['gluteus medius', 'gluteus-medius', 'multifidus', 'multifidus'],
  ])('%s lies lateral to %s', (_a, outer, _b, inner) => {
    expect(muscleArea(outer)?.x).toBeGreaterThan(muscleArea(inner)?.x ?? Infinity);
  });

  it.each([
    ['soleus', 'gastrocnemius-medial'],
    ['gastrocnemius-lateral', 'biceps-femoris'],
    ['fibularis-brevis', 'fibularis-longus'],
    ['vastus-medialis', 'rectus-femoris'],
  ])('%s lies below %s', (lower, upper) => {
    expect(muscleArea(lower)?.y).toBeGreaterThan(muscleArea(upper)?.y ?? Infinity);
  });
});
