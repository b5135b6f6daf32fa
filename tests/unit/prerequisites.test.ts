import { describe, expect, it } from 'vitest';
import { missingPrerequisites, PREREQUISITES } from '../support/prerequisites';

const fake = (what: string, present: boolean) => ({ what, install: `apt-get install ${what}`, present: () => present });

describe('the machine check before npm test (tests/support/prerequisites.ts)', () => {
  it.each([
    ['nothing missing', [fake('qpdf', true), fake('chromium', true)], null],
    [
      'one missing',
      [fake('qpdf', false), fake('chromium', true)],
      'npm test needs one thing this machine does not have:\n  - qpdf: apt-get install qpdf\n(.ci/run installs all of them; see "Test" in README.md.)',
    ],
    [
      'two missing, each named with its package',
      [fake('qpdf', false), fake('chromium', false)],
      'npm test needs 2 things this machine does not have:\n  - qpdf: apt-get install qpdf\n  - chromium: apt-get install chromium\n(.ci/run installs all of them; see "Test" in README.md.)',
    ],
  ])('%s', (_case, list, message) => {
    expect(missingPrerequisites(list)).toBe(message);
  });

  it('finds everything on this machine (the suite would not have started otherwise)', () => {
    expect(PREREQUISITES.filter((p) => !p.present()).map((p) => p.what)).toEqual([]);
  });
});
