import { describe, expect, it } from 'vitest';
import {
  COATING_COLOUR,
  COATING_THICKNESS,
  PULSE_POSITIONS,
  PULSE_QUALITIES,
  storedTcm,
  TCM_PATTERNS,
  tcmInput,
  TONGUE_BODY,
  TONGUE_MOISTURE,
  TONGUE_SHAPE,
  type TcmFindings,
} from '../../shared/tcm';

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  return { next, pick };
}

/**
 * Stored values and near misses: half the cases hold only what the schema gives back (so both
 * sides of the check are reached often), the other half words not in the lists, typed text, odd
 * types and shapes.
 */
function candidate(r: ReturnType<typeof random>): unknown {
  const { next, pick } = r;
  const clean = next() < 0.5;
  const odd = <T>(values: T[]): T[] => (clean ? [] : values);
  const choice = (values: readonly string[]) => pick<unknown>([null, null, ...values, ...odd(['Pale', 'unknown', '', 3])]);
  const words = () => {
    const list = Array.from({ length: Math.floor(next() * (clean ? 5 : 6)) }, () => pick<unknown>([...PULSE_QUALITIES, ...odd(['Wiry', 'fast', 7])]));
    return clean ? [...new Set(list)] : list;
  };
  const value: Record<string, unknown> = {
    tongueBody: choice(TONGUE_BODY),
    tongueShape: choice(TONGUE_SHAPE),
    coatingColour: choice(COATING_COLOUR),
    coatingThickness: choice(COATING_THICKNESS),
    tongueMoisture: choice(TONGUE_MOISTURE),
    tongueNotes: pick([null, null, null, ...odd(['red tip', ' ', ''])]),
    pulseRate: pick<unknown>([null, 61, 30, 220, ...odd([29, 221, 72.5, '70'])]),
    pulse: Object.fromEntries(PULSE_POSITIONS.map((p) => [p, pick<unknown>([[], words(), words(), ...odd(['wiry rapid', null])])])),
    patterns: [...new Set(Array.from({ length: Math.floor(next() * (clean ? 4 : 8)) }, () => pick<unknown>([...TCM_PATTERNS, ...odd(['Heat'])])))],
    patternNotes: pick([null, null, null, ...odd(['worse in cold'])]),
  };
  const shape = clean ? 1 : next();
  if (shape < 0.1) delete value[pick(Object.keys(value))];
  else if (shape < 0.2) value.extra = null;
  else if (shape < 0.3) delete (value.pulse as Record<string, unknown>).leftChi;
  return value;
}

describe('TCM findings read back without the schema', () => {
  it('accepts only what the schema gives back unchanged, and every such value (5,000 seeded cases)', () => {
    let fast = 0;
    for (let seed = 1; seed <= 5000; seed++) {
      const input = candidate(random(seed));
      const parsed = tcmInput.safeParse(input);
      const stored = storedTcm(input);
      if (stored) {
        fast++;
        // Sound: what is taken as it is, the schema would also have taken, and given back equal.
        expect(parsed.success, `seed ${seed}`).toBe(true);
        expect(stored, `seed ${seed}`).toEqual(parsed.data);
      }
      // Complete: the schema's own output without notes, as the column keeps it, needs no schema.
      if (parsed.success && parsed.data.tongueNotes === null && parsed.data.patternNotes === null) {
        const column = JSON.parse(JSON.stringify(parsed.data)) as unknown;
        expect(storedTcm(column), `seed ${seed}`).toEqual(parsed.data);
      }
    }
    // The generator reaches both sides.
    expect(fast).toBeGreaterThan(100);
    expect(fast).toBeLessThan(5000);
  });

  const charted: TcmFindings = {
    tongueBody: 'purple',
    tongueShape: null,
    coatingColour: 'white',
    coatingThickness: 'thin',
    tongueMoisture: null,
    tongueNotes: null,
    pulseRate: 61,
    pulse: { leftCun: [], leftGuan: ['wiry'], leftChi: [], rightCun: [], rightGuan: ['choppy'], rightChi: [] },
    patterns: ['Qi and Blood stagnation'],
    patternNotes: null,
  };
  it.each<[string, (t: Record<string, unknown>) => void]>([
    ['a value no longer in a list', (t) => (t.tongueBody = 'violet')],
    ['notes, whose text rules are the schema’s', (t) => (t.tongueNotes = 'red tip')],
    ['a key the schema does not know', (t) => (t.tongue = 'pale')],
    ['a key missing (a row from before it)', (t) => delete t.tongueMoisture],
    ['a pulse position missing', (t) => delete (t.pulse as Record<string, unknown>).rightChi],
    ['a pulse quality twice', (t) => ((t.pulse as Record<string, unknown>).leftCun = ['wiry', 'wiry'])],
    ['five pulse qualities', (t) => ((t.pulse as Record<string, unknown>).leftCun = ['wiry', 'rapid', 'deep', 'slow', 'weak'])],
    ['a pulse as typed text', (t) => ((t.pulse as Record<string, unknown>).leftCun = 'wiry')],
    ['a rate that is not whole', (t) => (t.pulseRate = 60.5)],
    ['a rate out of range', (t) => (t.pulseRate = 250)],
    ['seven patterns', (t) => (t.patterns = Array<string>(7).fill('Damp-Heat'))],
  ])('leaves %s to the schema', (_what, change) => {
    expect(storedTcm(charted)).toBe(charted);
    const t = structuredClone(charted) as unknown as Record<string, unknown>;
    change(t);
    expect(storedTcm(t)).toBeUndefined();
  });
});
