import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openHost } from '../../db/host';
import { verifyLedger } from '../../db/queries/ledger';
import type { IntegrityReport } from '../../shared/integrity';
import { createService } from '../../db/service';
import { dispatch } from '../../shared/dispatch';
import { chartVisit, itbsClinic, signedVisitOnFile, type ItbsClinic } from '../support/charting';
import { TEST_ENGINE, valueOf } from '../support/db';
import { versionFixtures } from './migration-fixtures';
import { LATEST_VERSION } from '../../db/migrations';
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

  it('names a signed visit whose safety screen at signing was rewritten: the seal covers it (migration 28)', async () => {
    const t = await signedVisitOnFile();
    const kept = await t.place.open();
    const stored = (await kept.get<{ s: string | null }>('SELECT safety_screen_at_signing AS s FROM visit WHERE id = ?', [t.signed]))!.s;
    await kept.close();
    expect(stored).toBe('{"screen":null}');
    const rewritten = JSON.stringify({ screen: { reviewedOn: '2026-03-01', pregnant: false, implantedDevice: false } });
    await t.place.raw(`${dropGuard}; UPDATE visit SET safety_screen_at_signing = '${rewritten}' WHERE id = ${t.signed}`);
    const { report } = await openedReport(t.place.target);
    expect(report.problems).toEqual([{ kind: 'visit', id: t.signed, problem: `visit ${t.signed} was altered after it was signed` }]);
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

  it('a file from before the ledger has its signed records sealed once, by the upgrade that adds the ledger', async () => {
    const place = reopenableDb();
    const old = await place.open({ targetVersion: 12 });
    await versionFixtures[12]!.seed(old);
    await old.close();
    const first = await openedReport(place.target);
    expect(first.report.problems).toEqual([]);
    expect(first.report.checked).toBeGreaterThan(0);
    // On both engines the upgrade seals them, hashed as the app hashes (the server's own hash is the same).
    expect(first.audit).toEqual([{ action: 'seal', entity: 'ledger', detail: `${first.report.checked} records signed before the ledger` }]);
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

/** `needlebook check` as it runs for the practitioner: the real bin entry, its exit code and what it printed. */
function check(target: string) {
  const r = spawnSync(process.execPath, ['electron/needlebook.mjs', 'check', '--db', target], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

type Place = Awaited<ReturnType<typeof signedVisitOnFile>>['place'];

/**
 * Runs `sql` through the driver with every trigger on `tables` out of the way, then puts them back
 * as they were: what someone who can write the file does so that the guard check finds nothing.
 */
async function behindGuards(place: Place, tables: string[], sql: string): Promise<void> {
  if (TEST_ENGINE === 'sqlite') {
    const list = tables.map((t) => `'${t}'`).join(', ');
    const triggers = (await place.raw(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${list})`)) as {
      name: string;
      sql: string;
    }[];
    await place.raw(`${triggers.map((t) => `DROP TRIGGER "${t.name}";`).join(' ')} ${sql}; ${triggers.map((t) => `${t.sql};`).join(' ')}`);
  } else {
    const off = tables.map((t) => `ALTER TABLE ${t} DISABLE TRIGGER USER;`).join(' ');
    const on = tables.map((t) => `ALTER TABLE ${t} ENABLE TRIGGER USER;`).join(' ');
    await place.raw(`${off} ${sql}; ${on}`);
  }
}

describe(`evidence that cannot be erased quietly (${TEST_ENGINE})`, () => {
  it('an emptied ledger is named by check and by the banner, and is never sealed again', async () => {
    const t = await signedVisitOnFile();
    await behindGuards(t.place, ['signed_ledger'], 'DELETE FROM signed_ledger');
    // A signed visit altered after the ledger was emptied: nothing may seal it as it now stands.
    await behindGuards(t.place, ['visit'], `UPDATE visit SET subjective = 'Knee worse' WHERE id = ${t.signed}`);
    const before = check(t.place.target);
    expect(before.out).toContain('the signed-records ledger is empty while 2 records are signed');
    expect(before.out).toContain(`signed visit ${t.signed} is not in the ledger`);
    expect(before.code).toBe(1);
    const { report, audit } = await openedReport(t.place.target);
    expect(report.problems.map((p) => p.problem)).toContain('the signed-records ledger is empty while 2 records are signed');
    expect(audit).toEqual([]);
    expect(await t.place.raw('SELECT count(*) AS n FROM signed_ledger')).toEqual([{ n: TEST_ENGINE === 'sqlite' ? 0 : '0' }]);
    expect(check(t.place.target).code).toBe(1);
  });

  it('a ledger shortened with the records it sealed is named from the audit log', async () => {
    const t = await signedVisitOnFile();
    const addendum = (await t.place.raw('SELECT id FROM addendum')) as { id: number }[];
    await behindGuards(t.place, ['addendum', 'signed_ledger'], `DELETE FROM addendum; DELETE FROM signed_ledger WHERE record_kind = 'addendum'`);
    const result = check(t.place.target);
    expect(result.out).toContain(`addendum ${addendum[0]!.id} is gone: the audit log records it, the ledger has no row for it`);
    expect(result.code).toBe(1);
  });

  it('a schema version set back below the file’s own migration record is named, and the app refuses to open it', async () => {
    const t = await signedVisitOnFile();
    await t.place.raw(TEST_ENGINE === 'sqlite' ? 'PRAGMA user_version = 23' : 'UPDATE needlebook_schema SET version = 23');
    const result = check(t.place.target);
    expect(result.out).toContain(`schema version: 23 (this Needlebook: ${LATEST_VERSION}) — set back; Needlebook will not open it`);
    expect(result.out).toContain(`schema version 23 is lower than this database's own migration record (${LATEST_VERSION})`);
    expect(result.code).toBe(1);
    const said = `set back to 23, but its own migration record shows it reached version ${LATEST_VERSION}`;
    if (TEST_ENGINE === 'postgres') await expect(openHost(t.place.target, { actor: 'test', log: () => {} })).rejects.toThrow(said);
    else {
      // A file that will not open is served for recovery only: the window says why and offers its backups.
      const host = await openHost(t.place.target, { actor: 'test', log: () => {} });
      try {
        expect(host.unusable).toContain(said);
        expect(await host.handle('session', {})).toMatchObject({ ok: false, error: { message: expect.stringContaining(said) } });
      } finally {
        await host.close();
      }
    }
  });

  it('an extra trigger that silences the access audit is named by check and removed on open, audited', async () => {
    const t = await signedVisitOnFile();
    await t.place.raw(
      TEST_ENGINE === 'sqlite'
        ? `CREATE TRIGGER zz_quiet BEFORE INSERT ON audit_log WHEN NEW.action IN ('view','search','export') BEGIN SELECT RAISE(IGNORE); END`
        : `CREATE FUNCTION quiet() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
           CREATE TRIGGER zz_quiet BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action IN ('view','search','export')) EXECUTE FUNCTION quiet()`,
    );
    const result = check(t.place.target);
    expect(result.out).toContain('guards: extra zz_quiet on audit_log');
    expect(result.code).toBe(1);
    const { report, audit } = await openedReport(t.place.target);
    expect(report.guardsRestored).toEqual(['zz_quiet']);
    expect(audit).toEqual([{ action: 'guard', entity: 'trigger', detail: 'extra zz_quiet on audit_log removed' }]);
    expect(check(t.place.target).code).toBe(0);
  });
});
