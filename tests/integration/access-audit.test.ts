import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/engine/types';
import { audit, auditAlone } from '../../db/queries/audit';
import type { AuditPage } from '../../shared/audit';
import { chartVisit, itbsClinic, signedAssessment } from '../support/charting';
import { TEST_ENGINE, testEngine, valueOf } from '../support/db';

/**
 * Every look at a record is audited: opening a patient, case, visit or assessment, a search, an
 * account view, an export. Rows carry the record's id and counts, never what was read or typed.
 */
describe(`the audit log of access (${TEST_ENGINE})`, () => {
  async function clinicWithReads() {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00', { subjective: 'Secretword pain on the descent' });
    const assessment = await signedAssessment(t);
    const other = valueOf(await t.call('savePatient', { firstName: 'Ben', lastName: 'Brandt', dateOfBirth: '1985-06-01', sex: 'male' })) as { id: number };
    const reads: [string, unknown][] = [
      ['getPatient', { id: t.ana.id }],
      ['getCase', { id: t.careCase.id }],
      ['getVisit', { id: visit.id }],
      ['getAssessment', { id: assessment.id }],
      ['searchNotes', { query: 'secretword' }],
      ['listPatients', { search: 'Reyes' }],
      ['patientAccount', { patientId: t.ana.id }],
      ['getPatient', { id: other.id }],
      ['progressReport', { caseId: t.careCase.id }],
    ];
    for (const [channel, input] of reads) valueOf(await t.call(channel, input));
    return { ...t, visit, assessment, other };
  }
  const log = async (t: Awaited<ReturnType<typeof itbsClinic>>, query: Record<string, unknown>) => valueOf(await t.call('auditLog', query)) as AuditPage;

  it('records each read with its record, newest first, and no note text or search words', async () => {
    const t = await clinicWithReads();
    const page = await log(t, { action: undefined, limit: 9 });
    expect(page.entries.map((e) => [e.action, e.entity, e.entityId, e.detail])).toEqual([
      ['export', 'case', t.careCase.id, 'progress report'],
      ['view', 'patient', t.other.id, null],
      ['view', 'patient', t.ana.id, 'account'],
      ['search', 'patients', null, '1 shown'],
      ['search', 'notes', null, '1 hits'],
      ['view', 'assessment', t.assessment.id, null],
      ['view', 'visit', t.visit.id, null],
      ['view', 'case', t.careCase.id, null],
      ['view', 'patient', t.ana.id, null],
    ]);
    const everything = JSON.stringify(await t.db.all('SELECT * FROM audit_log'));
    expect(everything).not.toMatch(/secretword|Reyes|descent/i);
  });

  it('filters by patient across the patient’s cases, visits and assessments, by action and by date, and pages', async () => {
    const t = await clinicWithReads();
    const ana = await log(t, { patientId: t.ana.id, action: 'view' });
    expect(new Set(ana.entries.map((e) => `${e.entity} ${e.entityId}`))).toEqual(
      new Set([`patient ${t.ana.id}`, `case ${t.careCase.id}`, `visit ${t.visit.id}`, `assessment ${t.assessment.id}`]),
    );
    expect(ana.entries.every((e) => e.patientId === t.ana.id && e.patientName === 'Ana Reyes')).toBe(true);
    expect((await log(t, { patientId: t.other.id })).entries.map((e) => e.action)).toEqual(['view', 'create']);
    const today = t.clock.now().toISOString().slice(0, 10);
    expect((await log(t, { from: today, to: today })).entries.length).toBeGreaterThan(10);
    expect((await log(t, { to: '2000-01-01' })).entries).toEqual([]);

    const first = await log(t, { limit: 5 });
    expect(first.next).not.toBeNull();
    const second = await log(t, { limit: 5, before: first.next });
    expect(second.entries[0]!.id).toBeLessThan(first.entries[4]!.id);
    expect(new Set([...first.entries, ...second.entries].map((e) => e.id)).size).toBe(10);
  });

  it('names the provider signed in at the keyboard on each row', async () => {
    const t = await itbsClinic();
    const withProvider = { ...t.ctx, providerId: () => t.theo.id };
    await audit(withProvider, 'view', 'patient', t.ana.id);
    const page = await log(t, { providerId: t.theo.id });
    expect(page.entries.map((e) => [e.providerName, e.action, e.entity])).toEqual([['Theo Lindqvist', 'view', 'patient']]);
  });

  it('commits a read’s audit row without waiting for the disk, and every other transaction still waits', async () => {
    const engine = await testEngine();
    // What the engine is set to: SQLite's synchronous (2 = FULL, 1 = NORMAL), PostgreSQL's
    // synchronous_commit and where its value came from (the server's own, or this transaction's).
    const setting = async (db: Db) =>
      TEST_ENGINE === 'sqlite'
        ? String((await db.get<{ synchronous: number }>('PRAGMA synchronous'))!.synchronous)
        : Object.values((await db.get<{ setting: string; source: string }>("SELECT setting, source FROM pg_settings WHERE name = 'synchronous_commit'"))!).join(
            ' ',
          );
    // SQLite's files are opened FULL; the test server's own setting is whatever its cluster says.
    const waits = TEST_ENGINE === 'sqlite' ? '2' : await setting(engine);
    const relaxed = TEST_ENGINE === 'sqlite' ? '1' : 'off session';
    expect(await engine.transaction((tx) => setting(tx))).toBe(waits);
    expect(await engine.transaction((tx) => setting(tx), { waitForDisk: false })).toBe(relaxed);
    // Put back after a failed one too, and not carried into the next.
    await expect(engine.transaction(() => Promise.reject(new Error('no')), { waitForDisk: false })).rejects.toThrow('no');
    expect(await engine.transaction((tx) => setting(tx))).toBe(waits);
    // Nested, the outer transaction decides.
    expect(await engine.transaction((tx) => tx.transaction((inner) => setting(inner), { waitForDisk: false }))).toBe(waits);
    if (TEST_ENGINE === 'sqlite') expect(await setting(engine)).toBe(waits);
  });

  it('commits who came and went at the keyboard without waiting for the disk, and a change of settings waiting for it', async () => {
    const engine = await testEngine();
    const asked: (boolean | undefined)[] = [];
    const db = new Proxy(engine, {
      get: (target, key) =>
        key === 'transaction'
          ? (fn: (tx: Db) => Promise<unknown>, options?: { waitForDisk?: boolean }) => (asked.push(options?.waitForDisk), target.transaction(fn, options))
          : Reflect.get(target, key, target),
    });
    const ctx = { db, now: () => new Date('2026-03-02T10:00:00Z'), actor: 'test' };
    for (const action of ['sign-in', 'unlock', 'lock', 'sign-out', 'update', 'backup'] as const) await auditAlone(ctx, action, 'provider', 1);
    expect(asked).toEqual([false, false, false, false, true, true]);
    expect((await engine.all('SELECT action FROM audit_log ORDER BY id')).map((r) => (r as { action: string }).action)).toEqual([
      'sign-in',
      'unlock',
      'lock',
      'sign-out',
      'update',
      'backup',
    ]);
  });
});
