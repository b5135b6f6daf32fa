import { describe, expect, it } from 'vitest';
import { backupOwner, backupsToKeep } from '../../shared/backup';

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

  it('rotates each data file’s backups apart: one file’s never push out or remove another’s', () => {
    const of = (id: string, n: number) => daily(n).map((name) => name.replace('needlebook-', `needlebook-${id}-`));
    const names = [...of('0a1b2c3d', 400), ...of('ffee0011', 3), ...daily(20)];
    const mine = backupsToKeep(names, '0a1b2c3d');
    expect(mine.keep).toHaveLength(26);
    expect(mine.remove).toHaveLength(400 - 26);
    expect([...mine.keep, ...mine.remove].every((n) => backupOwner(n) === '0a1b2c3d')).toBe(true);
    expect(backupsToKeep(names, 'ffee0011')).toEqual({ keep: of('ffee0011', 3), remove: [] });
    // Names from before files had ids are rotated only among themselves.
    expect(backupsToKeep(names).keep).toHaveLength(15);
    expect(backupOwner('pre-restore-0a1b2c3d-2026-11-01T10-00-00-000Z.db')).toBe('0a1b2c3d');
    expect(backupOwner('pre-restore-2026-11-01T10-00-00-000Z.db')).toBeNull();
    expect(backupOwner('damaged-2026-11-01T10-00-00-000Z.db')).toBeUndefined();
  });
});
