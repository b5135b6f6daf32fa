import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'needlebook-cli-catalog-'));
/** Runs the real bin entry, as `npx needlebook` does. */
const needlebook = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['electron/needlebook.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const WHO_COUNTS = { LU: 11, LI: 20, ST: 45, SP: 21, HT: 9, SI: 19, BL: 67, KI: 27, PC: 9, TE: 23, GB: 44, LR: 14, GV: 28, CV: 24 };

describe('needlebook catalog', () => {
  it('prints the acupoints as JSON: 361 channel points with the WHO counts, plus extras', () => {
    const r = needlebook('catalog', 'acupoints', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const points = JSON.parse(r.out) as { code: string; pinyin: string; channel: string; midline: boolean }[];
    const channel = points.filter((p) => p.channel !== 'EX');
    expect(channel).toHaveLength(361);
    const counts: Record<string, number> = {};
    for (const p of channel) counts[p.channel] = (counts[p.channel] ?? 0) + 1;
    expect(counts).toEqual(WHO_COUNTS);
    expect(points).toContainEqual({ code: 'ST36', pinyin: 'Zusanli', channel: 'ST', midline: false });
    expect(points).toContainEqual({ code: 'GV20', pinyin: 'Baihui', channel: 'GV', midline: true });
    expect(points).toContainEqual({ code: 'EX-LE5', pinyin: 'Xiyan', channel: 'EX', midline: false });
  });

  it('prints muscles and conditions as JSON with the documented fields', () => {
    const muscles = JSON.parse(needlebook('catalog', 'muscles', '--json').out) as Record<string, unknown>[];
    expect(muscles.find((m) => m.id === 'tensor-fasciae-latae')).toEqual({
      id: 'tensor-fasciae-latae',
      name: 'Tensor fasciae latae',
      region: 'hip',
      aliases: expect.arrayContaining(['TFL']),
    });
    const conditions = JSON.parse(needlebook('catalog', 'conditions', '--json').out) as Record<string, unknown>[];
    const itbs = conditions.find((c) => c.id === 'it-band-syndrome');
    expect(Object.keys(itbs ?? {})).toEqual(['id', 'name', 'aka', 'codes', 'targets']);
    expect(itbs?.codes).toEqual({
      right: [{ code: 'M76.31', description: 'Iliotibial band syndrome, right leg' }],
      left: [{ code: 'M76.32', description: 'Iliotibial band syndrome, left leg' }],
    });
  });

  it('prints a readable aligned table without --json', () => {
    const r = needlebook('catalog', 'acupoints');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CODE\s+PINYIN\s+CHANNEL\s+SIDE$/);
    expect(lines.filter((l) => /^ST36\s+Zusanli\s+ST\s+L\/R$/.test(l))).toHaveLength(1);
    expect(lines.find((l) => l.startsWith('GV20 '))).toMatch(/midline$/);
    // Aligned: the pinyin column starts at the same offset on every row.
    const column = lines[0]?.indexOf('PINYIN');
    expect(lines.every((l) => l[(column ?? 0) - 1] === ' ' && l[column ?? 0] !== ' ')).toBe(true);
    expect(needlebook('catalog', 'conditions').out).toMatch(/^it-band-syndrome\s+IT band syndrome\s+R M76\.31; L M76\.32\s+GB29 /m);
    expect(needlebook('catalog', 'muscles').out).toMatch(/^gastrocnemius-medial\s+Gastrocnemius \(medial head\)\s+leg\s+gastroc med, /m);
  });

  it('names the three catalogs when asked for another, and explains itself', () => {
    const unknown = needlebook('catalog', 'herbs');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('unknown catalog "herbs": acupoints, muscles or conditions');
    const missing = needlebook('catalog');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('acupoints, muscles or conditions');
    expect(needlebook('catalog', '--help').out).toContain('Usage: needlebook catalog acupoints|muscles|conditions [--json]');
    expect(needlebook('--help').out).toMatch(/\n\s+catalog\s+Print the acupoint, muscle or condition catalog/);
  });
});
