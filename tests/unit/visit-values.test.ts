import { describe, expect, it } from 'vitest';
import { addPointFromFigure, fromVisit, newPoint, toInput, withPreviousVisit } from '../../renderer/src/chart/visit-values';
import type { PreviousTreatment, Visit } from '../../shared/visit';

const previous: PreviousTreatment = {
  visitId: 1,
  startedAt: '2026-03-02T10:00',
  faceMinutes: 30,
  reinserted: true,
  treatment: {
    rounds: [{ label: 'Supine', minutes: 30 }],
    acupoints: [{ code: 'ST36', side: 'B', gaugeMm: null, lengthMm: null, depth: null, technique: null, retentionMinutes: null, round: 0 }],
    triggerPoints: [],
    leadPairs: [],
    adjuncts: [],
  },
};

/** A new draft as the chart opens it: nothing typed yet. */
const draft = (over: Partial<Visit> = {}) =>
  fromVisit({
    id: 2,
    caseId: 1,
    patientId: 1,
    providerId: 1,
    startedAt: '2026-03-09T10:00',
    faceMinutes: null,
    reinserted: false,
    rounds: [],
    acupoints: [],
    triggerPoints: [],
    leadPairs: [],
    adjuncts: [],
    adverseEvents: [],
    ...over,
  } as unknown as Visit);

describe('"start from last visit" (renderer/src/chart/visit-values.ts)', () => {
  it.each([
    ['an empty draft takes the minutes and re-insertion', draft(), 30, true],
    ['minutes already typed are kept', draft({ faceMinutes: 20 }), 20, true],
  ])('%s', (_case, values, minutes, reinserted) => {
    const input = toInput(2, withPreviousVisit(values, previous));
    expect(input.faceMinutes).toBe(String(minutes));
    expect(input.reinserted).toBe(reinserted);
    expect(input.acupoints?.map((p) => p.code)).toEqual(['ST36']);
  });
});

describe('a point clicked on the body chart', () => {
  const rows = (v: ReturnType<typeof draft>) => v.acupoints.map((p) => `${p.code} ${p.side} ${p.round}`);
  const withRows = (...points: [string, 'L' | 'R' | 'B' | 'M'][]) => ({ ...draft(), acupoints: points.map(([code, side]) => newPoint(code, side, 0)) });

  it.each([
    ['adds a new point to the current round', withRows(), 'ST36', 'R', ['ST36 R 1']],
    ['adds a midline point with side M', withRows(['ST36', 'B']), 'GV20', 'M', ['ST36 B 0', 'GV20 M 1']],
    ['leaves a side already needled alone', withRows(['ST36', 'R']), 'ST36', 'R', ['ST36 R 0']],
    ['leaves a point needled on both sides alone', withRows(['ST36', 'B']), 'ST36', 'L', ['ST36 B 0']],
    ['makes the other side already charted both sides', withRows(['GB34', 'L'], ['ST36', 'R']), 'ST36', 'L', ['GB34 L 0', 'ST36 B 0']],
  ] as const)('%s', (_rule, values, code, side, expected) => {
    expect(rows(addPointFromFigure(values, code, side, 1))).toEqual(expected);
  });
});
