import { describe, expect, it } from 'vitest';
import { acupointAt, caseChart, markRadius, visitChart, type ChartedTreatment } from '../../shared/body-chart';
import { ACUPOINT_POSITIONS } from '../../shared/catalogs/acupoint-positions';

/** The visit: ST36 L/R, GB34 R, SP6 L, a gastrocnemius trigger point L, a lead pair ST36 L–SP6 L. */
const VISIT: ChartedTreatment = {
  acupoints: [
    { code: 'ST36', side: 'B', round: 0 },
    { code: 'GB34', side: 'R', round: 0 },
    { code: 'SP6', side: 'L', round: 1 },
  ],
  triggerPoints: [{ muscleId: 'gastrocnemius-medial', side: 'L' }],
  leadPairs: [{ from: { kind: 'acupoint', ref: 'ST36', side: 'L' }, to: { kind: 'acupoint', ref: 'SP6', side: 'L' }, round: 1 }],
};

describe('a visit drawn', () => {
  it('has one mark per needled point and side, and one line per lead pair', () => {
    const chart = visitChart(VISIT);
    expect(chart.marks.map((m) => `${m.key} ${m.panel} ${m.round ?? '-'}`).sort()).toEqual([
      'acupoint:GB34:R right 0',
      'acupoint:SP6:L front 1',
      'acupoint:ST36:L front 0',
      'acupoint:ST36:R front 0',
      'muscle:gastrocnemius-medial:L back -',
    ]);
    expect(chart.lines).toHaveLength(1);
    const st36 = chart.marks.find((m) => m.key === 'acupoint:ST36:L');
    const sp6 = chart.marks.find((m) => m.key === 'acupoint:SP6:L');
    expect(chart.lines[0]).toMatchObject({ from: { x: st36?.x, y: st36?.y }, to: { x: sp6?.x, y: sp6?.y }, round: 1 });
    expect(chart.unplaced).toEqual([]);
  });

  it.each([
    ['B makes two marks', { code: 'LI4', side: 'B' }, ['acupoint:LI4:L', 'acupoint:LI4:R']],
    ['a midline point makes one', { code: 'GV20', side: 'M' }, ['acupoint:GV20:M']],
    ['one side makes one', { code: 'LR3', side: 'L' }, ['acupoint:LR3:L']],
  ])('%s', (_rule, point, keys) => {
    expect(visitChart({ acupoints: [point], triggerPoints: [], leadPairs: [] }).marks.map((m) => m.key)).toEqual(keys);
  });

  it('draws an extra point like any other', () => {
    const chart = visitChart({ acupoints: [{ code: 'EX-HN3', side: 'M' }], triggerPoints: [], leadPairs: [] });
    expect(chart.marks.map((m) => [m.label, m.panel])).toEqual([['EX-HN3 Yintang, midline', 'front']]);
  });

  it('lists what it cannot place (a record from a newer catalog) instead of dropping it', () => {
    const chart = visitChart({ acupoints: [{ code: 'EX-LE99', side: 'L' }], triggerPoints: [{ muscleId: 'rhomboid', side: 'R' }], leadPairs: [] });
    expect(chart.marks).toEqual([]);
    expect(chart.unplaced).toEqual(['EX-LE99, left', 'rhomboid trigger point, right']);
  });

  it('draws no line for a lead end that is not needled', () => {
    const chart = visitChart({ ...VISIT, acupoints: VISIT.acupoints.filter((p) => p.code !== 'SP6') });
    expect(chart.lines).toEqual([]);
  });
});

describe('a case drawn', () => {
  it('counts each mark once per visit that needled it, largest first', () => {
    const second: ChartedTreatment = {
      acupoints: [{ code: 'ST36', side: 'R' }],
      triggerPoints: [{ muscleId: 'gastrocnemius-medial', side: 'B' }],
      leadPairs: [],
    };
    const chart = caseChart([VISIT, second, second]);
    const counts = Object.fromEntries(chart.marks.map((m) => [m.key, m.count]));
    expect(counts).toEqual({
      'acupoint:ST36:R': 3,
      'muscle:gastrocnemius-medial:L': 3,
      'muscle:gastrocnemius-medial:R': 2,
      'acupoint:ST36:L': 1,
      'acupoint:GB34:R': 1,
      'acupoint:SP6:L': 1,
    });
    expect(chart.marks[0]?.count).toBe(3);
    expect(chart.lines).toEqual([]);
  });

  it.each([
    [1, 1, 0.6],
    [1, 5, 0.6],
    [5, 5, 1.5],
  ])('a mark used %i of at most %i visits has radius %f', (count, most, r) => {
    expect(markRadius(count, most)).toBeCloseTo(r, 6);
  });
});

describe('a click on the figure', () => {
  it.each([
    ['ST36', 'R'],
    ['ST36', 'L'],
    ['GV20', 'M'],
    ['GB34', 'R'],
    ['BL40', 'L'],
  ] as const)('on %s %s picks it', (code, side) => {
    const mark = visitChart({ acupoints: [{ code, side }], triggerPoints: [], leadPairs: [] }).marks[0];
    expect(mark && acupointAt(mark.x + 0.1, mark.y - 0.1, ACUPOINT_POSITIONS)).toEqual({ code, side });
  });

  it('far from every point picks nothing', () => {
    expect(acupointAt(30, 70, ACUPOINT_POSITIONS)).toBeNull();
  });
});
