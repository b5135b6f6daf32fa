import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { openHost } from '../../db/host';
import { chainHash, contentHash } from '../../db/queries/ledger';
import { signedVisitOnFile } from '../support/charting';

/**
 * The ledger head every backup carries (SQLite data files; a clinic's server has no backups of
 * Needlebook's own): `needlebook check` holds the file's ledger against the newest backup's, so a
 * ledger shortened together with the audit rows that named its records, or one whose chain was
 * recomputed after a signed record changed, is caught as long as one earlier backup exists.
 */
function check(file: string) {
  const r = spawnSync(process.execPath, ['electron/needlebook.mjs', 'check', '--db', file], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Through the driver, every trigger on `tables` dropped for the change and put back after it. */
function behindGuards(file: string, tables: string[], work: (db: BetterSqlite3.Database) => void): void {
  const db = new BetterSqlite3(file);
  try {
    const triggers = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${tables.map(() => '?').join(', ')})`)
      .all(...tables) as { name: string; sql: string }[];
    for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
    work(db);
    for (const t of triggers) db.exec(t.sql);
  } finally {
    db.close();
  }
}

async function backedUp() {
  const t = await signedVisitOnFile();
  const host = await openHost(t.place.target, { actor: 'test', log: () => {} });
  try {
    await host.backupNow();
    const audit = await host.engine.all<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'backup'");
    // The head is recorded where the backup is noted too: its last row and the start of its chain hash.
    expect(audit).toEqual([
      { detail: expect.stringMatching(/^needlebook-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.db, \d+ bytes, ledger row 3 [0-9a-f]{16}, in the backup folder$/) },
    ]);
  } finally {
    await host.close();
  }
  expect(check(t.place.target)).toMatchObject({
    code: 0,
    out: expect.stringMatching(/ledger against the newest backup \(needlebook-[0-9a-f-]+\.db, row 3\): ok/),
  });
  return t;
}

describe('the ledger against the newest backup (sqlite)', () => {
  it('names a ledger shortened with its records and the audit rows that named them', async () => {
    const t = await backedUp();
    behindGuards(t.place.target, ['addendum', 'signed_ledger', 'audit_log'], (db) =>
      db.exec("DELETE FROM addendum; DELETE FROM signed_ledger WHERE record_kind = 'addendum'; DELETE FROM audit_log WHERE action = 'addendum'"),
    );
    const result = check(t.place.target);
    // Inside the file nothing is left to show it; the backup's head does.
    expect(result.out).toContain('signed records: 1 verified');
    expect(result.out).toMatch(/the ledger is shorter than in needlebook-[0-9a-f-]+\.db: it ends at row 2, the backup holds row 3/);
    expect(result.code).toBe(1);
  });

  it('names a chain recomputed after a signed addendum was rewritten', async () => {
    const t = await backedUp();
    behindGuards(t.place.target, ['addendum', 'signed_ledger'], (db) => {
      db.exec("UPDATE addendum SET text = 'Nothing to report'");
      const row = db.prepare('SELECT * FROM addendum').get() as Record<string, unknown>;
      const previous = db.prepare('SELECT chain_hash AS c FROM signed_ledger WHERE seq = 2').get() as { c: string };
      const content = contentHash('addendum', row, []);
      db.prepare('UPDATE signed_ledger SET content_hash = ?, chain_hash = ? WHERE seq = 3').run(
        content,
        chainHash(previous.c, 3, 'addendum', Number(row.id), content),
      );
    });
    const result = check(t.place.target);
    // The file agrees with itself: only the backup shows the rewrite.
    expect(result.out).toMatch(/signed records: 2 verified in \d+ ms, ok/);
    expect(result.out).toMatch(/ledger row 3 differs from needlebook-[0-9a-f-]+\.db: the chain was rewritten/);
    expect(result.code).toBe(1);
  });
});
