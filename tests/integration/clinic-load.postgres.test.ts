import { describe, expect, it } from 'vitest';
import { describeLoad, runClinicLoad } from '../bench/clinic-load';

/**
 * The load test's short form (`npm run load` runs it for two minutes): ten seats, each its own
 * process and login, charting and signing at once on one PostgreSQL. What must hold is checked
 * against the server afterwards — nothing acknowledged is lost, nothing is refused, the ledger
 * verifies; the timings are printed, never asserted (docs/performance.md).
 */
describe('ten clinic seats charting and signing at once', () => {
  it('loses and refuses nothing, and the ledger verifies', async () => {
    const report = await runClinicLoad(process.env.NEEDLEBOOK_TEST_PG!, { seats: 10, seconds: 6 });
    process.stdout.write(`${describeLoad(report)}\n`);
    expect(report.lost).toEqual([]);
    expect(report.refusals).toEqual([]);
    expect(report.ledgerProblems).toBe(0);
    expect(report.signed).toBeGreaterThanOrEqual(10);
    expect(report.calls.review!.count).toBe(report.signed);
  }, 120_000);
});
