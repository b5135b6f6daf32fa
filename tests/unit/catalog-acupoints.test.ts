import { describe, expect, it } from 'vitest';
import { ACUPOINTS, MERIDIANS, acupointByCode, normalizePointCode, searchAcupoints, type ChannelCode } from '../../shared/catalogs/acupoints';

const WHO_COUNTS: [ChannelCode, number][] = [
  ['LU', 11],
  ['LI', 20],
  ['ST', 45],
  ['SP', 21],
  ['HT', 9],
  ['SI', 19],
  ['BL', 67],
  ['KI', 27],
  ['PC', 9],
  ['TE', 23],
  ['GB', 44],
  ['LR', 14],
  ['GV', 28],
  ['CV', 24],
];
const channelPoints = ACUPOINTS.filter((p) => p.channel !== 'EX');
const codes = (points: { code: string }[]) => points.map((p) => p.code);

describe('acupoint catalog', () => {
  it('holds the 361 WHO channel points on 14 channels, in the WHO channel order', () => {
    expect(channelPoints).toHaveLength(361);
    expect(MERIDIANS.map((m) => [m.code, m.count])).toEqual(WHO_COUNTS);
    expect(MERIDIANS.reduce((n, m) => n + m.count, 0)).toBe(361);
  });

  it.each(WHO_COUNTS)('%s is numbered 1..%i without gaps', (channel, count) => {
    const points = ACUPOINTS.filter((p) => p.channel === channel);
    expect(codes(points)).toEqual(Array.from({ length: count }, (_, i) => `${channel}${i + 1}`));
    expect(acupointByCode(`${channel}${count + 1}`)).toBeUndefined();
    // A doubled name hides a dropped one while the count still adds up.
    expect(new Set(points.map((p) => p.pinyin)).size).toBe(count);
  });

  it('has unique codes, one-word capitalised pinyin, and midline only on GV, CV and midline extras', () => {
    expect(new Set(codes([...ACUPOINTS])).size).toBe(ACUPOINTS.length);
    for (const p of ACUPOINTS) {
      expect(p.pinyin, p.code).toMatch(/^[A-Z][a-z]+$/);
      if (p.channel === 'GV' || p.channel === 'CV') expect(p.midline, p.code).toBe(true);
      else if (p.channel !== 'EX') expect(p.midline, p.code).toBe(false);
    }
    expect(acupointByCode('GV29')).toBeUndefined(); // Yintang is an extra point here, not GV29
    expect(acupointByCode('EX-HN3')).toEqual({ code: 'EX-HN3', pinyin: 'Yintang', channel: 'EX', midline: true });
  });

  it.each([
    ['LU1', 'Zhongfu'],
    ['LU11', 'Shaoshang'],
    ['LI4', 'Hegu'],
    ['LI11', 'Quchi'],
    ['ST36', 'Zusanli'],
    ['ST40', 'Fenglong'],
    ['SP6', 'Sanyinjiao'],
    ['SP9', 'Yinlingquan'],
    ['SP10', 'Xuehai'],
    ['HT7', 'Shenmen'],
    ['SI3', 'Houxi'],
    ['BL23', 'Shenshu'],
    ['BL40', 'Weizhong'],
    ['BL57', 'Chengshan'],
    ['BL60', 'Kunlun'],
    ['BL62', 'Shenmai'],
    ['BL67', 'Zhiyin'],
    ['KI1', 'Yongquan'],
    ['KI3', 'Taixi'],
    ['KI27', 'Shufu'],
    ['PC6', 'Neiguan'],
    ['TE5', 'Waiguan'],
    ['TE23', 'Sizhukong'],
    ['GB20', 'Fengchi'],
    ['GB30', 'Huantiao'],
    ['GB31', 'Fengshi'],
    ['GB34', 'Yanglingquan'],
    ['GB39', 'Xuanzhong'],
    ['GB44', 'Zuqiaoyin'],
    ['LR3', 'Taichong'],
    ['LR14', 'Qimen'],
    ['GV4', 'Mingmen'],
    ['GV14', 'Dazhui'],
    ['GV20', 'Baihui'],
    ['GV28', 'Yinjiao'],
    ['CV4', 'Guanyuan'],
    ['CV6', 'Qihai'],
    ['CV12', 'Zhongwan'],
    ['CV24', 'Chengjiang'],
  ])('%s is %s', (code, pinyin) => {
    expect(acupointByCode(code)?.pinyin).toBe(pinyin);
  });

  it.each([
    ['EX-HN3', 'Yintang'],
    ['EX-LE2', 'Heding'],
    ['EX-LE3', 'Baichongwo'],
    ['EX-LE4', 'Neixiyan'],
    ['EX-LE5', 'Xiyan'],
    ['EX-LE6', 'Dannangxue'],
    ['EX-LE7', 'Lanweixue'],
    ['EX-LE10', 'Bafeng'],
    ['EX-B2', 'Huatuojiaji'],
    ['EX-UE7', 'Yaotongxue'],
    ['EX-UE11', 'Shixuan'],
  ])('extra point %s is %s', (code, pinyin) => {
    expect(acupointByCode(code)).toMatchObject({ pinyin, channel: 'EX' });
  });
});

describe('normalizePointCode', () => {
  it.each([
    ['ST36', 'ST36'],
    ['st 36', 'ST36'],
    ['ST-36', 'ST36'],
    ['st.36', 'ST36'],
    [' St36 ', 'ST36'],
    ['ST036', 'ST36'],
    ['SJ5', 'TE5'],
    ['TW5', 'TE5'],
    ['TB5', 'TE5'],
    ['te 5', 'TE5'],
    ['LV3', 'LR3'],
    ['LIV3', 'LR3'],
    ['lr-3', 'LR3'],
    ['DU20', 'GV20'],
    ['du 20', 'GV20'],
    ['REN6', 'CV6'],
    ['ren 6', 'CV6'],
    ['UB40', 'BL40'],
    ['K3', 'KI3'],
    ['KID3', 'KI3'],
    ['H7', 'HT7'],
    ['HE7', 'HT7'],
    ['P6', 'PC6'],
    ['SP6', 'SP6'],
    ['LI4', 'LI4'],
    ['GB34', 'GB34'],
    ['SI3', 'SI3'],
    ['LU7', 'LU7'],
    ['EX-LE5', 'EX-LE5'],
    ['ex le 5', 'EX-LE5'],
    ['EXLE5', 'EX-LE5'],
    ['ex-hn3', 'EX-HN3'],
    ['EX B 2', 'EX-B2'],
  ])('%j → %s', (text, code) => {
    expect(normalizePointCode(text)).toBe(code);
  });

  it.each(['ST46', 'ST0', 'LU12', 'GV29', 'CV25', 'BL68', 'EX-LE13', 'EX-HN16', 'XX3', 'B2', 'ST', '36', '', '   ', 'ST36B', 'Zusanli', 'EX-ZZ1'])(
    '%j → null',
    (text) => {
      expect(normalizePointCode(text)).toBeNull();
    },
  );
});

describe('searchAcupoints', () => {
  it('puts the exact code first, then codes that start with the text in numeric order', () => {
    expect(codes(searchAcupoints('ST3', 20))).toEqual(['ST3', 'ST30', 'ST31', 'ST32', 'ST33', 'ST34', 'ST35', 'ST36', 'ST37', 'ST38', 'ST39']);
    expect(codes(searchAcupoints('st 3'))).toEqual(codes(searchAcupoints('ST3')));
    expect(codes(searchAcupoints('SJ1', 20))).toEqual(['TE1', 'TE10', 'TE11', 'TE12', 'TE13', 'TE14', 'TE15', 'TE16', 'TE17', 'TE18', 'TE19']);
    expect(codes(searchAcupoints('ex le 1'))).toEqual(['EX-LE1', 'EX-LE10', 'EX-LE11', 'EX-LE12']);
  });

  it.each([
    ['ST36', 'ST36'],
    ['st 36', 'ST36'],
    ['ST-36', 'ST36'],
    ['Zusanli', 'ST36'],
    ['zu san li', 'ST36'],
    ['zusan', 'ST36'],
    ['ZU-SAN-LI', 'ST36'],
    ['SJ5', 'TE5'],
    ['LV3', 'LR3'],
    ['DU20', 'GV20'],
    ['REN6', 'CV6'],
    ['taichong', 'LR3'],
    ['yang ling quan', 'GB34'],
    ['xiyan', 'EX-LE5'],
    ['jiaji', 'EX-B2'],
    ['Zanzhu', 'BL2'],
    ['shanzhong', 'CV17'],
  ])('%j finds %s first', (query, code) => {
    expect(searchAcupoints(query)[0]?.code).toBe(code);
  });

  it('ranks pinyin that starts with the text before pinyin that contains it', () => {
    const found = codes(searchAcupoints('sanli', 10));
    expect(found).toEqual(['LI10', 'ST36']); // Shousanli and Zusanli contain it; nothing starts with it
    const yang = codes(searchAcupoints('yangling', 10));
    expect(yang).toEqual(['GB34']);
    const quan = searchAcupoints('quan', 50);
    const firstContains = quan.findIndex((p) => !p.pinyin.toLowerCase().startsWith('quan'));
    expect(firstContains).toBeGreaterThan(0);
    expect(quan.slice(firstContains).every((p) => !p.pinyin.toLowerCase().startsWith('quan'))).toBe(true);
  });

  it('returns nothing for an empty query and respects the limit', () => {
    expect(searchAcupoints('')).toEqual([]);
    expect(searchAcupoints('  - ')).toEqual([]);
    expect(searchAcupoints('BL')).toHaveLength(10);
    expect(searchAcupoints('BL', 67)).toHaveLength(67);
    expect(searchAcupoints('qwerty')).toEqual([]);
  });
});
