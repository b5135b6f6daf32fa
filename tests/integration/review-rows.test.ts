import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { progressFacts } from '../../db/queries/progress';
import { computeReviewRows, pageInMemory, patientsMissingConsentFresh, readKeptRow } from '../../db/queries/review-rows';
import { caseProgress } from '../../shared/rules/progress';
import type { CaseDetail } from '../../shared/timeline';
import type { CareCase } from '../../shared/case';
import { TRAINING_PHASES, type Patient, type TrainingPhase } from '../../shared/patient';
import { REVIEW_FILTERS, REVIEW_SORTS, type ReviewPage, type ReviewRow } from '../../shared/review';
import type { Visit } from '../../shared/visit';
import { localIsoDate } from '../../shared/validation/dates';
import { itbsClinic, ITBS_TREATMENT, type ItbsClinic } from '../support/charting';
import { valueOf } from '../support/db';

/**
 * The kept review rows (db/queries/review-rows.ts) against a fresh computation from the records,
 * after any sequence of the writes that change them: signing visits and assessments, case edits,
 * discharge and reopening, races, patient edits (renames, training phases, phones), archiving, the
 * clinic's MCIDs and the days passing. A failed action must leave the rows as they were, like
 * everything else it touched.
 */

type Op =
  | { kind: 'visit'; c: number; pain: number; sign: boolean }
  | { kind: 'assessment'; c: number; reassessment: boolean; pain: number; lefs: number }
  | { kind: 'editCase'; c: number; onsetWeeks: number; recurring: boolean; maintenance: boolean }
  | { kind: 'discharge'; c: number }
  | { kind: 'reopen'; c: number }
  | { kind: 'race'; p: number; inDays: number }
  | { kind: 'patient'; p: number; edit: { lastName: string } | { trainingPhase: TrainingPhase | null } | { phone: string } }
  | { kind: 'archive'; p: number; archived: boolean }
  | { kind: 'mcids'; nprs: number; lefs: number }
  | { kind: 'days'; days: number; review: boolean }
  | { kind: 'failing'; c: number }
  | { kind: 'consent'; p: number; consent: 'acupuncture' | 'dry_needling' | 'electroacupuncture'; daysAgo: number };

const caseIndex = fc.integer({ min: 0, max: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('visit' as const), c: caseIndex, pain: fc.integer({ min: 0, max: 10 }), sign: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('assessment' as const),
      c: caseIndex,
      reassessment: fc.boolean(),
      pain: fc.integer({ min: 0, max: 10 }),
      lefs: fc.integer({ min: 20, max: 80 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('editCase' as const),
      c: caseIndex,
      onsetWeeks: fc.integer({ min: 0, max: 30 }),
      recurring: fc.boolean(),
      maintenance: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('discharge' as const), c: caseIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), c: caseIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('race' as const), p: fc.integer({ min: 0, max: 1 }), inDays: fc.integer({ min: -10, max: 30 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('patient' as const),
      p: fc.integer({ min: 0, max: 1 }),
      // One field at a time: a rename, the training phase (it sets the maintenance interval), or the
      // phone, which no row shows (db/migrations/0023_patient_review_trigger.ts).
      edit: fc.oneof(
        fc.record({ lastName: fc.constantFrom('Abbott', 'Reyes', 'Zhou', 'ohara') }),
        fc.record({ trainingPhase: fc.constantFrom(null, ...TRAINING_PHASES) }),
        fc.record({ phone: fc.constantFrom('555-0100', '555-0199') }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('archive' as const), p: fc.integer({ min: 0, max: 1 }), archived: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mcids' as const), nprs: fc.integer({ min: 1, max: 4 }), lefs: fc.integer({ min: 6, max: 14 }) }) },
  // Days pass; Review may be opened on the new day (its pass runs, and the rows are compared again from there on) or not.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('days' as const), days: fc.integer({ min: 0, max: 40 }), review: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('failing' as const), c: caseIndex }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('consent' as const),
      p: fc.integer({ min: 0, max: 1 }),
      consent: fc.constantFrom('acupuncture' as const, 'dry_needling' as const, 'electroacupuncture' as const),
      daysAgo: fc.integer({ min: 0, max: 60 }),
    }),
  },
);

async function clinic() {
  const t = await itbsClinic();
  const ben = valueOf(await t.call('savePatient', { firstName: 'Ben', lastName: 'Okafor', dateOfBirth: '1984-07-01', sex: 'male' })) as Patient;
  const benCase = (conditionText: string, extra: Record<string, unknown>) =>
    t.call('saveCase', {
      patientId: ben.id,
      conditionId: 'achilles-tendinopathy',
      conditionText,
      side: 'left',
      onsetDate: '2025-11-03',
      startDate: '2026-03-02',
      diagnoses: [{ code: 'M76.62', description: 'Achilles tendinitis, left leg' }],
      ...extra,
    });
  const chronic = valueOf(await benCase('Achilles tendinopathy', { recurring: true })) as CareCase;
  const upkeep = valueOf(await benCase('Maintenance', { maintenance: true })) as CareCase;
  return { ...t, patients: [t.ana, ben], cases: [t.careCase, chronic, upkeep] };
}
type Clinic = Awaited<ReturnType<typeof clinic>> & ItbsClinic;

const today = (t: Clinic) => localIsoDate(t.clock.now());
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Each action as the UI sends it; refusals (a discharged case, an archived patient) are part of the sequence. */
async function apply(t: Clinic, o: Op): Promise<void> {
  const c = (i: number) => t.cases[i]!;
  const p = (i: number) => t.patients[i]!;
  switch (o.kind) {
    case 'visit': {
      const startedAt = t.clock.now().toISOString().slice(0, 16);
      const created = await t.call('createVisit', { caseId: c(o.c).id, providerId: t.mara.id, startedAt });
      if (!created.ok) return;
      const v = created.value as Visit;
      valueOf(
        await t.call('saveVisit', {
          id: v.id,
          providerId: t.mara.id,
          startedAt,
          faceMinutes: 30,
          subjective: 'Run easier',
          painBefore: o.pain,
          painAfter: 2,
          ...ITBS_TREATMENT,
        }),
      );
      if (o.sign) valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id }));
      return;
    }
    case 'assessment': {
      const saved = await t.call('saveAssessment', {
        caseId: c(o.c).id,
        providerId: t.mara.id,
        kind: o.reassessment ? 'reassessment' : 'initial',
        assessedOn: today(t),
        painCurrent: o.pain,
        outcomes: [{ measure: 'lefs', score: o.lefs }],
        assessmentText: 'Re-tested',
      });
      if (saved.ok) await t.call('signAssessment', { id: (saved.value as { id: number }).id, providerId: t.mara.id });
      return;
    }
    case 'editCase': {
      const k = c(o.c);
      await t.call('saveCase', {
        id: k.id,
        patientId: k.patientId,
        conditionId: k.conditionId,
        conditionText: k.conditionText,
        side: k.side,
        onsetDate: addDays(k.startDate, -7 * o.onsetWeeks),
        startDate: k.startDate,
        recurring: o.recurring,
        maintenance: o.maintenance,
        diagnoses: k.diagnoses.map(({ code, description }) => ({ code, description })),
      });
      return;
    }
    case 'discharge':
      await t.call('dischargeCase', { id: c(o.c).id, dischargedOn: today(t), reason: 'Goals met' });
      return;
    case 'reopen':
      await t.call('reopenCase', { id: c(o.c).id, reason: 'Flare-up' });
      return;
    case 'race':
    case 'patient': {
      const current = valueOf(await t.call('getPatient', { id: p(o.p).id })) as Patient;
      const { archivedAt: _a, createdAt: _c, updatedAt: _u, races, ...rest } = current;
      const kept = races.map(({ name, date, distance }) => ({ name, date, distance }));
      await t.call('savePatient', {
        ...rest,
        ...(o.kind === 'patient' ? o.edit : {}),
        races:
          o.kind === 'race' ? [...kept, { name: `Race ${kept.length + 1}`, date: addDays(today(t), o.inDays), distance: 'Half marathon' }].slice(-4) : kept,
      });
      return;
    }
    case 'archive':
      await t.call('setPatientArchived', { id: p(o.p).id, archived: o.archived });
      return;
    case 'mcids': {
      const { values } = valueOf(await t.call('getMcids', {})) as { values: Record<string, number> };
      valueOf(await t.call('saveMcids', { ...values, nprs: o.nprs, lefs: o.lefs }));
      return;
    }
    case 'days':
      t.clock.advance(o.days * 86_400_000);
      if (o.review) valueOf(await t.call('reviewCases', {}));
      return;
    case 'consent':
      await t.call('addConsent', { patientId: p(o.p).id, kind: o.consent, signedOn: addDays(today(t), -o.daysAgo), formVersion: 'v1' });
      return;
    case 'failing':
      // Refused by the schema's range check inside the action: nothing of it, rows included, may land.
      await t.call('signVisit', { id: 999_999, providerId: t.mara.id });
      return;
  }
}

const withoutDays = (r: ReviewRow) => ({ ...r, nextRace: r.nextRace ? { name: r.nextRace.name, date: r.nextRace.date, distance: r.nextRace.distance } : null });

/** The rows as kept, read from the table, when the kept day is today (otherwise the day's pass is still to come). */
async function keptRows(t: Clinic): Promise<ReturnType<typeof withoutDays>[] | null> {
  const day = await t.db.get<{ day: string }>('SELECT day FROM review_day');
  // The pass's mark is the day and the ICD-10-CM year (db/queries/review-rows.ts).
  if (!day?.day.startsWith(`${today(t)} `)) return null;
  const rows = await t.db.all<{ row: string }>('SELECT row FROM review_row ORDER BY case_id');
  // As Review reads them: the days they count, counted today.
  return rows.map((r) => withoutDays(readKeptRow(r.row, today(t))));
}

/** Every page of one filter and sort, walked by keyset. */
async function walk(t: Clinic, filter: string, sort: string, direction: string): Promise<ReviewPage[]> {
  const pages: ReviewPage[] = [];
  let after: string | undefined;
  do {
    const page = valueOf(await t.call('reviewCases', { filter, sort, direction, limit: 1, ...(after ? { after } : {}) })) as ReviewPage;
    pages.push(page);
    after = page.next ?? undefined;
  } while (after && pages.length < 10);
  return pages;
}

/**
 * The patients on an active case (not archived) with a visit that used a modality on a day no
 * consent to it was signed on or before: each visit judged alone, in TypeScript, from the raw
 * rows, beside the SQL that asks it per case (db/queries/review-rows.ts).
 */
async function missingConsentByVisit(t: Clinic): Promise<number> {
  const visits = await t.db.all<{ patientId: number; day: string; kinds: string }>(
    `SELECT c.patient_id AS "patientId", substr(v.started_at, 1, 10) AS day,
            concat_ws(',',
              CASE WHEN EXISTS (SELECT 1 FROM visit_acupoint x WHERE x.visit_id = v.id) THEN 'acupuncture' END,
              CASE WHEN EXISTS (SELECT 1 FROM visit_trigger_point x WHERE x.visit_id = v.id) THEN 'dry_needling' END,
              CASE WHEN EXISTS (SELECT 1 FROM visit_lead_pair x WHERE x.visit_id = v.id) THEN 'electroacupuncture' END,
              CASE WHEN EXISTS (SELECT 1 FROM visit_adjunct x WHERE x.visit_id = v.id AND x.kind = 'cupping') THEN 'cupping' END) AS kinds
       FROM visit v JOIN care_case c ON c.id = v.case_id JOIN patient p ON p.id = c.patient_id
       WHERE c.status = 'active' AND p.archived_at IS NULL`,
  );
  const consents = await t.db.all<{ patientId: number; kind: string; signedOn: string }>(
    'SELECT patient_id AS "patientId", kind, signed_on AS "signedOn" FROM consent',
  );
  const missing = new Set<number>();
  for (const v of visits) {
    for (const kind of v.kinds.split(',').filter(Boolean)) {
      const covered = consents.some((k) => Number(k.patientId) === Number(v.patientId) && k.kind === kind && k.signedOn <= v.day);
      if (!covered) missing.add(Number(v.patientId));
    }
  }
  return missing.size;
}

describe('kept review rows', () => {
  it('judge a visit by the first consent to each modality, not the latest: a form signed again later does not uncover it', async () => {
    const t = (await clinic()) as Clinic;
    valueOf(await t.call('reviewCases', {}));
    const kinds = ['acupuncture', 'dry_needling', 'electroacupuncture'] as const;
    for (const consent of kinds) await apply(t, { kind: 'consent', p: 0, consent, daysAgo: 60 });
    await apply(t, { kind: 'visit', c: 0, pain: 5, sign: true });
    await apply(t, { kind: 'days', days: 20, review: true });
    // The forms renewed after the visit: the visit stays covered by the first ones.
    for (const consent of kinds) await apply(t, { kind: 'consent', p: 0, consent, daysAgo: 0 });
    const kept = await t.db.get<{ n: number }>('SELECT count(DISTINCT patient_id) AS n FROM review_row WHERE consent_missing = 1');
    expect(Number(kept?.n)).toBe(await missingConsentByVisit(t));
    expect(await patientsMissingConsentFresh(t.ctx)).toBe(await missingConsentByVisit(t));
  });

  it('always equal the rows computed afresh, after any sequence of writes, and page in SQL as they sort in memory', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 18 }),
        fc.constantFrom(...REVIEW_FILTERS),
        fc.constantFrom(...REVIEW_SORTS),
        fc.constantFrom('asc' as const, 'desc' as const),
        async (ops, filter, sort, direction) => {
          const t = (await clinic()) as Clinic;
          // The first call of the day fills the rows; after it, every write keeps them.
          valueOf(await t.call('reviewCases', {}));
          for (const o of ops) {
            await apply(t, o);
            const kept = await keptRows(t);
            const fresh = (await computeReviewRows(t.ctx)).map(withoutDays);
            if (kept) {
              expect(kept).toEqual(fresh);
              const consent = await t.db.get<{ n: number }>('SELECT count(DISTINCT patient_id) AS n FROM review_row WHERE consent_missing = 1');
              expect(Number(consent?.n)).toBe(await patientsMissingConsentFresh(t.ctx));
              expect(Number(consent?.n)).toBe(await missingConsentByVisit(t));
            }
            expect((await t.db.all('SELECT case_id FROM review_stale')).length).toBe(0);
          }
          const fresh = await computeReviewRows(t.ctx);
          const expected = pageInMemory(fresh, { filter, sort, direction, limit: 50 }, today(t));
          const pages = await walk(t, filter, sort, direction);
          expect(pages.flatMap((page) => page.rows)).toEqual(expected.rows);
          // A read-only file pages in memory by the same positions, never by offset.
          const inMemory: ReturnType<typeof pageInMemory>[] = [];
          let after: string | undefined;
          do {
            const page = pageInMemory(fresh, { filter, sort, direction, limit: 1, ...(after ? { after } : {}) }, today(t));
            inMemory.push(page);
            after = page.next ?? undefined;
          } while (after && inMemory.length < 10);
          expect(inMemory.map((p) => [p.rows, p.next])).toEqual(pages.map((p) => [p.rows, p.next]));
          expect(pages[0]!.counts).toEqual(expected.counts);
          expect(pages[0]!.total).toBe(expected.total);
          expect(pages[0]!.patientsMissingConsent).toBe(await patientsMissingConsentFresh(t.ctx));
          // And once the day's pass has run, the table holds exactly the fresh rows.
          expect(await keptRows(t)).toEqual(fresh.map(withoutDays));
          // A case's timeline works its progress out from the rows it shows: the same as the rules' own read.
          for (const c of t.cases) {
            const detail = valueOf(await t.call('getCase', { id: c.id })) as CaseDetail;
            const facts = (await progressFacts(t.ctx, c.id))!;
            expect({ progress: detail.progress, races: detail.races, mcids: detail.mcids }).toEqual({
              progress: caseProgress(facts),
              races: facts.races,
              mcids: facts.mcids,
            });
          }
        },
      ),
      { numRuns: Number(process.env.REVIEW_PROPERTY_RUNS ?? 12), endOnFailure: true },
    );
  }, 120_000);

  it('the first call of each day rewrites the rows the date changes, and only from those the kept rows equal the rows computed afresh', async () => {
    const t = (await clinic()) as Clinic;
    // Races on every side of every window (shared/rules/race-timing.ts): the 72 hours before, the
    // pre-race days 7–10, the post-race days 3–5 of a major race, and the next race passing.
    for (const inDays of [1, 3, 8, 12, -2]) await apply(t, { kind: 'race', p: 0, inDays });
    for (const inDays of [5, 11, 15, 25]) await apply(t, { kind: 'race', p: 1, inDays });
    valueOf(await t.call('reviewCases', {}));
    // Only the maintenance case is signed into its due window: a visit today, then the days pass.
    await apply(t, { kind: 'visit', c: 2, pain: 3, sign: true });
    const seen: string[] = [];
    for (let day = 1; day <= 40; day += day < 20 ? 1 : 3) {
      t.clock.advance((day < 20 ? 1 : 3) * 86_400_000);
      valueOf(await t.call('reviewCases', {}));
      const kept = await keptRows(t);
      expect(kept).toEqual((await computeReviewRows(t.ctx)).map(withoutDays));
      seen.push(...kept!.flatMap((r) => r.flags.map((f) => f.kind)));
    }
    // The walk met every date-driven flag, so each was rewritten on the day it came and went.
    for (const kind of ['race_needling_caution', 'pre_race_window', 'post_race_window', 'maintenance_due']) expect(seen).toContain(kind);
  }, 120_000);
});
