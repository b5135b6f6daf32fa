import type { AssessmentKind } from '../../shared/assessment';
import type { MeasureId } from '../../shared/catalogs/outcome-measures';
import type { CaseDetail, TimelineEntry } from '../../shared/timeline';
import { readsNoteText, type DbContext } from '../context';
import { tcmSummary } from '../../shared/tcm';
import { tcmFromColumn } from './tcm';
import { caseProgress } from '../../shared/rules/progress';
import { getCase } from './cases';
import { factsOf, surroundings } from './progress';
import type { CaseFacts } from '../../shared/rules/progress';
import { addendaOf, SIGNATURE_COLUMNS, signatureOf } from './signatures';
import { treatmentsOf } from './visits';

interface SignedColumns {
  signedAt: string | null;
  signedBy: number | null;
  providerName: string | null;
  credentials: string | null;
}

/** A case with its assessments and visits in the order they happened. */
export async function caseDetail(ctx: DbContext, caseId: number): Promise<CaseDetail> {
  const text = readsNoteText(ctx);
  const tcm = (alias: string) => (text ? `${alias}.tcm` : 'NULL AS tcm');
  // Two waits on PostgreSQL, not eleven: everything named by the case is asked for at once, then
  // everything named by its records' ids (at 18,000 patients each wait was a fraction of a
  // millisecond, and the timeline 6.9 ms p95 against a target of 5).
  const [careCase, assessments, visits, patient, around] = await Promise.all([
    getCase(ctx, caseId),
    ctx.db.all<
      {
        id: number;
        at: string;
        assessmentKind: AssessmentKind;
        author: string;
        painCurrent: number | null;
        psfs: string | null;
        tcm: string | null;
      } & SignedColumns
    >(
      `SELECT a.id, a.assessed_on AS at, a.kind AS "assessmentKind", p.name AS author, a.pain_current AS "painCurrent", a.psfs_activities AS psfs, ${tcm('a')},
              ${SIGNATURE_COLUMNS('a')}
         FROM assessment a JOIN provider p ON p.id = a.provider_id WHERE a.case_id = ? ORDER BY a.assessed_on, a.id`,
      [caseId],
    ),
    ctx.db.all<
      {
        id: number;
        at: string;
        author: string;
        faceMinutes: number | null;
        painBefore: number | null;
        painAfter: number | null;
        tcm: string | null;
      } & SignedColumns
    >(
      `SELECT v.id, v.started_at AS at, p.name AS author, v.face_minutes AS "faceMinutes", v.pain_before AS "painBefore", v.pain_after AS "painAfter", ${tcm('v')},
                ${SIGNATURE_COLUMNS('v')}
         FROM visit v JOIN provider p ON p.id = v.provider_id WHERE v.case_id = ? ORDER BY v.started_at, v.id`,
      [caseId],
    ),
    ctx.db.get<{ trainingPhase: CaseFacts['trainingPhase'] }>(
      'SELECT training_phase AS "trainingPhase" FROM patient WHERE id = (SELECT patient_id FROM care_case WHERE id = ?)',
      [caseId],
    ),
    surroundings(ctx, { ofCase: caseId }),
  ]);

  // The front desk reads no addenda (db/clinic/roles.ts).
  const addenda = (kind: 'assessment' | 'visit', ids: number[]) => (text ? addendaOf(ctx, kind, ids) : Promise.resolve(new Map<number, never[]>()));
  const [scoreRows, treatments, assessmentAddenda, visitAddenda] = await Promise.all([
    // Every assessment's scores in one statement, in the order they were entered.
    ctx.db.all<{ assessmentId: number; measure: MeasureId; score: number }>(
      `SELECT assessment_id AS "assessmentId", measure, score FROM assessment_outcome
        WHERE ${ctx.db.dialect.inIds('assessment_id')} ORDER BY assessment_id, ${ctx.db.dialect.insertionOrder}`,
      [ctx.db.dialect.ids(assessments.map((a) => a.id))],
    ),
    treatmentsOf(
      ctx,
      visits.map((v) => v.id),
      text,
    ),
    addenda(
      'assessment',
      assessments.map((a) => a.id),
    ),
    addenda(
      'visit',
      visits.map((v) => v.id),
    ),
  ]);
  const scores = new Map<number, { measure: MeasureId; score: number }[]>(assessments.map((a) => [a.id, []]));
  for (const { assessmentId, ...score } of scoreRows) scores.get(assessmentId)!.push(score);

  let session = 0;
  const entries: TimelineEntry[] = [
    ...assessments.map(({ signedAt, signedBy, providerName, credentials, author, tcm, psfs: _psfs, ...a }) => ({
      ...a,
      tcm: tcmSummary(tcmFromColumn(tcm)),
      kind: 'assessment' as const,
      providerName: author,
      outcomes: scores.get(a.id)!,
      signature: signatureOf({ signedAt, signedBy, providerName, credentials }),
      addenda: assessmentAddenda.get(a.id) ?? [],
    })),
    ...visits.map(({ signedAt, signedBy, providerName, credentials, author, tcm, ...v }, i) => ({
      ...v,
      tcm: tcmSummary(tcmFromColumn(tcm)),
      kind: 'visit' as const,
      number: i + 1,
      session: signedAt ? ++session : null,
      providerName: author,
      treatment: treatments.get(v.id)!,
      signature: signatureOf({ signedAt, signedBy, providerName, credentials }),
      addenda: visitAddenda.get(v.id) ?? [],
    })),
  ];
  // An assessment dated the same day as a visit sorts before it: YYYY-MM-DD < YYYY-MM-DDTHH:MM.
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === b.kind ? a.id - b.id : a.kind === 'assessment' ? -1 : 1));
  // The rules' facts from the rows just read (signed records, in date order), not read again.
  const facts = factsOf(
    { ...careCase, recurring: careCase.recurring ? 1 : 0, maintenance: careCase.maintenance ? 1 : 0, trainingPhase: patient?.trainingPhase ?? null },
    {
      sessions: visits.filter((v) => v.signedAt !== null).map((v) => ({ at: v.at, painBefore: v.painBefore, painAfter: v.painAfter })),
      assessments: assessments
        .filter((a) => a.signedAt !== null)
        .map((a) => ({ on: a.at, kind: a.assessmentKind, painCurrent: a.painCurrent, psfs: a.psfs, outcomes: scores.get(a.id)! })),
      races: around.races.get(careCase.patientId) ?? [],
      today: around.today,
      mcids: around.mcids,
    },
  );
  return { careCase, timeline: entries, progress: caseProgress(facts), mcids: facts.mcids, races: facts.races };
}
