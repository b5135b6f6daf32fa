import { describe, expect, it } from 'vitest';
import { acupointByCode } from '../../shared/catalogs/acupoints';
import { alternativeIcd10, CONDITIONS, conditionById, icd10Problem, suggestIcd10, type CaseSide } from '../../shared/catalogs/conditions';
import { caseInput } from '../../shared/case';
import { muscleById } from '../../shared/catalogs/muscles';

const allCodes = CONDITIONS.flatMap((c) => [...(c.codes.right ?? []), ...(c.codes.left ?? []), ...(c.codes.bilateral ?? []), ...(c.codes.any ?? [])]);
const codesOf = (id: string, side: CaseSide) => suggestIcd10(id, side).map((c) => c.code);

describe('condition catalog', () => {
  it('covers the running injuries of the design, with unique ids', () => {
    expect(CONDITIONS.map((c) => c.id)).toEqual([
      'runners-knee',
      'it-band-syndrome',
      'achilles-tendinopathy',
      'plantar-fasciitis',
      'shin-splints',
      'stress-fracture-tibia',
      'stress-fracture-foot',
      'stress-fracture-fibula',
      'stress-fracture-toe',
      'patellar-tendinitis',
      'trochanteric-bursitis',
      'pes-anserine-bursitis',
      'low-back-pain',
      'hamstring-strain',
      'hip-flexor',
      'piriformis-syndrome',
      'meralgia-paresthetica',
      'overtraining',
      'maintenance',
    ]);
    expect(conditionById('it-band-syndrome')?.aka).toContain('ITBS');
    expect(conditionById('nope')).toBeUndefined();
  });

  it.each(CONDITIONS.map((c) => [c.id, c] as const))('%s targets only catalog points and muscles', (_id, condition) => {
    for (const code of condition.targets.acupoints) expect(acupointByCode(code), code).toBeDefined();
    for (const id of condition.targets.muscles) expect(muscleById(id), id).toBeDefined();
    expect(new Set(condition.targets.acupoints).size).toBe(condition.targets.acupoints.length);
    expect(new Set(condition.targets.muscles).size).toBe(condition.targets.muscles.length);
  });

  it.each([
    ['it-band-syndrome', ['GB31', 'GB33', 'GB34', 'ST36'], ['tensor-fasciae-latae', 'gluteus-medius', 'vastus-lateralis']],
    ['achilles-tendinopathy', ['BL57', 'BL60', 'KI3'], ['gastrocnemius-medial', 'gastrocnemius-lateral', 'soleus']],
    ['shin-splints', ['SP6'], ['tibialis-posterior', 'flexor-digitorum-longus', 'soleus']],
    ['plantar-fasciitis', ['KI3'], ['abductor-hallucis', 'flexor-digitorum-brevis', 'quadratus-plantae', 'soleus']],
    ['hip-flexor', [], ['psoas', 'iliacus', 'rectus-femoris']],
    ['piriformis-syndrome', ['GB30'], ['piriformis']],
    ['hamstring-strain', ['BL40'], ['biceps-femoris', 'semitendinosus', 'semimembranosus']],
  ])('%s offers the usual targets', (id, points, muscles) => {
    const targets = conditionById(id)?.targets;
    expect(targets?.acupoints).toEqual(expect.arrayContaining(points));
    expect(targets?.muscles).toEqual(expect.arrayContaining(muscles));
  });

  it('explains the conditions without a dedicated code', () => {
    expect(conditionById('overtraining')?.codes).toEqual({ any: [{ code: 'R53.83', description: 'Other fatigue' }] });
    expect(conditionById('overtraining')?.note).toMatch(/no code/i);
    expect(conditionById('maintenance')?.codes).toEqual({});
    expect(conditionById('maintenance')?.note).toMatch(/not reimbursable/);
  });

  it('gives every code a description and never repeats a code within a condition', () => {
    for (const c of CONDITIONS) {
      const list = [...(c.codes.right ?? []), ...(c.codes.left ?? []), ...(c.codes.bilateral ?? []), ...(c.codes.any ?? [])];
      expect(new Set(list.map((x) => x.code)).size, c.id).toBe(list.length);
      for (const x of list) expect(x.description.length, x.code).toBeGreaterThan(5);
    }
    for (const x of CONDITIONS.flatMap((c) => [...(c.codes.right ?? [])])) expect(x.description, x.code).toMatch(/right/);
    for (const x of CONDITIONS.flatMap((c) => [...(c.codes.left ?? [])])) expect(x.description, x.code).toMatch(/left/);
    for (const x of CONDITIONS.flatMap((c) => [...(c.codes.bilateral ?? [])])) expect(x.description, x.code).toMatch(/bilateral/);
  });
});

describe('suggestIcd10', () => {
  it.each<[string, CaseSide, string[]]>([
    ['runners-knee', 'right', ['M22.2X1']],
    ['runners-knee', 'left', ['M22.2X2']],
    ['runners-knee', 'bilateral', ['M22.2X1', 'M22.2X2']],
    ['runners-knee', 'na', []],
    ['it-band-syndrome', 'right', ['M76.31']],
    ['it-band-syndrome', 'left', ['M76.32']],
    ['it-band-syndrome', 'bilateral', ['M76.31', 'M76.32']],
    ['achilles-tendinopathy', 'left', ['M76.62']],
    ['achilles-tendinopathy', 'bilateral', ['M76.61', 'M76.62']],
    ['plantar-fasciitis', 'right', ['M72.2']],
    ['plantar-fasciitis', 'bilateral', ['M72.2']],
    ['plantar-fasciitis', 'na', ['M72.2']],
    ['shin-splints', 'right', ['S86.891A']],
    ['shin-splints', 'left', ['S86.892A']],
    ['shin-splints', 'bilateral', ['S86.891A', 'S86.892A']],
    ['patellar-tendinitis', 'left', ['M76.52']],
    ['trochanteric-bursitis', 'right', ['M70.61']],
    ['pes-anserine-bursitis', 'bilateral', ['M70.51', 'M70.52']],
    ['low-back-pain', 'na', ['M54.50']],
    ['stress-fracture-fibula', 'right', ['M84.363A']],
    ['stress-fracture-toe', 'left', ['M84.378A']],
    ['stress-fracture-tibia', 'right', ['M84.361A']],
    ['stress-fracture-tibia', 'left', ['M84.362A']],
    ['stress-fracture-foot', 'right', ['M84.374A']],
    ['stress-fracture-foot', 'left', ['M84.375A']],
    ['hamstring-strain', 'right', ['S76.311A']],
    ['hamstring-strain', 'left', ['S76.312A']],
    ['hip-flexor', 'right', ['S76.011A']],
    ['hip-flexor', 'bilateral', ['S76.011A', 'S76.012A']],
    ['piriformis-syndrome', 'left', ['G57.02']],
    ['piriformis-syndrome', 'bilateral', ['G57.03']],
    ['meralgia-paresthetica', 'right', ['G57.11']],
    ['meralgia-paresthetica', 'left', ['G57.12']],
    ['meralgia-paresthetica', 'bilateral', ['G57.13']],
    ['overtraining', 'na', ['R53.83']],
    ['overtraining', 'left', ['R53.83']],
    ['maintenance', 'bilateral', []],
    ['no-such-condition', 'right', []],
  ])('%s, %s → %j', (id, side, expected) => {
    expect(codesOf(id, side)).toEqual(expected);
  });

  it('carries the official description and returns a copy the caller may change', () => {
    expect(suggestIcd10('it-band-syndrome', 'right')).toEqual([{ code: 'M76.31', description: 'Iliotibial band syndrome, right leg' }]);
    const list = suggestIcd10('plantar-fasciitis', 'na');
    list.pop();
    expect(codesOf('plantar-fasciitis', 'na')).toEqual(['M72.2']);
  });
});

describe('icd10Problem', () => {
  it.each(allCodes.map((c) => c.code))('accepts catalog code %s', (code) => {
    expect(icd10Problem(code)).toBeNull();
  });

  it.each([
    'M79.1',
    'M25.561',
    'M76.891',
    'M72.2',
    'R53.83',
    'Z00.00',
    'M25',
    'M2556',
    'S76.311D',
    'S76.311S',
    'S86.891A',
    'T14.8XXA',
    'M84.361G',
    'M84.374K',
    'M84.375P',
    'M80.071A',
    'S82.201B',
    'S92.301A',
    'G57.03',
  ])('accepts well-formed %s', (code) => {
    expect(icd10Problem(code)).toBeNull();
  });

  // The form only: whether S76.311 needs its 7th character, or M84.361Z exists, is the code set's to say (tests/unit/icd10cm-file.test.ts).
  it.each(['S76.311', 'M84.361Z', 'U07.1'])('leaves %s to the code set', (code) => expect(icd10Problem(code)).toBeNull());

  it.each(['', 'M7', '7M6.31', 'M76.31234', 'M76..31', 'M76.', 'm76.31', 'M76-31', 'MM6.31', 'M76.3 1'])('rejects malformed %j', (code) => {
    expect(icd10Problem(code)).toMatch(/^ICD-10 code /);
  });

  it('names the field in every message', () => {
    expect(icd10Problem('bad')).toBe('ICD-10 code bad is not a valid code: a letter, a digit, a letter or digit, then up to 4 more after the dot, e.g. M76.31');
    expect(icd10Problem('')).toContain('ICD-10 code (blank)');
  });
});

describe('alternatives: offered instead of the primary, never as a second code', () => {
  it.each<[string, CaseSide, string[]]>([
    ['shin-splints', 'right', ['M76.821', 'M76.811']],
    ['shin-splints', 'left', ['M76.822', 'M76.812']],
    ['hamstring-strain', 'left', ['M76.892']],
    ['hip-flexor', 'right', ['M76.11']],
    ['low-back-pain', 'na', ['M54.59']],
    ['it-band-syndrome', 'right', []],
  ])('%s, %s → %j', (id, side, codes) => expect(alternativeIcd10(id, side).map((c) => c.code)).toEqual(codes));
});

describe('the catalog and the code set', () => {
  const input = (code: string, description?: string) =>
    caseInput.safeParse({
      patientId: 1,
      conditionText: 'x',
      side: 'right',
      onsetDate: '2026-03-01',
      startDate: '2026-03-02',
      diagnoses: [{ code, description }],
    });

  it('checks only the form in the contract: a description is no longer asked for', () => {
    expect(input('M25.561').success).toBe(true);
    expect(input('M2556').data?.diagnoses[0]!.code).toBe('M25.56');
    expect(input('M76-31').error!.issues[0]!.path).toEqual(['diagnoses', 0, 'code']);
  });

  it('no longer offers M22.2X3, which ICD-10-CM does not have', () => {
    expect(CONDITIONS.flatMap((c) => [...Object.values(c.codes), ...Object.values(c.alternatives ?? {})].flat()).map((d) => d.code)).not.toContain('M22.2X3');
  });
});
