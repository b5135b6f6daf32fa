import { extraName, guardDrift } from './guards';
import type { Engine } from './engine/types';
import { verifyLedger, type LedgerReport } from './queries/ledger';
import { LATEST_VERSION } from './migrations';
import { setBackLine } from './migrate';

/** The newest backup's ledger head, for `check` to hold the file's ledger against (db/backup.ts). */
export interface BackupHead {
  name: string;
  seq: number;
  chainHash: string;
}

/**
 * The record half of `needlebook check`, on either engine and without changing anything: a schema
 * version set back below the database's own migration record, guards missing or altered and
 * triggers added beside them, every signed record re-hashed against the ledger, and the ledger
 * against the newest backup's head. Prints a line per finding (ids only, never names or note
 * text); returns whether all is well.
 */
export async function checkRecords(
  engine: Engine,
  print: (line: string) => void,
  backup: BackupHead | null = null,
  // The ledger's verify, elsewhere if the caller has a better place for it (a data file's: a worker thread, its heap bounded).
  verify: () => Promise<LedgerReport> = () => verifyLedger(engine),
): Promise<boolean> {
  const version = await engine.schemaVersion();
  const recorded = await recordedVersion(engine);
  const setBack = setBackLine(version, recorded);
  if (setBack) {
    print(setBack);
    return false;
  }
  if (version < LATEST_VERSION) {
    print('guards and ledger: not checked until the app upgrades this database');
    return true;
  }
  const drift = await guardDrift(engine);
  const names = (gs: { name: string }[]) => gs.map((g) => g.name).join(', ');
  const guardParts = [
    drift.missing.length ? `missing ${names(drift.missing)}` : '',
    drift.altered.length ? `altered ${names(drift.altered)}` : '',
    drift.extra.length ? `extra ${drift.extra.map(extraName).join(', ')}` : '',
  ];
  print(`guards: ${guardParts.filter(Boolean).join('; ') || 'ok'}`);
  const started = performance.now();
  const report = await verify();
  const ms = Math.round(performance.now() - started);
  if (report.problems.length === 0) print(`signed records: ${report.checked} verified in ${ms} ms, ok`);
  else {
    print(`signed records: ${report.checked} verified in ${ms} ms, ${report.problems.length} do not match`);
    for (const p of report.problems) print(`  ${p.problem}`);
  }
  const behind = backup ? await ledgerAgainstBackup(engine, backup) : null;
  if (backup) print(`ledger against the newest backup (${backup.name}, row ${backup.seq}): ${behind ?? 'ok'}`);
  return drift.missing.length === 0 && drift.altered.length === 0 && drift.extra.length === 0 && report.problems.length === 0 && behind === null;
}

/** The highest version in the database's own migration record (migration 26), or null before it. */
async function recordedVersion(engine: Engine): Promise<number | null> {
  const has = await engine.get(engine.dialect.catalog.hasTable, ['schema_history']);
  if (!has) return null;
  const row = await engine.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_history');
  return row?.v ?? null;
}

/**
 * The file's ledger at the backup's last row: shorter (rows removed from its end) or different
 * there (a chain recomputed after a record was changed) is named; null when it holds.
 */
export async function ledgerAgainstBackup(engine: Engine, backup: BackupHead): Promise<string | null> {
  const row = await engine.get<{ chainHash: string }>('SELECT chain_hash AS "chainHash" FROM signed_ledger WHERE seq = ?', [backup.seq]);
  if (!row) {
    const last = await engine.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM signed_ledger');
    return `the ledger is shorter than in ${backup.name}: it ends at row ${last?.seq ?? 0}, the backup holds row ${backup.seq}`;
  }
  if (row.chainHash !== backup.chainHash) return `ledger row ${backup.seq} differs from ${backup.name}: the chain was rewritten`;
  return null;
}
