import { describe, expect, it } from 'vitest';
import type { RosterPatient, SuperbillSources } from '../../db/queries/superbills';
import { superbillPages } from '../../db/superbill-pages';
import type { SuperbillData } from '../../shared/reports/superbill-data';

const rosterOf = (n: number): RosterPatient[] => Array.from({ length: n }, (_, i) => ({ id: 100 + i, name: `Patient ${i}`, visitIds: [1000 + i] }));

/** A page read that logs which patients it was asked for and builds a stand-in superbill naming the patient. */
function reader(fail: (first: number) => boolean = () => false) {
  const reads: number[][] = [];
  const read = async (patients: readonly RosterPatient[]): Promise<SuperbillSources> => {
    reads.push(patients.map((p) => p.id));
    await Promise.resolve();
    if (fail(patients[0]!.id)) throw new Error(`page from ${patients[0]!.id} could not be read`);
    return {
      patients: patients.map(({ id, name }) => ({ id, name })),
      build: (id) => ({ patient: { name: `built ${id}` } }) as SuperbillData,
    };
  };
  return { reads, read };
}

/**
 * The month batch reads its superbills a page of patients at a time (issue 38, point 5): the rows
 * held are the page being built and the one read ahead, whatever the month's size.
 */
describe('a roster’s superbills, a page at a time', () => {
  it.each([
    { patients: 7, size: 3, pages: [[100, 101, 102], [103, 104, 105], [106]] },
    {
      patients: 6,
      size: 3,
      pages: [
        [100, 101, 102],
        [103, 104, 105],
      ],
    },
    { patients: 2, size: 250, pages: [[100, 101]] },
    { patients: 1, size: 1, pages: [[100]] },
  ])('$patients patients in pages of $size: each read once, in roster order, the next read as a page is begun', async ({ patients, size, pages }) => {
    const roster = rosterOf(patients);
    const { reads, read } = reader();
    const paged = superbillPages(roster, read, size);
    let most = 0;
    for (const [at, p] of roster.entries()) {
      const data = await paged.build(at);
      expect(data.patient.name).toBe(`built ${p.id}`);
      most = Math.max(most, paged.held);
      // Read so far: the pages up to this one and, from a page's first patient on, the next.
      expect(reads.length).toBe(Math.min(pages.length, Math.floor(at / size) + 2));
    }
    expect(reads).toEqual(pages);
    expect(most).toBeLessThanOrEqual(2);
    // Every page let go once its last patient is built.
    expect(paged.held).toBe(0);
  });

  it('holds at most three pages with a few patients in flight on each side of a page’s end', async () => {
    const roster = rosterOf(40);
    const { reads, read } = reader();
    const paged = superbillPages(roster, read, 4);
    // Six lanes, as two PDF threads run: each takes the next place when its last is built.
    let next = 0;
    let most = 0;
    const lane = async () => {
      while (next < roster.length) {
        const at = next++;
        const building = paged.build(at);
        most = Math.max(most, paged.held);
        await building;
      }
    };
    await Promise.all(Array.from({ length: 6 }, lane));
    expect(reads.flat()).toEqual(roster.map((p) => p.id));
    expect(most).toBeLessThanOrEqual(3);
    expect(paged.held).toBe(0);
  });

  it('fails the patients of a page that cannot be read, and only them; a page read ahead and never built fails nothing', async () => {
    const roster = rosterOf(9);
    const { read } = reader((first) => first === 103 || first === 106);
    const paged = superbillPages(roster, read, 3);
    await expect(paged.build(0)).resolves.toBeTruthy();
    await expect(paged.build(3)).rejects.toThrow('page from 103 could not be read');
    // Page 106's read (begun ahead as page 103 was) fails unasked: no unhandled rejection ends the run.
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(paged.build(9)).rejects.toThrow(RangeError);
  });
});
