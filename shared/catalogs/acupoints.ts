/**
 * The WHO standard acupuncture points (361 on the 14 channels, GV1–GV28) and the WHO-coded extra
 * points. Names are the WHO pinyin without tone marks, written as one word so that search can ignore
 * how a practitioner splits the syllables.
 */

export type ChannelCode = 'LU' | 'LI' | 'ST' | 'SP' | 'HT' | 'SI' | 'BL' | 'KI' | 'PC' | 'TE' | 'GB' | 'LR' | 'GV' | 'CV';

export interface Acupoint {
  code: string;
  pinyin: string;
  channel: ChannelCode | 'EX';
  /** GV, CV and midline extras have no left/right: they are charted with side M. */
  midline: boolean;
}

// One string of names per channel, in point order: a compact form that is easy to proof-read
// against a point chart line by line. The count checks below catch a dropped or doubled name.
const CHANNEL_NAMES: readonly { code: ChannelCode; name: string; count: number; points: string }[] = [
  { code: 'LU', name: 'Lung', count: 11, points: 'Zhongfu Yunmen Tianfu Xiabai Chize Kongzui Lieque Jingqu Taiyuan Yuji Shaoshang' },
  {
    code: 'LI',
    name: 'Large Intestine',
    count: 20,
    points:
      'Shangyang Erjian Sanjian Hegu Yangxi Pianli Wenliu Xialian Shanglian Shousanli ' +
      'Quchi Zhouliao Shouwuli Binao Jianyu Jugu Tianding Futu Kouheliao Yingxiang',
  },
  {
    code: 'ST',
    name: 'Stomach',
    count: 45,
    points:
      'Chengqi Sibai Juliao Dicang Daying Jiache Xiaguan Touwei Renying Shuitu ' +
      'Qishe Quepen Qihu Kufang Wuyi Yingchuang Ruzhong Rugen Burong Chengman ' +
      'Liangmen Guanmen Taiyi Huaroumen Tianshu Wailing Daju Shuidao Guilai Qichong ' +
      'Biguan Futu Yinshi Liangqiu Dubi Zusanli Shangjuxu Tiaokou Xiajuxu Fenglong ' +
      'Jiexi Chongyang Xiangu Neiting Lidui',
  },
  {
    code: 'SP',
    name: 'Spleen',
    count: 21,
    points:
      'Yinbai Dadu Taibai Gongsun Shangqiu Sanyinjiao Lougu Diji Yinlingquan Xuehai ' +
      'Jimen Chongmen Fushe Fujie Daheng Fuai Shidou Tianxi Xiongxiang Zhourong Dabao',
  },
  { code: 'HT', name: 'Heart', count: 9, points: 'Jiquan Qingling Shaohai Lingdao Tongli Yinxi Shenmen Shaofu Shaochong' },
  {
    code: 'SI',
    name: 'Small Intestine',
    count: 19,
    points:
      'Shaoze Qiangu Houxi Wangu Yanggu Yanglao Zhizheng Xiaohai Jianzhen Naoshu ' +
      'Tianzong Bingfeng Quyuan Jianwaishu Jianzhongshu Tianchuang Tianrong Quanliao Tinggong',
  },
  {
    code: 'BL',
    name: 'Bladder',
    count: 67,
    points:
      'Jingming Cuanzhu Meichong Quchai Wuchu Chengguang Tongtian Luoque Yuzhen Tianzhu ' +
      'Dazhu Fengmen Feishu Jueyinshu Xinshu Dushu Geshu Ganshu Danshu Pishu ' +
      'Weishu Sanjiaoshu Shenshu Qihaishu Dachangshu Guanyuanshu Xiaochangshu Pangguangshu Zhonglushu Baihuanshu ' +
      'Shangliao Ciliao Zhongliao Xialiao Huiyang Chengfu Yinmen Fuxi Weiyang Weizhong ' +
      'Fufen Pohu Gaohuang Shentang Yixi Geguan Hunmen Yanggang Yishe Weicang ' +
      'Huangmen Zhishi Baohuang Zhibian Heyang Chengjin Chengshan Feiyang Fuyang Kunlun ' +
      'Pucan Shenmai Jinmen Jinggu Shugu Zutonggu Zhiyin',
  },
  {
    code: 'KI',
    name: 'Kidney',
    count: 27,
    points:
      'Yongquan Rangu Taixi Dazhong Shuiquan Zhaohai Fuliu Jiaoxin Zhubin Yingu ' +
      'Henggu Dahe Qixue Siman Zhongzhu Huangshu Shangqu Shiguan Yindu Futonggu ' +
      'Youmen Bulang Shenfeng Lingxu Shencang Yuzhong Shufu',
  },
  { code: 'PC', name: 'Pericardium', count: 9, points: 'Tianchi Tianquan Quze Ximen Jianshi Neiguan Daling Laogong Zhongchong' },
  {
    code: 'TE',
    name: 'Triple Energizer',
    count: 23,
    points:
      'Guanchong Yemen Zhongzhu Yangchi Waiguan Zhigou Huizong Sanyangluo Sidu Tianjing ' +
      'Qinglengyuan Xiaoluo Naohui Jianliao Tianliao Tianyou Yifeng Chimai Luxi Jiaosun ' +
      'Ermen Erheliao Sizhukong',
  },
  {
    code: 'GB',
    name: 'Gallbladder',
    count: 44,
    points:
      'Tongziliao Tinghui Shangguan Hanyan Xuanlu Xuanli Qubin Shuaigu Tianchong Fubai ' +
      'Touqiaoyin Wangu Benshen Yangbai Toulinqi Muchuang Zhengying Chengling Naokong Fengchi ' +
      'Jianjing Yuanye Zhejin Riyue Jingmen Daimai Wushu Weidao Juliao Huantiao ' +
      'Fengshi Zhongdu Xiyangguan Yanglingquan Yangjiao Waiqiu Guangming Yangfu Xuanzhong Qiuxu ' +
      'Zulinqi Diwuhui Xiaxi Zuqiaoyin',
  },
  {
    code: 'LR',
    name: 'Liver',
    count: 14,
    points: 'Dadun Xingjian Taichong Zhongfeng Ligou Zhongdu Xiguan Ququan Yinbao Zuwuli Yinlian Jimai Zhangmen Qimen',
  },
  {
    code: 'GV',
    name: 'Governor Vessel',
    count: 28,
    points:
      'Changqiang Yaoshu Yaoyangguan Mingmen Xuanshu Jizhong Zhongshu Jinsuo Zhiyang Lingtai ' +
      'Shendao Shenzhu Taodao Dazhui Yamen Fengfu Naohu Qiangjian Houding Baihui ' +
      'Qianding Xinhui Shangxing Shenting Suliao Shuigou Duiduan Yinjiao',
  },
  {
    code: 'CV',
    name: 'Conception Vessel',
    count: 24,
    points:
      'Huiyin Qugu Zhongji Guanyuan Shimen Qihai Yinjiao Shenque Shuifen Xiawan ' +
      'Jianli Zhongwan Shangwan Juque Jiuwei Zhongting Danzhong Yutang Zigong Huagai ' +
      'Xuanji Tiantu Lianquan Chengjiang',
  },
];

/**
 * The WHO (1991) extra points, coded by region: HN head and neck, CA chest and abdomen, B back,
 * UE upper and LE lower extremity. A few carry the name clinicians actually say (Huatuojiaji,
 * Yaotongxue, Dannangxue, Lanweixue) rather than the shortest WHO form.
 */
const EXTRA_POINTS: readonly (readonly [code: string, pinyin: string, midline?: 'midline'])[] = [
  ['EX-HN1', 'Sishencong'],
  ['EX-HN2', 'Dangyang'],
  ['EX-HN3', 'Yintang', 'midline'],
  ['EX-HN4', 'Yuyao'],
  ['EX-HN5', 'Taiyang'],
  ['EX-HN6', 'Erjian'],
  ['EX-HN7', 'Qiuhou'],
  ['EX-HN8', 'Shangyingxiang'],
  ['EX-HN9', 'Neiyingxiang'],
  ['EX-HN10', 'Juquan', 'midline'],
  ['EX-HN11', 'Haiquan', 'midline'],
  ['EX-HN12', 'Jinjin'],
  ['EX-HN13', 'Yuye'],
  ['EX-HN14', 'Yiming'],
  ['EX-HN15', 'Jingbailao'],
  ['EX-CA1', 'Zigong'],
  ['EX-B1', 'Dingchuan'],
  ['EX-B2', 'Huatuojiaji'],
  ['EX-B3', 'Weiwanxiashu'],
  ['EX-B4', 'Pigen'],
  ['EX-B5', 'Xiajishu'],
  ['EX-B6', 'Yaoyi'],
  ['EX-B7', 'Yaoyan'],
  ['EX-B8', 'Shiqizhui', 'midline'],
  ['EX-B9', 'Yaoqi', 'midline'],
  ['EX-UE1', 'Zhoujian'],
  ['EX-UE2', 'Erbai'],
  ['EX-UE3', 'Zhongquan'],
  ['EX-UE4', 'Zhongkui'],
  ['EX-UE5', 'Dagukong'],
  ['EX-UE6', 'Xiaogukong'],
  ['EX-UE7', 'Yaotongxue'],
  ['EX-UE8', 'Wailaogong'],
  ['EX-UE9', 'Baxie'],
  ['EX-UE10', 'Sifeng'],
  ['EX-UE11', 'Shixuan'],
  ['EX-LE1', 'Kuangu'],
  ['EX-LE2', 'Heding'],
  ['EX-LE3', 'Baichongwo'],
  ['EX-LE4', 'Neixiyan'],
  ['EX-LE5', 'Xiyan'],
  ['EX-LE6', 'Dannangxue'],
  ['EX-LE7', 'Lanweixue'],
  ['EX-LE8', 'Neihuaijian'],
  ['EX-LE9', 'Waihuaijian'],
  ['EX-LE10', 'Bafeng'],
  ['EX-LE11', 'Duyin'],
  ['EX-LE12', 'Qiduan'],
];

export const MERIDIANS: readonly { code: ChannelCode; name: string; count: number }[] = CHANNEL_NAMES.map(({ code, name, count }) => ({ code, name, count }));

export const ACUPOINTS: readonly Acupoint[] = [
  ...CHANNEL_NAMES.flatMap(({ code, count, points }) => {
    const names = points.split(' ');
    if (names.length !== count) throw new Error(`acupoint catalog: ${code} lists ${names.length} names, expected ${count}`);
    const midline = code === 'GV' || code === 'CV';
    return names.map((pinyin, i): Acupoint => ({ code: `${code}${i + 1}`, pinyin, channel: code, midline }));
  }),
  ...EXTRA_POINTS.map(([code, pinyin, midline]): Acupoint => ({ code, pinyin, channel: 'EX', midline: midline === 'midline' })),
];

const BY_CODE = new Map(ACUPOINTS.map((p) => [p.code, p]));

export function acupointByCode(code: string): Acupoint | undefined {
  return BY_CODE.get(code);
}

// Spellings found in older textbooks, British and German charts, and other software.
const CHANNEL_ALIASES: Readonly<Record<string, ChannelCode>> = {
  LU: 'LU',
  LI: 'LI',
  ST: 'ST',
  SP: 'SP',
  HT: 'HT',
  SI: 'SI',
  BL: 'BL',
  KI: 'KI',
  PC: 'PC',
  TE: 'TE',
  GB: 'GB',
  LR: 'LR',
  GV: 'GV',
  CV: 'CV',
  SJ: 'TE',
  TW: 'TE',
  TB: 'TE',
  LV: 'LR',
  LIV: 'LR',
  DU: 'GV',
  REN: 'CV',
  UB: 'BL',
  K: 'KI',
  KID: 'KI',
  H: 'HT',
  HE: 'HT',
  P: 'PC',
};

const EXTRA_REGIONS = new Set(['HN', 'CA', 'B', 'UE', 'LE']);

/** Upper-cased, with the separators people put between channel and number removed. */
const squeeze = (text: string) => text.toUpperCase().replace(/[\s.\-_]+/g, '');

/** Splits a squeezed code into its canonical prefix ('ST', 'EX-LE') and number, resolving aliases. */
function parseCode(squeezed: string): { prefix: string; number: string } | null {
  const extra = /^EX(HN|CA|B|UE|LE)(\d*)$/.exec(squeezed);
  if (extra?.[1] && EXTRA_REGIONS.has(extra[1])) return { prefix: `EX-${extra[1]}`, number: extra[2] ?? '' };
  const m = /^([A-Z]+)(\d*)$/.exec(squeezed);
  const channel = m?.[1] ? CHANNEL_ALIASES[m[1]] : undefined;
  return channel ? { prefix: channel, number: m?.[2] ?? '' } : null;
}

/** `st 36`, `SJ5`, `ex le 5` → the canonical code, when that point exists; otherwise null. */
export function normalizePointCode(text: string): string | null {
  const parsed = parseCode(squeeze(text));
  if (!parsed || !/^\d+$/.test(parsed.number)) return null;
  const code = `${parsed.prefix}${Number(parsed.number)}`;
  return BY_CODE.has(code) ? code : null;
}

/**
 * Older or regional romanisations that differ from the WHO name in more than a suffix. Search-only:
 * the catalog shows the WHO name, but a practitioner trained on Zanzhu should still find BL2.
 */
const OTHER_NAMES: Readonly<Record<string, readonly string[]>> = {
  BL2: ['Zanzhu'],
  BL43: ['Gaohuangshu'],
  LI19: ['Heliao'],
  TE22: ['Heliao'],
  CV17: ['Shanzhong'],
  GV26: ['Renzhong'],
  'EX-UE7': ['Yaotongdian'],
};

const pinyinKey = (text: string) => text.toLowerCase().replace(/[\s\-'’.]+/g, '');
const SEARCH_ROWS = ACUPOINTS.map((point) => ({
  point,
  code: squeeze(point.code),
  names: [point.pinyin, ...(OTHER_NAMES[point.code] ?? [])].map(pinyinKey),
}));

/** The points whose WHO pinyin or other name is exactly `name` (spaces, hyphens and case aside). */
export function acupointsNamed(name: string): Acupoint[] {
  const key = pinyinKey(name);
  return key ? SEARCH_ROWS.filter((row) => row.names.includes(key)).map((row) => row.point) : [];
}

/**
 * Ranked lookup for the charting box: the exact code, then codes that start with what was typed
 * (so `ST3` offers ST3 then ST30–ST39), then pinyin starting with the text (a whole name first), then
 * pinyin containing it. Within each group the catalog order holds: channel order, then numeric order.
 */
export function searchAcupoints(query: string, limit = 10): Acupoint[] {
  const squeezed = squeeze(query);
  const key = pinyinKey(query);
  if (squeezed === '' || key === '' || limit <= 0) return [];

  const parsed = parseCode(squeezed);
  // Both the text as typed and its alias-resolved form count as a code prefix: `L` offers LU, LI
  // and LR, while `SJ1` offers TE1 and TE10–TE19.
  const codePrefixes = [squeezed, ...(parsed ? [squeeze(`${parsed.prefix}${parsed.number}`)] : [])];
  const exact = normalizePointCode(query);

  const rank = (row: (typeof SEARCH_ROWS)[number]): number => {
    if (row.point.code === exact) return 0;
    if (codePrefixes.some((p) => row.code.startsWith(p))) return 1;
    // A whole name leads its prefix group: `xiyan` is Xiyan before Xiyangguan.
    if (row.names.includes(key)) return 2;
    if (row.names.some((n) => n.startsWith(key))) return 3;
    if (row.names.some((n) => n.includes(key))) return 4;
    return -1;
  };

  const groups: Acupoint[][] = [[], [], [], [], []];
  for (const row of SEARCH_ROWS) {
    const r = rank(row);
    if (r >= 0) groups[r]?.push(row.point);
  }
  return groups.flat().slice(0, limit);
}
