import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXPECTED_SESSIONS, phaseAtStart, sessionsLabel } from '../../shared/rules/framework';
import { nextRace } from '../../shared/rules/race-timing';
import { addDays } from '../../shared/validation/dates';
import { TRAINING_PHASES } from '../../shared/patient';
import { DEFAULT_MCIDS } from '../../shared/rules/mcid';
import {
  caseProgress,
  datedProgress,
  datedTitle,
  describeChange,
  meaningfulChange,
  mcidThreshold,
  nextReassessment,
  reassessmentPoints,
  type CaseFacts,
} from '../../shared/rules/progress';

const START = '2026-03-02';
const weeksBefore = (weeks: number, days = 0) => new Date(Date.parse(`${START}T00:00:00Z`) - (weeks * 7 + days) * 86_400_000).toISOString().slice(0, 10);

describe('phase at the start of care', () => {
  it.each([
    ['onset the same day', weeksBefore(0), false, false, 'acute'],
    ['3 weeks 6 days', weeksBefore(3, 6), false, false, 'acute'],
    ['exactly 4 weeks', weeksBefore(4), false, false, 'subacute'],
    ['11 weeks 6 days', weeksBefore(11, 6), false, false, 'subacute'],
    ['exactly 12 weeks', weeksBefore(12), false, false, 'chronic'],
    ['a year', weeksBefore(52), false, false, 'chronic'],
    ['recurring, onset last week', weeksBefore(1), true, false, 'chronic'],
    ['maintenance chosen by hand', weeksBefore(30), true, true, 'maintenance'],
  ] as const)('%s → %s', (_what, onsetDate, recurring, maintenance, phase) => {
    expect(phaseAtStart({ onsetDate, startDate: START, recurring, maintenance })).toBe(phase);
  });

  it.each([
    ['acute', 2, 6, 'sessions 3 of 2–6'],
    ['subacute', 4, 10, 'sessions 3 of 4–10'],
    ['chronic', 8, 16, 'sessions 3 of 8–16'],
    ['maintenance', 0, null, 'session 3 (open-ended)'],
  ] as const)('%s expects %i to %s sessions', (phase, min, max, label) => {
    expect(EXPECTED_SESSIONS[phase]).toEqual({ min, max });
    expect(sessionsLabel(3, phase)).toBe(label);
  });
});

/** A case with `n` signed weekly visits and the given pain / assessments. */
function facts(over: Partial<CaseFacts> & { n?: number; pain?: (number | null)[] } = {}): CaseFacts {
  const { n = 0, pain = [], ...rest } = over;
  const sessions = Array.from({ length: n }, (_, i) => ({
    at: `${new Date(Date.parse(`${START}T10:00:00Z`) + i * 7 * 86_400_000).toISOString().slice(0, 10)}T10:00`,
    painBefore: pain[i] ?? null,
    painAfter: null,
  }));
  return {
    onsetDate: weeksBefore(1),
    startDate: START,
    recurring: false,
    maintenance: false,
    status: 'active',
    sessions,
    assessments: [],
    trainingPhase: null,
    races: [],
    today: '2026-06-01',
    mcids: DEFAULT_MCIDS,
    ...rest,
  };
}
const kinds = (f: CaseFacts) => caseProgress(f).flags.map((x) => x.kind);
const sessionDay = (i: number) => new Date(Date.parse(`${START}T00:00:00Z`) + (i - 1) * 7 * 86_400_000).toISOString().slice(0, 10);

describe('reassessment points', () => {
  it.each([
    ['acute', 0, [3, 6]],
    ['subacute', 0, [5]],
    ['chronic', 0, [8, 16]],
    ['maintenance', 0, [6]],
    ['maintenance', 13, [6, 12, 18]],
  ] as const)('%s after %i sessions: %j', (phase, done, points) => expect(reassessmentPoints(phase, done)).toEqual(points));

  it.each([
    ['acute, 2 sessions', 'acute', 2, [], { session: 3, status: 'upcoming' }],
    ['acute, at session 3', 'acute', 3, [], { session: 3, status: 'due' }],
    ['acute, session 4 without one', 'acute', 4, [], { session: 3, status: 'overdue' }],
    ['acute, re-assessed on the day of session 3', 'acute', 4, [{ on: sessionDay(3), kind: 'reassessment' }], { session: 6, status: 'upcoming' }],
    ['acute, re-assessed before session 3 does not count', 'acute', 4, [{ on: sessionDay(2), kind: 'reassessment' }], { session: 3, status: 'overdue' }],
    ['acute, initial assessment does not clear it', 'acute', 3, [{ on: sessionDay(3), kind: 'initial' }], { session: 3, status: 'due' }],
    [
      'acute, both points cleared',
      'acute',
      7,
      [
        { on: sessionDay(3), kind: 'reassessment' },
        { on: sessionDay(6), kind: 'reassessment' },
      ],
      null,
    ],
    ['subacute at the midpoint', 'subacute', 5, [], { session: 5, status: 'due' }],
    ['chronic at 8', 'chronic', 8, [], { session: 8, status: 'due' }],
    ['chronic, 8 cleared, 16 next', 'chronic', 12, [{ on: sessionDay(9), kind: 'reassessment' }], { session: 16, status: 'upcoming' }],
    ['maintenance every 6', 'maintenance', 7, [{ on: sessionDay(6), kind: 'discharge' }], { session: 12, status: 'upcoming' }],
  ] as const)('%s', (_what, phase, n, assessments, expected) => {
    const f = facts({ n, assessments: assessments.map((a) => ({ ...a, painCurrent: null, outcomes: [] })) });
    expect(nextReassessment(phase, f)).toEqual(expected);
  });
});

describe('meaningful change', () => {
  const assessment = (
    on: string,
    painCurrent: number | null,
    outcomes: CaseFacts['assessments'][number]['outcomes'] = [],
    kind: 'initial' | 'reassessment' = 'initial',
  ) => ({ on, kind, painCurrent, outcomes });
  it.each([
    ['pain 6 → 4: two points', [6, 5, 4], [], true],
    ['pain 6 → 5: one point, 17%', [6, 5, 5], [], false],
    ['pain 3 → 2: 33% but one point, within the measurement error', [3, 2], [], false],
    ['pain 2 → 1: 50% but one point', [2, 1], [], false],
    ['pain 3 → 1: two points', [3, 1], [], true],
    ['pain 0 → 0', [0, 0], [], false],
    ['pain 5 → 7: worse', [5, 7], [], false],
    ['no pain recorded at all', [], [], false],
    ['a single pain reading', [6], [], false],
    [
      'LEFS 52 → 61: MCID 9',
      [],
      [assessment(START, null, [{ measure: 'lefs', score: 52 }]), assessment('2026-04-01', null, [{ measure: 'lefs', score: 61 }], 'reassessment')],
      true,
    ],
    [
      'LEFS 52 → 60: below MCID',
      [],
      [assessment(START, null, [{ measure: 'lefs', score: 52 }]), assessment('2026-04-01', null, [{ measure: 'lefs', score: 60 }], 'reassessment')],
      false,
    ],
    [
      'VISA-A +10 (default MCID)',
      [],
      [assessment(START, null, [{ measure: 'visa_a', score: 40 }]), assessment('2026-04-01', null, [{ measure: 'visa_a', score: 50 }], 'reassessment')],
      true,
    ],
    ['GROC +3 on its own', [], [assessment('2026-04-01', null, [{ measure: 'groc', score: 3 }], 'reassessment')], true],
    ['GROC +2', [], [assessment('2026-04-01', null, [{ measure: 'groc', score: 2 }], 'reassessment')], false],
    ['assessment pain 6, later visit pain 4', [null, 4], [assessment(START, 6)], true],
    ['GROC +3 while pain rose 4 → 7', [4, 5, 7], [assessment('2026-04-01', null, [{ measure: 'groc', score: 3 }], 'reassessment')], false],
    [
      'GROC +4 while LEFS fell 60 → 50',
      [],
      [
        assessment(START, null, [{ measure: 'lefs', score: 60 }]),
        assessment(
          '2026-04-01',
          null,
          [
            { measure: 'lefs', score: 50 },
            { measure: 'groc', score: 4 },
          ],
          'reassessment',
        ),
      ],
      false,
    ],
  ] as const)('%s → %s', (_what, pain, assessments, meaningful) => {
    const f = facts({ n: pain.length, pain: [...pain], assessments: [...assessments] });
    expect(meaningfulChange(f).meaningful).toBe(meaningful);
  });

  it('uses the clinic’s own MCID, but never below the measurement error', () => {
    expect(meaningfulChange(facts({ n: 3, pain: [6, 4, 4], mcids: { ...DEFAULT_MCIDS, nprs: 3 } })).pain).toMatchObject({ improvement: 2, mcid: 3, met: true });
    expect(meaningfulChange(facts({ n: 3, pain: [8, 6, 6], mcids: { ...DEFAULT_MCIDS, nprs: 3 } })).pain).toMatchObject({
      improvement: 2,
      mcid: 3,
      met: false,
    });
    expect(meaningfulChange(facts({ n: 3, pain: [6, 5, 5], mcids: { ...DEFAULT_MCIDS, nprs: 1 } })).pain).toMatchObject({
      improvement: 1,
      mcid: 1,
      met: false,
    });
  });

  it.each([
    ['pain 5 → 8 over six sessions', [5, 5, 6, 7, 7, 8], [], ['Pain 5 → 8']],
    ['pain 5 → 7: up by the MCID', [5, 7], [], ['Pain 5 → 7']],
    ['pain 5 → 6: one point up is noise', [5, 6], [], []],
    ['pain 6 → 3 → 6: back where it started, not worse', [6, 3, 6], [], []],
    [
      'LEFS 60 → 50: down by more than its MCID',
      [],
      [assessment(START, null, [{ measure: 'lefs', score: 60 }]), assessment('2026-04-01', null, [{ measure: 'lefs', score: 50 }], 'reassessment')],
      ['LEFS 60 → 50'],
    ],
    [
      'LEFS 60 → 52: down, but less than its MCID',
      [],
      [assessment(START, null, [{ measure: 'lefs', score: 60 }]), assessment('2026-04-01', null, [{ measure: 'lefs', score: 52 }], 'reassessment')],
      [],
    ],
    ['GROC −3: the patient rates it worse', [], [assessment('2026-04-01', null, [{ measure: 'groc', score: -3 }], 'reassessment')], ['GROC -3']],
    ['GROC −2', [], [assessment('2026-04-01', null, [{ measure: 'groc', score: -2 }], 'reassessment')], []],
  ] as const)('worsening: %s → %j', (_what, pain, assessments, worse) => {
    const f = facts({ n: pain.length, pain: [...pain], assessments: [...assessments] });
    expect(meaningfulChange(f).worsening.map(describeChange)).toEqual(worse);
  });

  it.each([
    ['an activity up 3: meaningful', [2], [5], [true, false]],
    ['an activity up 2: not yet', [2], [4], [false, false]],
    ['an activity down 3: worse', [6], [3], [false, true]],
    ['an activity down 2: not worse', [6], [4], [false, false]],
  ] as const)('PSFS activity by its own MCID of 3: %s', (_what, first, latest, [met, worsened]) => {
    const psfs = (score: number) => [{ activity: 'Running downhill', score }];
    const f = facts({
      assessments: [
        { on: START, kind: 'initial', painCurrent: null, outcomes: [{ measure: 'psfs', score: first[0] }], psfs: psfs(first[0]) },
        { on: '2026-04-01', kind: 'reassessment', painCurrent: null, outcomes: [{ measure: 'psfs', score: latest[0] }], psfs: psfs(latest[0]) },
      ],
    });
    const activity = meaningfulChange(f).measures.find((m) => m.activity === 'Running downhill')!;
    expect([activity.met, activity.worsened]).toEqual([met, worsened]);
    expect(activity.mcid).toBe(3);
  });

  it.each([
    ['GROC +3', { measure: 'groc', first: 3, latest: 3 }, 'GROC +3'],
    ['GROC 0', { measure: 'groc', first: 0, latest: 0 }, 'GROC 0'],
    ['LEFS', { measure: 'lefs', first: 52, latest: 61 }, 'LEFS 52 → 61'],
    ['pain', { measure: 'nprs', first: 5, latest: 8 }, 'Pain 5 → 8'],
  ] as const)('describes %s as the practitioner reads it', (_what, c, text) => {
    const change = {
      measure: c.measure,
      first: { date: START, score: c.first },
      latest: { date: START, score: c.latest },
      improvement: 0,
      mcid: 2,
      met: false,
      worsened: false,
    };
    expect(describeChange(change)).toBe(text);
  });

  it.each([
    ['nprs', 6, 4], // 30% of 6 (1.8) is within the measurement error: 2 points
    ['nprs', 3, 1],
    ['nprs', 1, 0],
    ['lefs', 52, 61],
    ['lefs', 75, 80],
    ['groc', 0, 3],
  ] as const)('MCID threshold for %s from %i is %d', (measure, first, threshold) => expect(mcidThreshold(measure, first, DEFAULT_MCIDS)).toBe(threshold));
});

describe('flags', () => {
  it.each([
    ['acute at session 3', { n: 3, pain: [6, 4, 3] }, ['reassessment_due']],
    [
      'acute past 6',
      {
        n: 7,
        pain: [6, 5, 4, 3, 3, 2, 2],
        assessments: [
          { on: sessionDay(3), kind: 'reassessment' as const, painCurrent: 4, outcomes: [] },
          { on: sessionDay(6), kind: 'reassessment' as const, painCurrent: 2, outcomes: [] },
        ],
      },
      ['past_range'],
    ],
    ['subacute, 4 sessions, no change', { onsetDate: weeksBefore(6), n: 4, pain: [6, 6, 5, 6] }, ['not_improving']],
    ['subacute, 3 sessions, no change yet', { onsetDate: weeksBefore(6), n: 3, pain: [6, 6, 6] }, []],
    ['subacute, 4 sessions, improving', { onsetDate: weeksBefore(6), n: 4, pain: [6, 5, 4, 3] }, []],
    ['subacute, no pain recorded', { onsetDate: weeksBefore(6), n: 4 }, ['not_improving']],
    ['subacute at 5, not improving', { onsetDate: weeksBefore(6), n: 5, pain: [6, 6, 6, 6, 6] }, ['reassessment_due', 'not_improving']],
    [
      'chronic at 16',
      { onsetDate: weeksBefore(20), n: 16, assessments: [{ on: sessionDay(8), kind: 'reassessment' as const, painCurrent: null, outcomes: [] }] },
      ['reassessment_due', 'not_improving', 'past_range'],
    ],
    ['chronic at 8, no change', { onsetDate: weeksBefore(20), n: 8, pain: [6, 6, 6, 5, 6, 6, 6, 6] }, ['reassessment_due', 'not_improving']],
    ['chronic at 7, no change yet', { onsetDate: weeksBefore(20), n: 7, pain: [6, 6, 6, 5, 6, 6, 6] }, []],
    ['chronic at 8, improving', { onsetDate: weeksBefore(20), n: 8, pain: [6, 6, 5, 5, 4, 4, 4, 4] }, ['reassessment_due']],
    ['acute, pain 5 → 8: worsening comes first', { n: 3, pain: [5, 7, 8] }, ['worsening', 'reassessment_due']],
    ['subacute at 4, worse: worsening, not "not improving"', { onsetDate: weeksBefore(6), n: 4, pain: [5, 6, 7, 8] }, ['worsening']],
    ['acute, pain 5 → 6: no flag', { n: 2, pain: [5, 6] }, []],
    ['recurring acute is chronic: nothing at 6', { recurring: true, n: 6 }, []],
    ['discharged: no flags', { status: 'discharged' as const, n: 9, races: [{ name: 'Boston', date: '2026-06-02', distance: 'Marathon' }] }, []],
  ])('%s → %j', (_what, over, expected) => expect(kinds(facts(over))).toEqual(expected));

  it.each([
    ['base: due at 2 weeks', 'base', '2026-06-15', ['maintenance_due'], 'Maintenance visit due'],
    ['base: not yet at 13 days', 'base', '2026-06-14', [], null],
    ['peak: due at 1 week', 'peak', '2026-06-08', ['maintenance_due'], 'Maintenance visit due'],
    ['peak: overdue past 2 weeks', 'peak', '2026-06-16', ['maintenance_due'], 'Maintenance visit overdue (last 15 days ago)'],
    ['taper: 2–6 weeks', 'taper', '2026-06-14', [], null],
    ['no training phase: 2–6 weeks', null, '2026-06-15', ['maintenance_due'], 'Maintenance visit due'],
  ] as const)('maintenance, %s', (_what, trainingPhase, today, expected, title) => {
    // The last visit was on Monday 2026-06-01.
    const f = facts({
      maintenance: true,
      n: 14,
      trainingPhase,
      today,
      assessments: [{ on: '2026-05-25', kind: 'reassessment', painCurrent: null, outcomes: [] }],
    });
    f.sessions[13] = { at: '2026-06-01T10:00', painBefore: null, painAfter: null };
    const p = caseProgress(f);
    expect(p.flags.map((x) => x.kind)).toEqual(expected);
    if (title) expect(p.flags[0]!.title).toBe(title);
  });

  it.each([
    ['race in 2 days', '2026-06-03', 'Marathon', ['race_needling_caution']],
    ['race tomorrow', '2026-06-02', '10K', ['race_needling_caution']],
    ['race in 4 days', '2026-06-05', 'Marathon', []],
    ['race in 7 days', '2026-06-08', 'Marathon', ['pre_race_window']],
    ['race in 10 days', '2026-06-11', 'Marathon', ['pre_race_window']],
    ['race in 11 days', '2026-06-12', 'Marathon', []],
    ['marathon 3 days ago', '2026-05-29', 'Marathon', ['post_race_window']],
    ['marathon 5 days ago', '2026-05-27', 'Marathon', ['post_race_window']],
    ['marathon 6 days ago', '2026-05-26', 'Marathon', []],
    ['5K 4 days ago: not a major race', '2026-05-28', '5K', []],
  ] as const)('%s → %j', (_what, date, distance, expected) => {
    expect(kinds(facts({ races: [{ name: 'Race', date, distance }] }))).toEqual(expected);
  });

  it('explains each flag with its rule', () => {
    const f = caseProgress(facts({ onsetDate: weeksBefore(6), n: 4, pain: [6, 6, 5, 6] }));
    expect(f.flags[0]).toEqual({
      kind: 'not_improving',
      title: 'No meaningful change after 4 sessions: reconsider the approach',
      rule: 'Subacute cases should show meaningful change by session 4: pain down 2 points or 30% from the first value (more than 1 point), or an outcome measure improved by its MCID.',
    });
    const worse = caseProgress(facts({ n: 6, pain: [5, 5, 6, 7, 7, 8] }));
    expect(worse.flags[0]).toEqual({
      kind: 'worsening',
      title: 'Worsening: re-assess and consider referral (Pain 5 → 8)',
      rule: 'Pain up by its MCID (2 points) from the first value, or an outcome measure worse by its MCID, in any phase: re-assess, and refer if it does not turn.',
    });
  });
});

describe("the days a case's flags can come or go (Review's kept rows, issue 38)", () => {
  // A maintenance case or not, with races on any side of today: kept on `today`, its flags read
  // (the days they count counted on the day read) as each later day computes them, up to the day
  // before `changesOn`, and the next race stays the same race.
  const days = fc.integer({ min: -20, max: 40 });
  const race = fc.record({ inDays: days, distance: fc.constantFrom('Marathon', '5K', 'Half marathon') });
  it('reads the same until changesOn', () => {
    const phases = fc.constantFrom<CaseFacts['trainingPhase']>(null, ...TRAINING_PHASES);
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 0, max: 10 }), fc.array(race, { maxLength: 4 }), phases, (maintenance, n, races, trainingPhase) => {
        const today = '2026-06-01';
        const f = facts({
          maintenance,
          recurring: maintenance,
          n,
          trainingPhase,
          races: races.map((r, i) => ({ name: `Race ${i}`, date: addDays(today, r.inDays), distance: r.distance })),
          today,
        });
        const kept = datedProgress(f);
        const until = kept.changesOn ?? addDays(today, 80);
        for (let day = today; day < until; day = addDays(day, 1)) {
          const then = { ...f, today: day };
          const read = kept.progress.flags.map((flag) => {
            const d = kept.dated.find((x) => x.flag === flag);
            return d ? { ...flag, title: datedTitle(d.days, day) } : flag;
          });
          expect(read).toEqual(caseProgress(then).flags);
          expect(nextRace(f.races, day)).toEqual(nextRace(f.races, today));
        }
        if (kept.changesOn !== null) expect(kept.changesOn > today).toBe(true);
      }),
    );
  });
});
