import { describe, expect, it } from 'vitest';
import { ageOn, isIsoDate, parseTypedDate } from '../../shared/validation/dates';

describe('ISO dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2026-13-01', false],
    ['2026-04-31', false],
    ['2026-4-1', false],
    ['', false],
  ])('%s is a date: %s', (text, ok) => expect(isIsoDate(text)).toBe(ok));

  it.each([
    ['1984-03-07', '1984-03-07'],
    ['3/7/1984', '1984-03-07'],
    ['03/07/1984', '1984-03-07'],
    [' 12/31/1999 ', '1999-12-31'],
    ['2/30/1999', null],
    ['1984', null],
    ['Rivera', null],
  ])('typed %s → %s', (text, iso) => expect(parseTypedDate(text)).toBe(iso));

  it.each([
    ['1990-06-15', '2026-06-14', 35],
    ['1990-06-15', '2026-06-15', 36],
    ['2000-02-29', '2026-02-28', 25],
    ['2000-02-29', '2026-03-01', 26],
  ])('born %s is %s years old on %s', (dob, day, age) => expect(ageOn(dob, day)).toBe(age));
});
