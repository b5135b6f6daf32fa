import { describe, expect, it } from 'vitest';
import { muscleById } from '../../shared/catalogs/muscles';
import { acupunctureLeadPairs, additionalUnits, countMusclesNeedled, dayConflicts, dayWarnings, suggestLines } from '../../shared/rules/billing';

const charted = (over: Partial<Parameters<typeof suggestLines>[0]>) => ({
  faceMinutes: 30,
  acupoints: 4,
  leadPairs: 0,
  musclesNeedled: 0,
  reinserted: true,
  ...over,
});
const codes = (over: Partial<Parameters<typeof suggestLines>[0]>) => suggestLines(charted(over)).lines.map((l) => `${l.code}×${l.units}`);

describe('suggested lines from the chart', () => {
  it.each([
    ['needles, 15 min', { faceMinutes: 15 }, ['97810×1']],
    ['needles, 30 min with re-insertion', {}, ['97810×1', '97811×1']],
    ['e-stim, 30 min with re-insertion', { leadPairs: 1 }, ['97813×1', '97814×1']],
    ['e-stim, 30 min without re-insertion', { leadPairs: 1, reinserted: false }, ['97813×1']],
    ['e-stim, 45 min', { leadPairs: 2, faceMinutes: 45 }, ['97813×1', '97814×2']],
    ['needles, 22 min: 7 extra minutes are not a unit', { faceMinutes: 22 }, ['97810×1']],
    ['needles, 23 min: 8 extra minutes are a unit', { faceMinutes: 23 }, ['97810×1', '97811×1']],
    ['no minutes charted', { faceMinutes: null }, []],
    ['dry needling of 2 muscles only', { acupoints: 0, musclesNeedled: 2 }, ['20560×1']],
    ['dry needling of 3 muscles with e-stim', { leadPairs: 1, musclesNeedled: 3 }, ['97813×1', '97814×1', '20561×1']],
    ['nothing needled', { acupoints: 0 }, []],
    // A second visit the same day: the initial 15 minutes were billed on the first.
    ['second visit, needles, 15 min', { faceMinutes: 15, initialBilledToday: '97810' }, ['97811×1']],
    ['second visit, needles, 30 min', { initialBilledToday: '97810' }, ['97811×2']],
    ['second visit, e-stim, 30 min', { leadPairs: 1, initialBilledToday: '97813' }, ['97814×2']],
    ['second visit, dry needling too', { musclesNeedled: 3, initialBilledToday: '97813' }, ['97811×2', '20561×1']],
  ])('%s → %j', (_what, over, expected) => expect(codes(over)).toEqual(expected));

  it('says why a second visit that day is billed with add-on units, and warns where payers differ', () => {
    const s = suggestLines(charted({ leadPairs: 1, faceMinutes: 15, initialBilledToday: '97810' }));
    expect(s.lines).toEqual([
      {
        code: '97814',
        units: 1,
        modifiers: [],
        rule: "97810 was billed on an earlier visit today and the initial 15 minutes are once a day (CPT): this visit's first 15 minutes, with needles inserted again, are 97814.",
      },
    ]);
    expect(s.notes).toEqual(['CPT pairs 97814 with the 97810 billed earlier today: the day has one initial code, so this visit is not billed 97813.']);
    // What is suggested keeps the day rules: no second initial code, every add-on with its initial.
    expect([...dayConflicts([{ code: '97810', modifiers: [] }, ...s.lines])]).toEqual([]);
  });

  // Every chart of a later visit the same day: what is suggested, saved beside the day's initial code, is never refused.
  const laterVisits = (['97810', '97813'] as const).flatMap((initialBilledToday) =>
    [0, 1].flatMap((leadPairs) =>
      [8, 15, 30, 45].flatMap((faceMinutes) => [0, 2, 3].map((musclesNeedled) => ({ initialBilledToday, leadPairs, faceMinutes, musclesNeedled }))),
    ),
  );
  it.each(laterVisits)('a later visit the same day %j is offered only lines the day rules take', (over) => {
    const s = suggestLines(charted(over));
    expect([...dayConflicts([{ code: over.initialBilledToday, modifiers: [] }, ...s.lines])]).toEqual([]);
    // No note offers an initial code the day already has one of.
    for (const note of s.notes) expect(note).not.toMatch(/(billed|bill it) as 9781[03]\b/);
  });

  it('cites the rule behind each suggestion, and says why time was not billed', () => {
    const s = suggestLines(charted({ leadPairs: 1, reinserted: false }));
    expect(s.lines[0]!.rule).toBe('E-stim on 1 lead pair: initial 15 minutes with electrical stimulation (97813).');
    expect(s.notes).toEqual(['30 minutes would support 1 × 97814, but no re-insertion is recorded: additional units need needles re-inserted.']);
  });

  it.each([
    [15, 0],
    [22, 0],
    [23, 1],
    [30, 1],
    [37, 1],
    [38, 2],
    [60, 3],
  ])('%i face-to-face minutes give %i additional units', (minutes, units) => expect(additionalUnits(minutes)).toBe(units));
});

describe('refused combinations on one day', () => {
  const line = (code: string, modifiers: string[] = []) => ({ code, modifiers });
  it.each([
    ['97810 with 97813', [line('97810'), line('97813')], [0, 1], /one initial acupuncture code a day/],
    ['20560 with 20561', [line('20560'), line('20561')], [0, 1], /choose by the number of muscles/],
    ['97811 without an initial code', [line('97811')], [0], /add-on code: it needs an initial code/],
    ['97814 without an initial code', [line('97814'), line('20560')], [0], /add-on code/],
    ['97810 twice', [line('97810'), line('97810')], [1], /already billed that day/],
    ['E/M with a procedure that day but without modifier 25', [line('97813'), line('99213')], [1], /billed with a procedure that day: it needs modifier 25/],
    ['97810 × 2 units', [{ code: '97810', modifiers: [], units: 2 }], [0], /97810 is one unit a day .* as 97811/],
    ['97813 × 3 units', [{ code: '97813', modifiers: [], units: 3 }, line('20560')], [0], /97813 is one unit a day .* as 97814/],
  ])('%s', (_what, lines, bad, message) => {
    const problems = dayConflicts(lines);
    expect([...problems.keys()]).toEqual(bad);
    for (const m of problems.values()) expect(m).toMatch(message);
  });

  it.each([
    ['97813 + 97814 + 20561', [line('97813'), line('97814'), line('20561')]],
    ['97810 + 97814 (add-on may follow either initial code)', [line('97810'), line('97814')]],
    ['97813 + E/M with 25', [line('97813'), line('99213', ['25'])]],
    ['an E/M code alone, without 25', [line('99203')]],
    ['97813 + 97811 (e-stim only in the first unit)', [line('97813'), line('97811')]],
    [
      '97810 × 1 unit + 97811 × 2 units',
      [
        { code: '97810', modifiers: [], units: 1 },
        { code: '97811', modifiers: [], units: 2 },
      ],
    ],
  ])('allows %s', (_what, lines) => expect(dayConflicts(lines).size).toBe(0));
});

describe('payer judgment calls on one day: warned, never refused', () => {
  const line = (code: string, modifiers: string[] = []) => ({ code, modifiers });
  it.each([
    ['20561 with 97813', [line('97813'), line('20561')], [1]],
    ['20560 with 97810 + 97811', [line('97810'), line('97811'), line('20560')], [2]],
    ['20561 with XS already', [line('97813'), line('20561', ['XS'])], []],
    ['20560 with 59 already', [line('97810'), line('20560', ['59'])], []],
    ['20561 alone', [line('20561')], []],
    ['97813 alone', [line('97813')], []],
  ])('%s → warnings on lines %j', (_what, lines, warned) => {
    const warnings = dayWarnings(lines);
    expect([...warnings.keys()]).toEqual(warned);
    for (const w of warnings.values()) {
      expect(w.addModifier).toBe('XS');
      expect(w.message).toMatch(/many payers want modifier 59 or XS .* payers differ/);
    }
    expect(dayConflicts(lines).size).toBe(0);
  });
});

describe('muscles dry-needled, as 20560/20561 count them', () => {
  const tp = (muscleId: string, side: 'L' | 'R' | 'B') => ({ muscleId, side });
  const count = (...tps: ReturnType<typeof tp>[]) => countMusclesNeedled(tps, (id) => muscleById(id)?.headOf);
  it.each([
    ['one muscle, one side', [tp('tensor-fasciae-latae', 'R')], 1],
    ['the same muscle twice on one side', [tp('tensor-fasciae-latae', 'R'), tp('tensor-fasciae-latae', 'R')], 1],
    ['left and right of one muscle are two', [tp('gluteus-medius', 'L'), tp('gluteus-medius', 'R')], 2],
    ['one muscle charted bilaterally is two', [tp('gluteus-medius', 'B')], 2],
    ['gastrocnemius medial and lateral heads are one muscle', [tp('gastrocnemius-medial', 'L'), tp('gastrocnemius-lateral', 'L')], 1],
    ['both heads on both sides are two', [tp('gastrocnemius-medial', 'B'), tp('gastrocnemius-lateral', 'B')], 2],
    ['soleus and gastrocnemius are two muscles', [tp('soleus', 'R'), tp('gastrocnemius-medial', 'R')], 2],
    ['3 muscles for 20561', [tp('gluteus-medius', 'B'), tp('gastrocnemius-lateral', 'R')], 3],
  ])('%s → %i', (_what, tps, n) => expect(count(...tps)).toBe(n));

  it('says so in the rule', () => {
    const rule = suggestLines(charted({ acupoints: 0, musclesNeedled: 2 })).lines[0]!.rule;
    expect(rule).toContain('left and right count as two muscles, heads of one muscle as one');
  });
});

describe('e-stim that makes 97813', () => {
  const pair = (from: 'acupoint' | 'muscle', to: 'acupoint' | 'muscle') => ({ from: { kind: from }, to: { kind: to } });
  it.each([
    ['acupoint to acupoint', [pair('acupoint', 'acupoint')], { acupuncture: 1, muscleOnly: 0 }],
    ['acupoint to muscle', [pair('acupoint', 'muscle')], { acupuncture: 1, muscleOnly: 0 }],
    ['muscle to muscle only', [pair('muscle', 'muscle')], { acupuncture: 0, muscleOnly: 1 }],
  ])('%s', (_what, pairs, counts) => expect(acupunctureLeadPairs(pairs)).toEqual(counts));

  it('lead pairs between muscles only leave the visit 97810, and say why', () => {
    const s = suggestLines(charted({ leadPairs: 0, muscleOnlyLeadPairs: 1, musclesNeedled: 2 }));
    expect(s.lines.map((l) => l.code)).toEqual(['97810', '97811', '20560']);
    expect(s.notes[0]).toMatch(/between muscles only .* 97810, not 97813/);
  });
});

describe('acupuncture units from insertion rounds', () => {
  const round = (minutes: number | null, estim = false, label = 'Round') => ({ label, minutes, estim });
  /** `minutes` split evenly over `n` rounds, e-stim in the rounds listed. */
  const visit = (minutes: number, n: number, estimIn: number[] = [], extra: Partial<Parameters<typeof suggestLines>[0]> = {}) =>
    suggestLines(
      charted({
        faceMinutes: null,
        reinserted: false,
        rounds: Array.from({ length: n }, (_, i) =>
          round(Math.floor(minutes / n) + (i < minutes % n ? 1 : 0), estimIn.includes(i), ['Supine', 'Prone', 'Seated'][i]),
        ),
        ...extra,
      }),
    );
  const codesOf = (s: ReturnType<typeof suggestLines>) => s.lines.map((l) => `${l.code}×${l.units}`);

  it.each([
    [7, 1, []],
    [8, 1, ['97810×1']],
    [22, 1, ['97810×1']],
    [23, 1, ['97810×1']],
    [23, 2, ['97810×1', '97811×1']],
    [37, 2, ['97810×1', '97811×1']],
    [38, 2, ['97810×1', '97811×1']],
    [38, 3, ['97810×1', '97811×2']],
    [52, 3, ['97810×1', '97811×2']],
    [53, 3, ['97810×1', '97811×2']],
    [53, 4, ['97810×1', '97811×3']],
    [22, 3, ['97810×1']],
  ])('%i minutes in %i rounds → %j', (minutes, n, expected) => expect(codesOf(visit(minutes, n))).toEqual(expected));

  it.each([
    ['e-stim in the first round only', [0], ['97813×1', '97811×1']],
    ['e-stim in the second round only', [1], ['97810×1', '97814×1']],
    ['e-stim in both rounds', [0, 1], ['97813×1', '97814×1']],
    ['no e-stim', [], ['97810×1', '97811×1']],
  ])('%s, 30 minutes in 2 rounds → %j', (_what, estimIn, expected) => expect(codesOf(visit(30, 2, estimIn))).toEqual(expected));

  it('says when the minutes would support more units than the rounds charted', () => {
    const s = visit(40, 1, [0]);
    expect(codesOf(s)).toEqual(['97813×1']);
    expect(s.notes).toEqual([
      '40 minutes would support 2 additional units, but no re-insertion is charted: each additional unit needs its own round of needles.',
    ]);
    expect(visit(55, 2).notes).toEqual([
      '55 minutes would support 3 additional units, but only 1 re-insertion is charted: each additional unit needs its own round of needles.',
    ]);
  });

  it('takes minutes of separately billed services out of the acupuncture minutes', () => {
    // 40 face-to-face minutes, 15 of cupping: 25 acupuncture minutes in 3 rounds → 2 units.
    const s = suggestLines(charted({ faceMinutes: 40, otherMinutes: 15, reinserted: false, rounds: [round(null), round(null), round(null)] }));
    expect(codesOf(s)).toEqual(['97810×1', '97811×1']);
    expect(s.notes).toContain('15 minutes of separately billed services (adjuncts, evaluation) are not acupuncture minutes.');
    // An E/M evaluation's minutes come out the same way: 45 minutes, 20 of them evaluation, 25 acupuncture.
    expect(codesOf(suggestLines(charted({ faceMinutes: 45, otherMinutes: 20, rounds: [round(null), round(null)] })))).toEqual(['97810×1', '97811×1']);
    expect(codesOf(suggestLines(charted({ faceMinutes: 45, otherMinutes: 30, rounds: [round(null), round(null)] })))).toEqual(['97810×1']);
    // Rounds charted with more minutes than the visit had left over are capped by the visit.
    expect(codesOf(suggestLines(charted({ faceMinutes: 40, otherMinutes: 10, rounds: [round(15), round(15)] })))).toEqual(['97810×1', '97811×1']);
    expect(codesOf(suggestLines(charted({ faceMinutes: 25, otherMinutes: 10, rounds: [round(15), round(15)] })))).toEqual(['97810×1']);
  });

  it('cites the rounds in the rule', () => {
    const s = visit(30, 2, [1]);
    expect(s.lines[0]!.rule).toBe('Supine round without e-stim: initial 15 minutes (97810).');
    expect(s.lines[1]!.rule).toBe(
      '30 minutes of acupuncture in 2 rounds: 1 additional unit with re-insertion (Prone) with e-stim (97814; a unit counts from 8 minutes).',
    );
  });
});
