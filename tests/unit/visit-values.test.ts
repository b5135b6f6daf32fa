import { describe, expect, it } from 'vitest';
import { fromVisit, toInput, withPreviousVisit } from '../../renderer/src/chart/visit-values';
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
