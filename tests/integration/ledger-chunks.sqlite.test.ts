import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../db/queries/ledger';
import { chartVisit, itbsClinic } from '../support/charting';
import { valueOf } from '../support/db';
import { copySignedVisits } from '../bench/signed-records';

/**
 * Verify re-hashes signed records a chunk of 2,000 at a time by id, each chunk's child rows read by
 * the same id range (db/queries/ledger.ts, hashChunks): so `needlebook check` holds a chunk, not the
 * whole record (issue 38, point 5). A record or a child row changed in a later chunk is still named,
 * and a clean file still verifies every record. (On PostgreSQL the server hashes its own rows, 1,000
 * a statement: ledger-hashes.postgres.test.ts.)
 */
describe('verify across chunks (sqlite)', () => {
  it('verifies 4,501 signed visits in three chunks, and names a visit and a treatment row changed past the first', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00', { leadPairs: [] });
    valueOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id }));
    await copySignedVisits(t.db, 4500);
    const clean = await verifyLedger(t.db);
    expect(clean.problems).toEqual([]);
    expect(clean.checked).toBe(4501);

    const ids = (await t.db.all<{ id: number }>('SELECT id FROM visit WHERE signed_at IS NOT NULL ORDER BY id')).map((r) => r.id);
    const [inSecond, inThird] = [ids[2500]!, ids[4400]!];
    await t.db.exec('DROP TRIGGER visit_signed_no_update; DROP TRIGGER visit_acupoint_frozen_update');
    await t.db.run("UPDATE visit SET subjective = 'changed later' WHERE id = ?", [inThird]);
    await t.db.run("UPDATE visit_acupoint SET side = 'L' WHERE visit_id = ? AND point_code = 'GB34'", [inSecond]);
    const report = await verifyLedger(t.db);
    expect(report.checked).toBe(4501);
    expect(report.problems).toEqual([inSecond, inThird].map((id) => ({ kind: 'visit', id, problem: `visit ${id} was altered after it was signed` })));
  });

  it('walks a ledger of 11,002 rows 5,000 at a time, naming a chain broken and a row taken out past the first chunk', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00', { leadPairs: [] });
    valueOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id }));
    await copySignedVisits(t.db, 11_000);
    expect((await verifyLedger(t.db)).problems).toEqual([]);
    const gone = (await t.db.get<{ kind: string; id: number }>('SELECT record_kind AS kind, record_id AS id FROM signed_ledger WHERE seq = 10500'))!;
    await t.db.exec('DROP TRIGGER signed_ledger_no_update; DROP TRIGGER signed_ledger_no_delete');
    await t.db.run(`UPDATE signed_ledger SET chain_hash = '${'0'.repeat(64)}' WHERE seq = 7000`);
    await t.db.run('DELETE FROM signed_ledger WHERE seq = 10500');
    const { problems } = await verifyLedger(t.db);
    expect(problems).toContainEqual({ kind: 'ledger', id: 7000, problem: 'ledger row 7000 was altered: its chain does not match' });
    expect(problems).toContainEqual({ kind: 'ledger', id: 7001, problem: 'ledger row 7001 was altered: its chain does not match' });
    expect(problems).toContainEqual({ kind: 'ledger', id: 10500, problem: 'ledger row 10500 is missing' });
    expect(problems).toContainEqual({ kind: gone.kind, id: Number(gone.id), problem: `signed ${gone.kind} ${gone.id} is not in the ledger` });
  }, 120_000);
});
