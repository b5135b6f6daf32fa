import { describe, expect, it } from 'vitest';
import { hoursBeforeRace, isMajorRace, nextRace, racesTooClose } from '../../shared/rules/race-timing';

const marathon = { name: 'Portland Marathon', date: '2026-10-04', distance: 'Marathon' };

describe('dry needling before a race', () => {
  it.each([
    ['2026-10-04T06:00', 1, true],
    ['2026-10-01T08:00', 71, true],
    ['2026-10-01T07:00', 72, true],
    ['2026-10-01T06:00', 73, false],
    ['2026-09-27T10:00', 165, false],
    ['2026-10-05T10:00', -27, false],
  ] as const)('a visit at %s is %i h before: too close %s', (at, hours, close) => {
    expect(hoursBeforeRace(at, marathon)).toBe(hours);
    expect(racesTooClose(at, [marathon]).length > 0).toBe(close);
  });

  it.each([
    ['Marathon', true],
    ['Half marathon', true],
    ['50K', true],
    ['Triathlon', true],
    ['5K', false],
    ['10k', false],
    ['15K', false],
  ])('%s is a major race: %s', (distance, major) => expect(isMajorRace({ name: 'x', date: '2026-01-01', distance })).toBe(major));

  it('finds the next race from today', () => {
    const races = [marathon, { name: 'Shamrock Run', date: '2026-03-15', distance: '15K' }, { name: 'Hood to Coast', date: '2026-08-28', distance: 'Relay' }];
    expect(nextRace(races, '2026-04-01')?.name).toBe('Hood to Coast');
    expect(nextRace(races, '2026-10-04')?.name).toBe('Portland Marathon');
    expect(nextRace(races, '2026-10-05')).toBeNull();
  });
});
