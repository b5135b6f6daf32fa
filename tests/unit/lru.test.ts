import { describe, expect, it } from 'vitest';
import { Lru } from '../../db/engine/lru';
import { toPostgres } from '../../db/engine/postgres';

describe('the statement caches’ bound (db/engine/lru.ts)', () => {
  it('keeps at most its capacity, dropping the entry used longest ago', () => {
    const lru = new Lru<string, number>(3);
    for (const [k, v] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      lru.set(k, v);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('d', 4);
    expect([lru.get('b'), lru.get('a'), lru.get('c'), lru.get('d')]).toEqual([undefined, 1, 3, 4]);
    expect(lru.size).toBe(3);
    for (let i = 0; i < 1000; i++) lru.set(`k${i}`, i);
    expect(lru.size).toBe(3);
  });

  it('refuses a capacity that holds nothing', () => {
    expect(() => new Lru(0)).toThrow(/at least one/);
  });

  it('names a PostgreSQL statement by its text, so converting it again prepares nothing new', () => {
    const first = toPostgres('SELECT id FROM patient WHERE id = ?');
    for (let i = 0; i < 600; i++) toPostgres(`SELECT ${i} AS n`);
    const again = toPostgres('SELECT id FROM patient WHERE id = ?');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(toPostgres('SELECT 2 AS n').name).not.toBe(again.name);
  });
});
