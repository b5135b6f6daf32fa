import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITIONS } from '../../shared/catalogs/conditions';
import { phaseAtStart } from '../../shared/rules/framework';
import { createDemoClinic } from '../../db/demo/demo';
import type { Engine } from '../../db/engine/types';
import { testEngine } from '../support/db';

const TODAY = new Date('2026-11-21T12:00:00');

async function demo(seed?: number) {
  const db = await testEngine();
  const summary = await createDemoClinic(db, { today: TODAY, ...(seed ? { seed } : {}) });
  return { db, summary };
}

describe('demo clinic', () => {
  let db: Engine;
  let summary: Awaited<ReturnType<typeof createDemoClinic>>;
  beforeAll(async () => ({ db, summary } = await demo()));
  afterAll(() => db.close());
  const all = <T>(sql: string) => db.all<T>(sql);
  const one = async <T>(sql: string) => (await db.get<T>(sql))!;

  it('charts cases for most runners, across every condition and every phase', async () => {
    const patientsWithCases = (await one<{ n: number }>('SELECT count(DISTINCT patient_id) AS n FROM care_case')).n;
    expect(patientsWithCases / summary.patients).toBeGreaterThan(0.75);
    const conditions = new Set((await all<{ c: string }>('SELECT DISTINCT condition_id AS c FROM care_case')).map((r) => r.c));
    expect([...conditions].sort()).toEqual(CONDITIONS.map((c) => c.id).sort());
    const phases = new Set(
      (
        await all<{ onsetDate: string; startDate: string; recurring: number; maintenance: number }>(
          'SELECT onset_date AS "onsetDate", start_date AS "startDate", recurring, maintenance FROM care_case',
        )
      ).map((c) => phaseAtStart({ ...c, recurring: c.recurring === 1, maintenance: c.maintenance === 1 })),
    );
    expect([...phases].sort()).toEqual(['acute', 'chronic', 'maintenance', 'subacute']);
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM care_case WHERE recurring = 1')).n).toBeGreaterThan(0);
  });

  it('has signed visits with points, trigger points, e-stim and pain over months', async () => {
    expect(summary.signedVisits).toBeGreaterThan(100);
    const span = await one<{ first: string; last: string }>('SELECT min(started_at) AS first, max(started_at) AS last FROM visit');
    expect((Date.parse(span.last) - Date.parse(span.first)) / 86_400_000).toBeGreaterThan(90);
    for (const table of ['visit_acupoint', 'visit_trigger_point', 'visit_lead_pair', 'visit_adjunct', 'addendum']) {
      expect((await one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).n, table).toBeGreaterThan(0);
    }
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM visit WHERE signed_at IS NOT NULL AND (pain_before IS NULL OR face_minutes IS NULL)')).n).toBe(
      0,
    );
    // Signed on the day of the visit, not on the day the demo ran.
    expect(
      (await one<{ n: number }>('SELECT count(*) AS n FROM visit WHERE signed_at IS NOT NULL AND substr(signed_at, 1, 7) = substr(started_at, 1, 7)')).n,
    ).toBeGreaterThan(summary.signedVisits * 0.9);
  });

  it('bills an injury’s later visits as subsequent encounters, and dry needling beside acupuncture with XS', async () => {
    // Per case, the billed 7th characters in visit order: A once, then D (issue 34: M84.361A ×34 before).
    const billed = await all<{ caseId: number; code: string; startedAt: string }>(
      `SELECT v.case_id AS "caseId", d.code, v.started_at AS "startedAt" FROM billing_line_diagnosis d
         JOIN billing_line b ON b.id = d.billing_line_id JOIN visit v ON v.id = b.visit_id
        WHERE length(d.code) = 8 ORDER BY v.case_id, v.started_at, d.code`,
    );
    expect(billed.length).toBeGreaterThan(20);
    const firsts = new Map<number, string>();
    for (const b of billed) if (!firsts.has(b.caseId)) firsts.set(b.caseId, b.startedAt);
    for (const b of billed) expect(`${b.code} ${b.startedAt === firsts.get(b.caseId) ? 'first' : 'later'}`).toMatch(/A first$|D later$/);
    const unmarked = await one<{ n: number }>(
      `SELECT count(*) AS n FROM billing_line b
        WHERE b.code IN ('20560', '20561') AND b.modifiers NOT LIKE '%XS%'
          AND EXISTS (SELECT 1 FROM billing_line a WHERE a.visit_id = b.visit_id AND a.code LIKE '978%')`,
    );
    expect(unmarked.n).toBe(0);
    expect((await one<{ n: number }>(`SELECT count(*) AS n FROM billing_line WHERE code = '20561' AND modifiers LIKE '%XS%'`)).n).toBeGreaterThan(0);
  });

  it('has signed assessments with outcome measures, re-assessments and discharges', async () => {
    expect((await all<{ kind: string }>('SELECT DISTINCT kind FROM assessment ORDER BY kind')).map((r) => r.kind)).toEqual([
      'discharge',
      'initial',
      'reassessment',
    ]);
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM assessment WHERE signed_at IS NULL')).n).toBe(0);
    expect((await one<{ n: number }>('SELECT count(DISTINCT measure) AS n FROM assessment_outcome')).n).toBeGreaterThanOrEqual(5);
    expect(
      (
        await one<{ n: number }>(
          "SELECT count(*) AS n FROM care_case c WHERE status = 'discharged' AND EXISTS (SELECT 1 FROM visit v WHERE v.case_id = c.id AND v.signed_at IS NULL)",
        )
      ).n,
    ).toBe(0);
  });

  it('is the same clinic every time for the same seed', async () => {
    const again = await demo();
    expect(again.summary).toEqual(summary);
    expect((await demo(7)).summary).not.toEqual(summary);
  });
});
