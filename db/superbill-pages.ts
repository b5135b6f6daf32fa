import type { SuperbillData } from '../shared/reports/superbill-data';
import type { RosterPatient, SuperbillSources } from './queries/superbills';

/**
 * How many patients' rows the month batch reads at once. A page of 250 is about 2 MiB of rows and
 * one short read (a few milliseconds on either engine); the month's 7,681 patients are 31 of them.
 */
export const SUPERBILL_PAGE = 250;

/**
 * A roster's superbills, read a page of patients at a time and built in roster order: the rows held
 * are those of the page being built and the next one (read ahead as the page is begun, so the lanes
 * never wait for it), and a page is let go when its last patient is built. Memory then holds a page's
 * rows whatever the month's size (issue 38, point 5). `build(at)` is asked once for each place on
 * the roster, in order; several may be in flight at once.
 */
export function superbillPages(
  roster: readonly RosterPatient[],
  read: (patients: readonly RosterPatient[]) => Promise<SuperbillSources>,
  size = SUPERBILL_PAGE,
) {
  const held = new Map<number, { sources: Promise<SuperbillSources>; left: number }>();
  const pages = Math.ceil(roster.length / size);
  const open = (k: number) => {
    let page = held.get(k);
    if (!page) {
      const patients = roster.slice(k * size, (k + 1) * size);
      const sources = read(patients);
      // A page read ahead for a batch cancelled before it must not end the process with its error.
      sources.catch(() => undefined);
      page = { sources, left: patients.length };
      held.set(k, page);
    }
    return page;
  };
  return {
    async build(at: number): Promise<SuperbillData> {
      const patient = roster[at];
      if (!patient) throw new RangeError(`No patient at ${at} of a roster of ${roster.length}`);
      const k = Math.floor(at / size);
      const page = open(k);
      if (at % size === 0 && k + 1 < pages) open(k + 1);
      try {
        return (await page.sources).build(patient.id);
      } finally {
        if (--page.left === 0) held.delete(k);
      }
    },
    /** How many pages' rows are held now (read, being read, or being built). */
    get held(): number {
      return held.size;
    },
  };
}
