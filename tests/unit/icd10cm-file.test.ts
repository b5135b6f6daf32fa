import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONDITIONS } from '../../shared/catalogs/conditions';
import { diagnosisInput } from '../../shared/case';
import {
  billedCode,
  dotted,
  fiscalYearOf,
  lookupCode,
  offerList,
  parseCodeSet,
  parseCodeSetInSteps,
  refusalOf,
  seventhCharacters,
} from '../../shared/icd10cm/code-set';
import { searchDiagnoses } from '../../shared/icd10cm/search';
import { DomainError } from '../../shared/outcome';
import { codeSetFolder, codeSetFor, codeSets, currentCodeSet, currentCodeSetYear, diagnosisIndex, forgetCodeSets, readCodeSetsInSteps } from '../../db/icd10cm';
import { checkDiagnoses } from '../../db/queries/diagnoses';

/**
 * Everything here is read from the shipped file itself (db/icd10cm), split by this test's own
 * reading of the NCHS layout, never from a hand-made list: what the app accepts, refuses and
 * offers is held to the file.
 */
const lines = gunzipSync(readFileSync(`${codeSetFolder()}/icd10cm-codes-2026.txt.gz`))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const FILE = new Map(lines.map((l) => [l.slice(0, 7).trim(), l.slice(8).trim()]));
const BILLABLE = [...FILE.keys()];
/** Every prefix of a billable code that is not billable itself: the header codes. */
const HEADERS = [...new Set(BILLABLE.flatMap((c) => [...Array(c.length - 3).keys()].map((k) => c.slice(0, 3 + k))))].filter((p) => !FILE.has(p));

/** A seeded generator (mulberry32), so a failure names the same codes on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function sample<T>(from: readonly T[], n: number, seed: number): T[] {
  const next = random(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(n, from.length)) picked.add(Math.floor(next() * from.length));
  return [...picked].map((i) => from[i]!);
}

const set = currentCodeSet();

describe('the shipped FY2026 code set', () => {
  it('holds every line of the NCHS file: 74,719 billable codes', () => {
    expect(BILLABLE).toHaveLength(74_719);
    expect(set.sorted).toHaveLength(74_719);
    expect(set.year).toBe(2026);
    expect([...codeSets().keys()]).toEqual([2026]);
  });

  it.each(sample(BILLABLE, 1000, 34))('accepts billable %s with its exact description', (bare) => {
    const typed = dotted(bare);
    expect(diagnosisInput.safeParse({ code: typed }).success).toBe(true);
    expect(lookupCode(set, typed)).toEqual({ kind: 'billable', code: typed, description: FILE.get(bare) });
    expect(lookupCode(set, bare.toLowerCase()).kind).toBe('billable');
    expect(checkDiagnoses([{ code: typed }], set)).toEqual([{ code: typed, description: FILE.get(bare) }]);
  });

  it.each(sample(HEADERS, 500, 2026))('refuses header %s, offering billable codes under it', (bare) => {
    const found = lookupCode(set, dotted(bare));
    expect(found.kind).toBe('header');
    if (found.kind !== 'header') return;
    const under = BILLABLE.filter((c) => c.startsWith(bare));
    expect(found.billable.length + found.more).toBe(under.length);
    for (const b of found.billable) expect(b.description).toBe(FILE.get(b.code.replace('.', '')));
    const refused = () => checkDiagnoses([{ code: dotted(bare) }], set);
    expect(refused).toThrow(DomainError);
    expect(refused).toThrow(`${dotted(bare)} is a category header, not a billable code: choose ${found.billable[0]!.code}`);
  });

  /** Codes one step from real ones: a last character changed, one added, one dropped within a family of 7. */
  const malformed = (() => {
    const next = random(200);
    const out = new Set<string>();
    const alphabet = '0123456789ABCDEFGHJKLMNPQRSTVWXYZ';
    while (out.size < 200) {
      const real = BILLABLE[Math.floor(next() * BILLABLE.length)]!;
      const ch = alphabet[Math.floor(next() * alphabet.length)]!;
      const made = next() < 0.5 || real.length === 7 ? real.slice(0, -1) + ch : real + ch;
      if (!FILE.has(made) && !HEADERS.includes(made)) out.add(made);
    }
    return [...out];
  })();

  it.each(malformed)('refuses %s, which is not a code, offering the nearest real ones', (bare) => {
    const found = lookupCode(set, dotted(bare));
    expect(found.kind).toBe('unknown');
    if (found.kind !== 'unknown') return;
    expect(found.nearest.length).toBeGreaterThan(0);
    for (const n of found.nearest) {
      expect(FILE.get(n.code.replace('.', ''))).toBe(n.description);
      // Nearest: each shares the category with the code typed, when that category exists, else its first two characters.
      const shared = HEADERS.includes(bare.slice(0, 3)) || FILE.has(bare.slice(0, 3)) ? 3 : 2;
      expect(n.code.replace('.', '').slice(0, shared)).toBe(bare.slice(0, shared));
    }
    expect(() => checkDiagnoses([{ code: 'M76.61' }, { code: dotted(bare) }], set)).toThrow(
      expect.objectContaining({ fields: { 'diagnoses.1.code': refusalOf(found) } }),
    );
  });

  it.each([
    ['M22.2X3', 'M22.2X3 is not an ICD-10-CM code: M22.2X1 right knee, M22.2X2 left knee, M22.2X9 unspecified knee'],
    [
      'M62.83',
      'M62.83 is a category header, not a billable code: choose M62.830 Muscle spasm of back, M62.831 Muscle spasm of calf, M62.838 Other muscle spasm',
    ],
    [
      'M25.56',
      'M25.56 is a category header, not a billable code: choose M25.561 Pain in right knee, M25.562 Pain in left knee, M25.569 Pain in unspecified knee',
    ],
  ])('names the codes to choose instead of %s', (code, message) => {
    expect(() => checkDiagnoses([{ code }], set)).toThrow(message);
  });

  it('offers M99.9 and its neighbours for M99.99, and M79.6-’s children in part', () => {
    const m9999 = lookupCode(set, 'M99.99');
    expect(m9999.kind === 'unknown' && m9999.nearest.map((n) => n.code)).toContain('M99.9');
    const m796 = lookupCode(set, 'M79.6');
    expect(m796.kind).toBe('header');
    expect(refusalOf(m796 as Exclude<typeof m796, { kind: 'billable' }>)).toMatch(/and \d+ more \(search M79\.6\)$/);
  });

  it('says once what the offered codes share', () => {
    expect(offerList([{ code: 'A', description: 'Pain in right knee' }])).toBe('A Pain in right knee');
    expect(
      offerList([
        { code: 'X1', description: 'Stress fracture, right tibia, sequela' },
        { code: 'X2', description: 'Stress fracture, right tibia, initial encounter for fracture' },
      ]),
    ).toBe('X1 sequela, X2 initial encounter for fracture');
  });

  it('keeps every catalog code billable, with the file’s description', () => {
    for (const c of CONDITIONS) {
      for (const d of [...Object.values(c.codes), ...Object.values(c.alternatives ?? {})].flat()) {
        expect({ code: d.code, description: FILE.get(d.code.replace('.', '')) }).toEqual(d);
      }
    }
  });
});

describe('the 7th character, by the code’s own family in the file', () => {
  const families = new Map<string, string[]>();
  for (const c of BILLABLE) if (c.length === 7) families.set(c.slice(0, 6), [...(families.get(c.slice(0, 6)) ?? []), c[6]!]);
  // Stress and pathological fractures, and closed fractures of the limbs (skull, spine and ribs have no P: malunion).
  const fractures = [...families.keys()].filter(
    (stem) => /^M84[3-6]/.test(stem) || (/^S[4-9]2/.test(stem) && FILE.get(`${stem}A`)?.endsWith('initial encounter for closed fracture')),
  );
  // Injuries with a subsequent encounter (a death at the scene is coded once, A alone).
  const injuries = [...families.keys()].filter((stem) => /^S/.test(stem) && FILE.get(`${stem}A`)?.endsWith(', initial encounter') && FILE.has(`${stem}D`));

  it.each(sample(fractures, 150, 7))('fracture family %s takes A, D, G, K, P and S', (stem) => {
    expect(seventhCharacters(set, `${stem}A`)).toEqual(expect.arrayContaining(['A', 'D', 'G', 'K', 'P', 'S']));
    // A deliberate G, K or P is never overwritten by the visit's encounter; A and D follow it.
    for (const kept of ['G', 'K', 'P']) {
      for (const enc of ['A', 'D', 'S'] as const) expect(billedCode(set, `${stem}${kept}`, enc)).toBe(dotted(`${stem}${kept}`));
    }
    expect(billedCode(set, `${stem}A`, 'D')).toBe(dotted(`${stem}D`));
  });

  it.each(sample(injuries, 150, 8))('injury family %s takes A, D and S only', (stem) => {
    expect(seventhCharacters(set, `${stem}A`)).toEqual(['A', 'D', 'S']);
    expect(billedCode(set, `${stem}A`, 'S')).toBe(dotted(`${stem}S`));
    expect(billedCode(set, `${stem}S`, 'D')).toBe(dotted(`${stem}D`));
  });

  it('bills the stress fracture coded K as K, and S86.891 subsequent with its own description', () => {
    expect(billedCode(set, 'M84.361K', 'D')).toBe('M84.361K');
    expect(billedCode(set, 'M84.361G', 'A')).toBe('M84.361G');
    expect(billedCode(set, 'S86.891A', 'D')).toBe('S86.891D');
    expect(FILE.get('S86891D')).toMatch(/subsequent encounter$/);
    // Codes without a 7th character, and visits without an encounter, are billed as coded.
    expect(billedCode(set, 'M76.61', 'D')).toBe('M76.61');
    expect(billedCode(set, 'S86.891A', null)).toBe('S86.891A');
    // A family without the visit's letter keeps the code's own: S06.358A has no D.
    expect(billedCode(set, 'S06.358A', 'D')).toBe('S06.358A');
    expect(seventhCharacters(set, 'S22.031A')).toEqual(['A', 'B', 'D', 'G', 'K', 'S']);
  });
});

describe('the code set of a date of service', () => {
  it.each([
    ['2025-09-30', 2025],
    ['2025-10-01', 2026],
    ['2026-09-30', 2026],
    ['2026-10-01', 2027],
  ])('%s is in fiscal year %i', (date, year) => expect(fiscalYearOf(date)).toBe(year));

  it('uses the nearest year shipped and never invents one', () => {
    expect(codeSetFor('2026-03-01').year).toBe(2026);
    expect(codeSetFor('2024-03-01').year).toBe(2026);
    expect(codeSetFor('2026-12-01').year).toBe(2026);
  });
});

describe('diagnosis search over the whole set', () => {
  const index = diagnosisIndex();
  const codes = (q: string, limit = 20, recent: string[] = []) => searchDiagnoses(index, q, limit, recent).map((h) => h.code);

  it.each([
    ['M76.6', ['M76.60', 'M76.61', 'M76.62']],
    ['m766', ['M76.60', 'M76.61', 'M76.62']],
    ['M84.361k', ['M84.361K']],
    ['achilles left tendinitis', ['M76.62']],
    ['LEFT tendinitis achilles', ['M76.62']],
  ])('finds %j', (q, expected) => expect(codes(q)).toEqual(expected));

  it.each([
    ["runner's knee", ['M22.2X1', 'M22.2X2']],
    ['runners knee', ['M22.2X1', 'M22.2X2']],
    ['shin splints', ['S86.891A', 'S86.892A', 'M76.821', 'M76.811', 'M76.822', 'M76.812']],
    ['ITB syndrome', ['M76.31', 'M76.32']],
    ['plantar fasciitis', ['M72.2']],
  ])('ranks the catalog condition first for %j', (q, first) => {
    const hits = searchDiagnoses(index, q, 20);
    expect(hits.slice(0, first.length).map((h) => h.code)).toEqual(first);
    expect(hits[0]!.condition).not.toBeNull();
  });

  it('ignores accents and case', () => {
    expect(codes('MÉNIÈRE right')).toEqual(codes('meniere right'));
    expect(codes('meniere right')).toContain('H81.01');
  });

  it('ranks the practitioner’s recent codes after the catalog and before the rest', () => {
    expect(codes('pain knee', 20)).not.toEqual(codes('pain knee', 20, ['M25.562']));
    const hits = searchDiagnoses(index, 'pain knee', 20, ['M25.562']);
    const firstOther = hits.findIndex((h) => h.condition === null);
    expect(hits[firstOther]).toMatchObject({ code: 'M25.562', recent: true });
    // A recent code that does not fit the search is not shown.
    expect(codes('achilles', 20, ['M25.562'])).not.toContain('M25.562');
  });

  it('finds every sampled billable code by its own description, and by its code', () => {
    for (const bare of sample(BILLABLE, 200, 11)) {
      const words = FILE.get(bare)!;
      expect(codes(dotted(bare), 50)).toContain(dotted(bare));
      const hits = searchDiagnoses(index, words, 50);
      // Descriptions shared by several codes (laterality aside) come together: the code is among the first 50 unless more share them.
      if (hits.length < 50) expect(hits.map((h) => h.code)).toContain(dotted(bare));
    }
  });
});

describe('the code set read in steps (the database process, after the first screen)', () => {
  it('reads the same set as at once, letting calls in between every few thousand lines, and names its year without parsing', async () => {
    const text = gunzipSync(readFileSync(`${codeSetFolder()}/icd10cm-codes-2026.txt.gz`)).toString('utf8');
    let steps = 0;
    const stepped = await parseCodeSetInSteps(text, 2026, async () => {
      steps++;
    });
    const whole = parseCodeSet(text, 2026);
    expect(stepped.sorted).toEqual(whole.sorted);
    expect([...stepped.starts]).toEqual([...whole.starts]);
    expect(steps).toBe(Math.floor(whole.sorted.length / 8192));
    forgetCodeSets();
    expect(currentCodeSetYear()).toBe(currentCodeSet().year);
    forgetCodeSets();
    await readCodeSetsInSteps();
    expect(currentCodeSet().sorted).toEqual(whole.sorted);
  });
});
