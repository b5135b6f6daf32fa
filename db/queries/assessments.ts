import type { Assessment, AssessmentData } from '../../shared/assessment';
import type { MeasureId } from '../../shared/catalogs/outcome-measures';
import { tcmColumn, tcmFromColumn } from './tcm';
import { DomainError } from '../../shared/outcome';
import { savedBy, timestamp, type DbContext } from '../context';
import { audit } from './audit';
import { assertCaseOpen } from './cases';
import { getProvider } from './providers';
import { screenAtSigningFromColumn } from './safety';
import { NOTE_TEXT_COLUMNS } from '../clinic/roles';
import { addendaOf, assertDraft, refuseStale, SIGNATURE_COLUMNS, signatureOf, signingReads, signRecord } from './signatures';
import { early } from '../together';

const SELECT_ASSESSMENT = `
  SELECT a.id, a.case_id AS "caseId", a.provider_id AS "providerId", a.kind, a.assessed_on AS "assessedOn",
         a.chief_complaint AS "chiefComplaint", a.training_load AS "trainingLoad", a.injury_history AS "injuryHistory",
         a.biomechanics, a.sleep_hours AS "sleepHours", a.sleep_quality AS "sleepQuality", a.resting_hr AS "restingHr", a.hrv,
         a.rom, a.palpation, a.pain_current AS "painCurrent", a.pain_worst AS "painWorst", a.pain_average AS "painAverage",
         a.assessment_text AS "assessmentText", a.plan_text AS "planText", a.planned_sessions AS "plannedSessions", a.frequency,
         a.tcm, a.psfs_activities AS "psfsActivities", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
         coalesce(a.version, 0) AS version, a.updated_by AS "updatedBy", a.safety_screen_at_signing AS "screenAtSigning", ${SIGNATURE_COLUMNS('a')}
  FROM assessment a`;

type Row = Omit<Assessment, 'orthoTests' | 'triggerPoints' | 'outcomes' | 'signature' | 'addenda' | 'tcm' | 'psfsActivities' | 'screenAtSigning'> & {
  tcm: string | null;
  screenAtSigning: string | null;
  psfsActivities: string | null;
  signedAt: string | null;
  signedBy: number | null;
  providerName: string | null;
  credentials: string | null;
};

/**
 * The same assessment without what was written, for the front desk (db/clinic/roles.ts): each
 * note column selected as NULL under its own name, as visits do (db/queries/visits.ts).
 */
const SELECT_ASSESSMENT_NO_TEXT = NOTE_TEXT_COLUMNS.assessment!.reduce(
  (sql, column) => sql.replace(new RegExp(`\\ba\\.${column}\\b( AS "\\w+")?`), (_whole, alias?: string) => `NULL${alias ?? ` AS ${column}`}`),
  SELECT_ASSESSMENT,
);

/** An assessment whole; `noteText: false` leaves out what was written (the front desk's chart copy and export). */
export async function getAssessment(ctx: DbContext, id: number, { noteText = true } = {}): Promise<Assessment> {
  // The row and its child rows asked for together: one wait on PostgreSQL (rows of an assessment that does not exist are none).
  const [row, orthoTests, triggerPoints, outcomes, addenda] = await Promise.all([
    ctx.db.get<Row>(`${noteText ? SELECT_ASSESSMENT : SELECT_ASSESSMENT_NO_TEXT} WHERE a.id = ?`, [id]),
    ctx.db.all<Assessment['orthoTests'][number]>(
      `SELECT name, side, result, ${noteText ? 'note' : 'NULL AS note'} FROM assessment_ortho_test WHERE assessment_id = ? ORDER BY position`,
      [id],
    ),
    ctx.db.all<Assessment['triggerPoints'][number]>(
      `SELECT muscle_id AS "muscleId", side, ${noteText ? 'note' : 'NULL AS note'} FROM assessment_trigger_point WHERE assessment_id = ? ORDER BY position`,
      [id],
    ),
    ctx.db.all<{ measure: MeasureId; score: number }>(
      `SELECT measure, score FROM assessment_outcome WHERE assessment_id = ? ORDER BY ${ctx.db.dialect.insertionOrder}`,
      [id],
    ),
    noteText ? addendaOf(ctx, 'assessment', [id]) : null,
  ]);
  if (!row) throw new DomainError('not_found', `Assessment ${id} does not exist`);
  const { signedAt, signedBy, providerName, credentials, tcm, psfsActivities, screenAtSigning, ...fields } = row;
  return {
    ...fields,
    screenAtSigning: screenAtSigningFromColumn(screenAtSigning),
    tcm: tcmFromColumn(tcm),
    psfsActivities: psfsActivities ? (JSON.parse(psfsActivities) as Assessment['psfsActivities']) : [],
    orthoTests,
    triggerPoints,
    outcomes,
    signature: signatureOf({ signedAt, signedBy, providerName, credentials }),
    addenda: addenda?.get(id) ?? [],
  };
}

const COLUMNS = `provider_id = @providerId, kind = @kind, assessed_on = @assessedOn, chief_complaint = @chiefComplaint,
  training_load = @trainingLoad, injury_history = @injuryHistory, biomechanics = @biomechanics, sleep_hours = @sleepHours,
  sleep_quality = @sleepQuality, resting_hr = @restingHr, hrv = @hrv, rom = @rom, palpation = @palpation,
  pain_current = @painCurrent, pain_worst = @painWorst, pain_average = @painAverage, assessment_text = @assessmentText,
  plan_text = @planText, planned_sessions = @plannedSessions, frequency = @frequency, tcm = @tcm, psfs_activities = @psfsActivities, updated_at = @now,
  version = coalesce(version, 0) + 1, updated_by = @by`;

/** Creates or updates a draft assessment with all its rows; the caller's transaction makes it whole. */
export async function saveAssessment(ctx: DbContext, input: AssessmentData): Promise<Assessment> {
  const { orthoTests, triggerPoints, outcomes, id: existing, version, ...given } = input;
  // Every check's read at once (one wait on PostgreSQL), each judged where it was always made.
  const open = early(assertCaseOpen(ctx, input.caseId));
  // A new assessment starts from the case's latest TCM findings (a visit's), like a new visit does.
  const latestTcm =
    existing === undefined && given.tcm === null
      ? early(
          ctx.db.get<{ tcm: string | null }>('SELECT tcm FROM visit WHERE case_id = ? AND tcm IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT 1', [
            input.caseId,
          ]),
        )
      : null;
  const asked = early(getProvider(ctx, input.providerId));
  const was = existing === undefined ? null : early(getAssessment(ctx, existing));
  const draft = existing === undefined ? null : early(assertDraft(ctx, 'assessment', existing));
  await open;
  const fields = latestTcm ? { ...given, tcm: tcmFromColumn((await latestTcm)?.tcm ?? null) } : given;
  await asked;
  const now = timestamp(ctx);
  let id: number;
  if (existing === undefined) {
    id = Number(
      await ctx.db.insert(
        'INSERT INTO assessment (case_id, provider_id, kind, assessed_on, created_at, updated_at) VALUES (@caseId, @providerId, @kind, @assessedOn, @now, @now)',
        { ...fields, now },
      ),
    );
    await audit(ctx, 'create', 'assessment', id);
  } else {
    const before = await was!;
    if (before.caseId !== input.caseId)
      throw new DomainError('invalid_input', 'An assessment cannot move to another case', { caseId: 'Not this assessment’s case' });
    await draft;
    id = existing;
    await audit(ctx, 'update', 'assessment', id);
  }
  // The UPDATE, the child rows (no answers read, Db.later) and the assessment as saved behind
  // them: one wait. The UPDATE's count is judged first: a save on top of another seat's is
  // refused, and the transaction takes back what was sent behind it.
  const updated = early(
    ctx.db.run(`UPDATE assessment SET ${COLUMNS} WHERE id = @id AND (CAST(@version AS integer) IS NULL OR coalesce(version, 0) = CAST(@version AS integer))`, {
      ...fields,
      tcm: tcmColumn(fields.tcm),
      psfsActivities: fields.psfsActivities.length > 0 ? JSON.stringify(fields.psfsActivities) : null,
      now,
      id,
      by: savedBy(ctx),
      version: existing === undefined ? null : (version ?? null),
    }),
  );
  await ctx.db.later('DELETE FROM assessment_ortho_test WHERE assessment_id = ?', [id]);
  await ctx.db.later('DELETE FROM assessment_trigger_point WHERE assessment_id = ?', [id]);
  await ctx.db.later('DELETE FROM assessment_outcome WHERE assessment_id = ?', [id]);
  for (const [i, t] of orthoTests.entries()) {
    await ctx.db.later('INSERT INTO assessment_ortho_test (assessment_id, position, name, side, result, note) VALUES (?, ?, ?, ?, ?, ?)', [
      id,
      i,
      t.name,
      t.side,
      t.result,
      t.note,
    ]);
  }
  for (const [i, t] of triggerPoints.entries()) {
    await ctx.db.later('INSERT INTO assessment_trigger_point (assessment_id, position, muscle_id, side, note) VALUES (?, ?, ?, ?, ?)', [
      id,
      i,
      t.muscleId,
      t.side,
      t.note,
    ]);
  }
  for (const o of outcomes) {
    await ctx.db.later('INSERT INTO assessment_outcome (assessment_id, measure, score) VALUES (?, ?, ?)', [id, o.measure, o.score]);
  }
  const saved = early(getAssessment(ctx, id));
  if ((await updated).changes === 0) await refuseStale(ctx, 'assessment', id);
  return await saved;
}

/** What an assessment needs before it can be signed. */
export function assessmentSignProblems(a: Assessment): Record<string, string> {
  const problems: Record<string, string> = {};
  const measured = a.painCurrent !== null || a.painWorst !== null || a.painAverage !== null || a.outcomes.length > 0;
  if (!measured) problems.painCurrent = 'Record pain or at least one outcome measure before signing';
  if (!a.assessmentText && !a.chiefComplaint) problems.assessmentText = 'Write the assessment (or the chief complaint) before signing';
  return problems;
}

export async function signAssessment(ctx: DbContext, id: number, providerId: number): Promise<Assessment> {
  // The assessment and every read the signing checks, asked together: one wait on PostgreSQL.
  const read = early(getAssessment(ctx, id));
  const reads = signingReads(ctx, 'assessment', id, providerId);
  await signRecord(ctx, 'assessment', id, providerId, assessmentSignProblems(await read), reads);
  return await getAssessment(ctx, id);
}

export async function deleteAssessment(ctx: DbContext, id: number): Promise<void> {
  await assertDraft(ctx, 'assessment', id);
  await ctx.db.run('DELETE FROM assessment WHERE id = ?', [id]);
  await audit(ctx, 'delete', 'assessment', id, 'draft');
}
