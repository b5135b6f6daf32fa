import { describe, expect, it } from 'vitest';
import { addMinutesLocal, fhirDateTime, offsetText } from '../../shared/fhir/time';

/** FHIR R4 wants a dateTime with a time to carry seconds and a zone; a visit is charted in local time without one. */
describe('FHIR dateTime from a charted local time', () => {
  it.each([
    ['2026-10-03T09:30', -240, '2026-10-03T09:30:00-04:00'],
    ['2026-01-15T09:30', -300, '2026-01-15T09:30:00-05:00'],
    ['2026-10-03T09:30', 0, '2026-10-03T09:30:00Z'],
    ['2026-10-03T21:05', 330, '2026-10-03T21:05:00+05:30'],
    ['2026-10-03', -240, '2026-10-03'],
    ['2026-10-03T09:40:00.000Z', -240, '2026-10-03T09:40:00.000Z'],
  ])('%s at %i minutes from UTC is %s', (local, offset, expected) => {
    expect(fhirDateTime(local, offset)).toBe(expected);
  });

  it.each([
    [0, 'Z'],
    [60, '+01:00'],
    [-210, '-03:30'],
    [840, '+14:00'],
  ])('writes an offset of %i minutes as %s', (minutes, text) => expect(offsetText(minutes)).toBe(text));

  it.each([
    ['2026-10-03T09:30', 45, '2026-10-03T10:15'],
    ['2026-10-03T23:40', 30, '2026-10-04T00:10'],
    ['2026-12-31T23:30', 60, '2027-01-01T00:30'],
  ])('ends %s plus %i minutes at %s', (start, minutes, end) => expect(addMinutesLocal(start, minutes)).toBe(end));
});
