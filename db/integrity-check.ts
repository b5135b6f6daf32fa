import { guardDrift } from './guards';
import type { Engine } from './engine/types';
import { verifyLedger } from './queries/ledger';
import { LATEST_VERSION } from './migrations';

/**
 * The record half of `needlebook check`, on either engine and without changing anything: guards
 * missing or altered, and every signed record re-hashed against the ledger. Prints a line per
 * finding (ids only, never names or note text); returns whether all is well.
 */
export async function checkRecords(engine: Engine, print: (line: string) => void): Promise<boolean> {
  const version = await engine.schemaVersion();
  if (version < LATEST_VERSION) {
    print('guards and ledger: not checked until the app upgrades this database');
    return true;
  }
  const drift = await guardDrift(engine);
  const names = (gs: { name: string }[]) => gs.map((g) => g.name).join(', ');
  const guardParts = [drift.missing.length ? `missing ${names(drift.missing)}` : '', drift.altered.length ? `altered ${names(drift.altered)}` : ''];
  print(`guards: ${guardParts.filter(Boolean).join('; ') || 'ok'}`);
  const started = performance.now();
  const report = await verifyLedger(engine);
  const ms = Math.round(performance.now() - started);
  if (report.problems.length === 0) print(`signed records: ${report.checked} verified in ${ms} ms, ok`);
  else {
    print(`signed records: ${report.checked} verified in ${ms} ms, ${report.problems.length} do not match`);
    for (const p of report.problems) print(`  ${p.problem}`);
  }
  return drift.missing.length === 0 && drift.altered.length === 0 && report.problems.length === 0;
}
