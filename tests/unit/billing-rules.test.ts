import { describe, expect, it } from 'vitest';
import { additionalUnits, dayConflicts, suggestLines } from '../../shared/rules/billing';

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
  ])('%s → %j', (_what, over, expected) => expect(codes(over)).toEqual(expected));

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
    ['E/M without modifier 25', [line('97813'), line('99213')], [1], /with modifier 25/],
  ])('%s', (_what, lines, bad, message) => {
    const problems = dayConflicts(lines);
    expect([...problems.keys()]).toEqual(bad);
    for (const m of problems.values()) expect(m).toMatch(message);
  });

  it.each([
    ['97813 + 97814 + 20561', [line('97813'), line('97814'), line('20561')]],
    ['97810 + 97814 (add-on may follow either initial code)', [line('97810'), line('97814')]],
    ['97813 + E/M with 25', [line('97813'), line('99213', ['25'])]],
  ])('allows %s', (_what, lines) => expect(dayConflicts(lines).size).toBe(0));
});
