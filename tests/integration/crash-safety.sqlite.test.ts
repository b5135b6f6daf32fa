import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { readOnlySqlite } from '../../db/engine/sqlite';
import { openHost } from '../../db/host';
import { verifyLedger } from '../../db/queries/ledger';
import { valueOf } from '../support/db';

/**
 * Power-cut safety: a child process charts and signs visits through the service on a real file and
 * is killed with SIGKILL at a random moment, 50 times. After each kill the file is intact, every
 * visit the child reported committed is there with all its rows, no visit is half-written, and the
 * ledger verifies. The lock the killed child leaves is taken over by the next one.
 */
const ROUNDS = 50;

function runAndKill(args: string[], afterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/crash-child.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('ready\n') && !child.killed) setTimeout(() => child.kill('SIGKILL'), afterMs).unref();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`the child ended by itself (${code}): ${err}`));
      resolve(out.split('\n').filter(Boolean));
    });
  });
}

describe('crash safety', () => {
  it(`survives ${ROUNDS} SIGKILLs mid-charting: nothing corrupt, nothing lost, nothing half-written`, { timeout: 600_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'needlebook-crash-')), 'clinic.db');
    const setup = await openHost(file, { actor: 'test', log: () => {} });
    const call = async (channel: string, input: unknown) => valueOf(await setup.handle(channel, input)) as { id: number };
    const mara = await call('saveProvider', { name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' });
    const ana = await call('savePatient', { firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female' });
    const careCase = await call('saveCase', {
      patientId: ana.id,
      conditionText: 'IT band syndrome',
      side: 'right',
      onsetDate: '2026-02-16',
      startDate: '2026-03-01',
      diagnoses: [{ code: 'M76.31' }],
    });
    await setup.close();

    const tally = { rounds: 0, reportedSigned: 0, corrupt: 0, lost: 0, halfWritten: 0 };
    const signed = new Set<number>();
    const saved = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      const lines = await runAndKill([file, String(careCase.id), String(mara.id)], 30 + Math.floor(Math.random() * 400));
      for (const line of lines) {
        const [what, id] = line.split(' ');
        if (what === 'signed') signed.add(Number(id));
        if (what === 'saved') saved.add(Number(id));
      }
      tally.rounds++;
      const db = new BetterSqlite3(file, { readonly: true });
      try {
        if (db.pragma('integrity_check', { simple: true }) !== 'ok') tally.corrupt++;
        const visits = db
          .prepare(
            `SELECT v.id, v.signed_at AS signedAt,
               (SELECT count(*) FROM visit_acupoint a WHERE a.visit_id = v.id) AS points,
               (SELECT count(*) FROM visit_trigger_point t WHERE t.visit_id = v.id) AS tps,
               (SELECT count(*) FROM visit_lead_pair l WHERE l.visit_id = v.id) AS leads,
               (SELECT count(*) FROM signed_ledger s WHERE s.record_kind = 'visit' AND s.record_id = v.id) AS sealed
             FROM visit v`,
          )
          .all() as { id: number; signedAt: string | null; points: number; tps: number; leads: number; sealed: number }[];
        const byId = new Map(visits.map((v) => [v.id, v]));
        for (const id of signed) if (!byId.get(id)?.signedAt || byId.get(id)!.sealed !== 1) tally.lost++;
        for (const id of saved) if ((byId.get(id)?.points ?? 0) !== 3) tally.lost++;
        for (const v of visits) {
          const whole = (v.points === 3 && v.tps === 3 && v.leads === 1) || (v.points === 0 && v.tps === 0 && v.leads === 0 && !v.signedAt);
          if (!whole || (v.signedAt !== null) !== (v.sealed === 1)) tally.halfWritten++;
        }
      } finally {
        db.close();
      }
    }
    tally.reportedSigned = signed.size;
    const engine = readOnlySqlite(file);
    const ledger = await verifyLedger(engine);
    await engine.close();
    process.stdout.write(
      `crash safety: ${tally.rounds} SIGKILLs, ${tally.reportedSigned} visits reported signed — ${tally.corrupt} corrupt, ${tally.lost} lost, ${tally.halfWritten} half-written, ${ledger.problems.length} ledger problems over ${ledger.checked} signed records\n`,
    );
    expect(tally).toMatchObject({ rounds: ROUNDS, corrupt: 0, lost: 0, halfWritten: 0 });
    expect(tally.reportedSigned).toBeGreaterThan(ROUNDS / 2);
    expect(ledger.problems).toEqual([]);
  });
});
