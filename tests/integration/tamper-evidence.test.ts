import { describe, expect, it } from 'vitest';
import { openHost } from '../../db/host';
import { verifyLedger } from '../../db/queries/ledger';
import type { IntegrityReport } from '../../shared/integrity';
import { createService } from '../../db/service';
import { dispatch } from '../../shared/dispatch';
import { chartVisit, itbsClinic, signedVisitOnFile, type ItbsClinic } from '../support/charting';
import { TEST_ENGINE, valueOf } from '../support/db';
import { versionFixtures } from './migration-fixtures';
import { reopenableDb } from '../support/db';

/**
 * Tamper evidence on a real database: a guard dropped and a signed record changed with plain SQL,
 * as a stray tool or a hand in the sqlite3 shell would. The ledger names the altered record, the
 * next open puts the guard back (audited), and `needlebook check` exits 1.
 */
const dropGuard = TEST_ENGINE === 'sqlite' ? 'DROP TRIGGER visit_signed_no_update' : 'DROP TRIGGER visit_signed ON visit';

/** A second seat on the same database, as another clinic workstation would be. */
function appOn(t: ItbsClinic) {
  const service = createService(t.ctx, { appVersion: 'test', databaseFile: '', schemaVersion: () => t.db.schemaVersion() });
  return (channel: string, input: unknown) =>
    dispatch(service, channel, input, (e) => {
      throw e;
    });
}

async function openedReport(target: string): Promise<{ report: IntegrityReport; audit: unknown[] }> {
  const host = await openHost(target, { actor: 'test', log: () => {} });
  try {
    const report = valueOf(await host.handle('integrity', {})) as IntegrityReport;
    const audit = await host.engine.all("SELECT action, entity, detail FROM audit_log WHERE action IN ('guard', 'seal') ORDER BY id");
    return { report, audit };
  } finally {
    await host.close();
  }
}

describe(`tamper evidence (${TEST_ENGINE})`, () => {
  it('a clean file verifies: every signed record and addendum re-hashes to its seal', async () => {
    const t = await signedVisitOnFile();
    const { report, audit } = await openedReport(t.place.target);
    expect(report.problems).toEqual([]);
    expect(report.guardsRestored).toEqual([]);
    expect(report.checked).toBe(2); // the signed visit and its addendum
    expect(audit).toEqual([]);
  });

  it('names a signed visit changed after its guard was dropped, and puts the guard back on open', async () => {
    const t = await signedVisitOnFile();
    await t.place.raw(`${dropGuard}; UPDATE visit SET subjective = 'Knee worse' WHERE id = ${t.signed}`);
    const { report, audit } = await openedReport(t.place.target);
    expect(report.problems).toEqual([{ kind: 'visit', id: t.signed, problem: `visit ${t.signed} was altered after it was signed` }]);
    expect(report.guardsRestored).toEqual([TEST_ENGINE === 'sqlite' ? 'visit_signed_no_update' : 'visit_signed']);
    expect(audit).toEqual([{ action: 'guard', entity: 'trigger', detail: `missing ${report.guardsRestored[0]} put back` }]);
    // The guard is back: the same plain UPDATE is refused now.
    await expect(t.place.raw(`UPDATE visit SET subjective = 'again' WHERE id = ${t.signed}`)).rejects.toThrow(/signed visit/);
  });

  it('names a changed treatment row, an altered ledger row and a removed seal', async () => {
    const t = await signedVisitOnFile();
    const dropChildGuard =
      TEST_ENGINE === 'sqlite' ? 'DROP TRIGGER visit_acupoint_frozen_update' : 'ALTER TABLE visit_acupoint DISABLE TRIGGER visit_acupoint_frozen';
    const dropLedgerGuard = TEST_ENGINE === 'sqlite' ? 'DROP TRIGGER signed_ledger_no_update' : 'DROP TRIGGER signed_ledger_append_only ON signed_ledger';
    await t.place.raw(`${dropChildGuard}; UPDATE visit_acupoint SET side = 'L' WHERE visit_id = ${t.signed} AND position = 0`);
    await t.place.raw(`${dropLedgerGuard}; UPDATE signed_ledger SET chain_hash = '${'0'.repeat(64)}' WHERE record_kind = 'addendum'`);
    const db = await t.place.open();
    try {
      const report = await verifyLedger(db);
      expect(report.problems.map((p) => p.problem)).toEqual([
        `ledger row 3 was altered: its chain does not match`,
        `visit ${t.signed} was altered after it was signed`,
      ]);
    } finally {
      await db.close();
    }
  });

  it('a file from before the ledger has its signed records sealed once, on first open', async () => {
    const place = reopenableDb();
    const old = await place.open({ targetVersion: 12 });
    await versionFixtures[12]!.seed(old);
    await old.close();
    const first = await openedReport(place.target);
    expect(first.report.problems).toEqual([]);
    expect(first.report.checked).toBeGreaterThan(0);
    // The clinic's server sealed them itself as it reached version 25 (no login writes its ledger).
    expect(first.audit).toEqual(
      TEST_ENGINE === 'sqlite' ? [{ action: 'seal', entity: 'ledger', detail: `${first.report.checked} records signed before the ledger` }] : [],
    );
    // Sealing happens once: a record signed before the ledger whose seal is then removed is reported, never re-sealed.
    const second = await openedReport(place.target);
    expect(second.audit).toEqual(first.audit);
    expect(second.report.problems).toEqual([]);
  });

  it('keeps one unbroken chain when two seats sign at the same moment', async () => {
    const t = await itbsClinic();
    const visits = [];
    for (const day of ['02', '03', '04', '05', '06', '09']) visits.push(await chartVisit(t, `2026-03-${day}T10:00`));
    const seats = [t.call, appOn(t)];
    const outcomes = await Promise.all(visits.map((v, i) => seats[i % 2]!('signVisit', { id: v.id, providerId: t.mara.id })));
    // The second seat waits for the first one's seal (PostgreSQL) or its turn to write (SQLite): nobody is refused.
    expect(outcomes.map((o) => o.ok)).toEqual(visits.map(() => true));
    const signed = visits.length;
    const report = await verifyLedger(t.db);
    expect(report).toEqual({ checked: signed, problems: [] });
    expect(await t.db.all('SELECT seq FROM signed_ledger ORDER BY seq')).toEqual(Array.from({ length: signed + 1 }, (_, i) => ({ seq: i + 1 })));
  });
});
