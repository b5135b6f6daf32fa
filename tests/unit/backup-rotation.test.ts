import { describe, expect, it } from 'vitest';
import { backupsToKeep } from '../../shared/backup';

const day = (d: Date) => `needlebook-${d.toISOString().slice(0, 10)}.db`;
/** One backup a day for `days` days ending 2026-11-22. */
const daily = (days: number) => Array.from({ length: days }, (_, i) => day(new Date(Date.UTC(2026, 10, 22 - i))));

describe('backup rotation: 14 daily and 12 monthly', () => {
  it.each([
    [0, 0, 0],
    [5, 5, 0],
    [14, 14, 0],
    [15, 15, 0], // the 15th (November 8) is what is left of November: a monthly
    [45, 16, 29], // 14 days, then November's 8th and October's 31st
    [400, 14 + 12, 400 - 26],
  ])('%i daily backups: keeps %i, removes %i', (n, kept, removed) => {
    const { keep, remove } = backupsToKeep(daily(n));
    expect(keep).toHaveLength(kept);
    expect(remove).toHaveLength(removed);
  });

  it('keeps the newest 14 days, then each earlier month’s last backup, newest months first', () => {
    const { keep } = backupsToKeep(daily(400));
    expect(keep.slice(0, 14)).toEqual(daily(14));
    expect(keep.slice(14, 17)).toEqual(['needlebook-2026-11-08.db', 'needlebook-2026-10-31.db', 'needlebook-2026-09-30.db']);
    expect(keep.at(-1)).toBe('needlebook-2025-12-31.db');
  });

  it('leaves other files in the folder alone', () => {
    const { keep, remove } = backupsToKeep(['notes.txt', 'pre-restore-2026-11-01T10-00-00-000Z.db', ...daily(2)]);
    expect(keep).toEqual(daily(2));
    expect(remove).toEqual([]);
  });
});
