import { describe, expect, it } from 'vitest';
import { chartChoices, parseAcupointEntry, parseLeadPairEntry, parseMuscleEntry } from '../../shared/rules/chart-entry';

const points = (text: string, side: 'left' | 'right' | 'bilateral' | 'na' = 'right') =>
  parseAcupointEntry(text, side).map((e) => (e.ok ? `${e.point.code} ${e.side}` : `! ${e.problem}`));

describe('typing acupoints at the table', () => {
  it.each([
    ['ST36 B', ['ST36 B']],
    ['GB34 R', ['GB34 R']],
    ['st 36 l', ['ST36 L']],
    ['ST-36 left', ['ST36 L']],
    ['GB34', ['GB34 R']], // no side: the case's side
    ['Zusanli B', ['ST36 B']],
    ['Zanzhu', ['BL2 R']], // an older romanisation the list offers is taken on Enter too
    ['zan zhu L', ['BL2 L']],
    ['Heliao', ['! Heliao names LI19 and TE22: type the code']],
    ['Zanzh', ['! Zanzh is not an acupoint in the catalog']], // a name's start is a suggestion, not a point
    ['SJ5 R, LV3 B; DU20', ['TE5 R', 'LR3 B', 'GV20 M']],
    ['REN6', ['CV6 M']],
    ['GV20 L', ['GV20 M']], // midline points have no side
    ['ST46 R', ['! ST46 is not an acupoint in the catalog']],
    ['GB34 R, nonsense', ['GB34 R', '! nonsense is not an acupoint in the catalog']],
    ['', []],
  ])('%j → %j', (text, expected) => expect(points(text)).toEqual(expected));

  it.each([
    ['left', 'L'],
    ['right', 'R'],
    ['bilateral', 'B'],
    ['na', 'B'],
  ] as const)('a %s case defaults to side %s', (caseSide, side) => expect(points('ST36', caseSide)).toEqual([`ST36 ${side}`]));
});

describe('typing trigger points at the table', () => {
  it.each([
    ['gastroc med L', 'gastrocnemius-medial', 'L'],
    ['TFL R', 'tensor-fasciae-latae', 'R'],
    ['glute med', 'gluteus-medius', 'R'],
    ['vastus lateralis b', 'vastus-lateralis', 'B'],
    ['QL left', 'quadratus-lumborum', 'L'],
    ['gastroc L', 'gastrocnemius-medial', 'L'],
    ['med gastroc L', 'gastrocnemius-medial', 'L'],
    ['AH L', 'abductor-hallucis', 'L'],
    ['VMO R', 'vastus-medialis', 'R'],
    ['Iliacus L', 'iliacus', 'L'], // a picked suggestion's full name, though 'iliopsoas' names psoas first
    ['Gastrocnemius (lateral head) B', 'gastrocnemius-lateral', 'B'],
  ])('%j → %s %s', (text, id, side) => {
    const e = parseMuscleEntry(text, 'right');
    expect(e.ok && [e.muscle.id, e.side]).toEqual([id, side]);
  });

  it('names what it could not find', () => {
    expect(parseMuscleEntry('spleen R', 'right')).toEqual({ ok: false, text: 'spleen R', problem: 'spleen is not a muscle in the catalog' });
  });
});

const pair = (text: string, side: 'left' | 'right' | 'bilateral' = 'right') => {
  const e = parseLeadPairEntry(text, side);
  if (e === null) return null;
  if (!e.ok) return `! ${e.problem}`;
  const settings = [e.frequency && `${e.frequency} Hz`, e.waveform, e.intensityMa && `${e.intensityMa} mA`, e.minutes && `${e.minutes} min`]
    .filter(Boolean)
    .join(' ');
  return `${e.from.point.code} ${e.from.side} ↔ ${e.to.point.code} ${e.to.side}${settings ? ` · ${settings}` : ''}`;
};

describe('typing a lead pair in the acupoint box', () => {
  it.each([
    ['GB31 R - GB34 R', 'GB31 R ↔ GB34 R'],
    ['BL57 L to KI3 L', 'BL57 L ↔ KI3 L'],
    ['gb31 - gb34', 'GB31 R ↔ GB34 R'], // no side: the case's side
    ['ST36 L ↔ ST36 R', 'ST36 L ↔ ST36 R'],
    ['GB31 R - GB34 R 2.5 mA', 'GB31 R ↔ GB34 R · 2.5 mA'],
    ['GB31 R - GB34 R 2hz 3mA 25 min', 'GB31 R ↔ GB34 R · 2 Hz 3 mA 25 min'],
    // Frequency, waveform, intensity and minutes in any order, with the short forms on e-stim units.
    ['BL57 L - KI3 L 2 Hz', 'BL57 L ↔ KI3 L · 2 Hz'],
    ['BL57 L - KI3 L 2/100 Hz', 'BL57 L ↔ KI3 L · 2/100 Hz dense-disperse'], // two frequencies mean dense-disperse
    ['BL57 L - KI3 L 2/100 Hz dense-disperse 2 mA 20 min', 'BL57 L ↔ KI3 L · 2/100 Hz dense-disperse 2 mA 20 min'],
    ['BL57 L - KI3 L 20 min 2 mA dense-disperse 2/100 Hz', 'BL57 L ↔ KI3 L · 2/100 Hz dense-disperse 2 mA 20 min'],
    ['BL57 L - KI3 L dd 2/100Hz 2mA', 'BL57 L ↔ KI3 L · 2/100 Hz dense-disperse 2 mA'],
    ['BL57 L - KI3 L 2 / 100 hz DD', 'BL57 L ↔ KI3 L · 2/100 Hz dense-disperse'],
    ['BL57 L - KI3 L 2/100', 'BL57 L ↔ KI3 L · 2/100 Hz dense-disperse'], // two numbers over a slash are a frequency
    ['BL57 L - KI3 L dense disperse', 'BL57 L ↔ KI3 L · 2/100 Hz dense-disperse'], // alone: the usual 2/100
    ['BL57 L - KI3 L d/d 3 mA', 'BL57 L ↔ KI3 L · 2/100 Hz dense-disperse 3 mA'],
    ['BL57 L - KI3 L continuous 10 Hz', 'BL57 L ↔ KI3 L · 10 Hz continuous'],
    ['BL57 L - KI3 L cont', 'BL57 L ↔ KI3 L · 2 Hz continuous'],
    ['BL57 L - KI3 L int 4 Hz 15 mins', 'BL57 L ↔ KI3 L · 4 Hz intermittent 15 min'],
    ['BL57 L - KI3 L intermittent 30 minutes', 'BL57 L ↔ KI3 L · 2 Hz intermittent 30 min'],
    ['2 mA BL57 L - KI3 L', 'BL57 L ↔ KI3 L · 2 mA'], // settings first
    ['BL57 L 2/100 Hz - KI3 L', 'BL57 L ↔ KI3 L · 2/100 Hz dense-disperse'], // or between the ends
    // What would make an invalid row is refused with the reason, never charted at another setting.
    ['BL57 L - KI3 L 2 Hz dense-disperse', '! Dense-disperse needs two frequencies, e.g. 2/100'],
    ['BL57 L - KI3 L 2/100 Hz continuous', '! A continuous waveform has one frequency; choose dense-disperse for 2/100'],
    ['BL57 L - KI3 L 100/2 Hz', '! A dense-disperse pair goes low/high, e.g. 2/100'],
    ['BL57 L - KI3 L 500 Hz', '! Frequency must be between 1 and 200 Hz'],
    ['BL57 L - KI3 L 999 mA', '! Intensity must be between 0.1 and 20 mA'],
    ['BL57 L - KI3 L 90 min', '! E-stim minutes must be a whole number from 1 to 60'],
    ['BL57 L - KI3 L 2 Hz 4 Hz', '! Two frequencies given (2 and 4): type one'],
    [
      'BL57 L - KI3 L 2/',
      '! “2/” after KI3 is not a lead-pair setting: Hz as 2 or 2/100; waveform continuous (cont), dense-disperse (dd) or intermittent (int); mA; min — in any order',
    ],
    [
      'BL57 L - KI3 L squiggle',
      '! “squiggle” after KI3 is not a lead-pair setting: Hz as 2 or 2/100; waveform continuous (cont), dense-disperse (dd) or intermittent (int); mA; min — in any order',
    ],
    ['GV20 - DU24', 'GV20 M ↔ GV24 M'],
    ['GB31 R - ST46 R', '! ST46 is not an acupoint in the catalog'],
    ['GB31 B - GB34 R', '! GB31: a lead clips to one needle, so type L or R'],
    ['GB31 R - GB31 R', '! A lead pair joins two different needles'],
    ['GB31 R, GB34 R', null], // a list of points, not a pair
    ['EX-LE4', null],
  ])('%j → %j', (text, expected) => expect(pair(text)).toEqual(expected));

  it('asks for a side on a bilateral case', () => {
    expect(pair('GB31 - GB34', 'bilateral')).toBe('! GB31: a lead clips to one needle, so type L or R');
  });
});

describe('what the command palette offers to chart', () => {
  const labels = (text: string) => chartChoices(text).map((c) => `${c.kind}: ${c.label} ← ${c.entry}`);
  it.each([
    ['ST36', ['point: ST36 Zusanli L ← ST36 L', 'point: ST36 Zusanli R ← ST36 R']],
    ['st36 r', ['point: ST36 Zusanli R ← ST36 R']],
    ['GV20', ['point: GV20 Baihui ← GV20']],
    [
      'gastroc',
      [
        'muscle: Gastrocnemius (medial head) L ← Gastrocnemius (medial head) L',
        'muscle: Gastrocnemius (medial head) R ← Gastrocnemius (medial head) R',
        'muscle: Gastrocnemius (lateral head) L ← Gastrocnemius (lateral head) L',
        'muscle: Gastrocnemius (lateral head) R ← Gastrocnemius (lateral head) R',
      ],
    ],
    ['AH L', ['muscle: Abductor hallucis L ← Abductor hallucis L']],
    ['s', []],
    ['people', []],
  ])('%j', (text, expected) => expect(labels(text)).toEqual(expected));

  it('offers what the point box then charts', () => {
    for (const c of chartChoices('ST36')) expect(parseAcupointEntry(c.entry, 'left').map((e) => e.ok && `${e.point.code} ${e.side}`)).toEqual([c.entry]);
    for (const c of chartChoices('gastroc')) expect(parseMuscleEntry(c.entry, 'left').ok).toBe(true);
  });
});
