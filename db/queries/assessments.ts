import type { Assessment, AssessmentData } from '../../shared/assessment';
import type { MeasureId } from '../../shared/catalogs/outcome-measures';
import { DomainError } from '../../shared/outcome';
import { timestamp, type DbContext } from '../context';
import { audit } from './audit';
import { assertCaseOpen } from './cases';
import { getProvider } from './providers';
import { addendaOf, assertDraft, SIGNATURE_COLUMNS, signatureOf, signRecord } from './signatures';

const SELECT_ASSESSMENT = `
  SELECT a.id, a.case_id AS caseId, a.provider_id AS providerId, a.kind, a.assessed_on AS assessedOn,
         a.chief_complaint AS chiefComplaint, a.training_load AS trainingLoad, a.injury_history AS injuryHistory,
         a.biomechanics, a.sleep_hours AS sleepHours, a.sleep_quality AS sleepQuality, a.resting_hr AS restingHr, a.hrv,
         a.rom, a.palpation, a.pain_current AS painCurrent, a.pain_worst AS painWorst, a.pain_average AS painAverage,
         a.assessment_text AS assessmentText, a.plan_text AS planText, a.planned_sessions AS plannedSessions, a.frequency,
         a.created_at AS createdAt, a.updated_at AS updatedAt, ${SIGNATURE_COLUMNS('a')}
  FROM assessment a`;

type Row = Omit<Assessment, 'orthoTests' | 'triggerPoints' | 'outcomes' | 'signature' | 'addenda'> & {
  signedAt: string | null;
  signedBy: number | null;
  providerName: string | null;
  credentials: string | null;
};

export function getAssessment(ctx: DbContext, id: number): Assessment {
  const row = ctx.db.prepare(`${SELECT_ASSESSMENT} WHERE a.id = ?`).get(id) as Row | undefined;
  if (!row) throw new DomainError('not_found', `Assessment ${id} does not exist`);
  const { signedAt, signedBy, providerName, credentials, ...fields } = row;
  return {
    ...fields,
    orthoTests: ctx.db
      .prepare('SELECT name, side, result, note FROM assessment_ortho_test WHERE assessment_id = ? ORDER BY position')
      .all(id) as Assessment['orthoTests'],
    triggerPoints: ctx.db
      .prepare('SELECT muscle_id AS muscleId, side, note FROM assessment_trigger_point WHERE assessment_id = ? ORDER BY position')
      .all(id) as Assessment['triggerPoints'],
    outcomes: ctx.db
      .prepare('SELECT measure, score FROM assessment_outcome WHERE assessment_id = ? ORDER BY rowid')
      .all(id) as { measure: MeasureId; score: number }[],
    signature: signatureOf({ signedAt, signedBy, providerName, credentials }),
    addenda: addendaOf(ctx, 'assessment', [id]).get(id) ?? [],
  };
}

const COLUMNS = `provider_id = @providerId, kind = @kind, assessed_on = @assessedOn, chief_complaint = @chiefComplaint,
  training_load = @trainingLoad, injury_history = @injuryHistory, biomechanics = @biomechanics, sleep_hours = @sleepHours,
  sleep_quality = @sleepQuality, resting_hr = @restingHr, hrv = @hrv, rom = @rom, palpation = @palpation,
  pain_current = @painCurrent, pain_worst = @painWorst, pain_average = @painAverage, assessment_text = @assessmentText,
  plan_text = @planText, planned_sessions = @plannedSessions, frequency = @frequency, updated_at = @now`;

/** Creates or updates a draft assessment with all its rows; the caller's transaction makes it whole. */
export function saveAssessment(ctx: DbContext, input: AssessmentData): Assessment {
  const { orthoTests, triggerPoints, outcomes, id: existing, ...fields } = input;
  assertCaseOpen(ctx, input.caseId);
  getProvider(ctx, input.providerId);
  const now = timestamp(ctx);
  let id: number;
  if (existing === undefined) {
    id = Number(
      ctx.db
        .prepare('INSERT INTO assessment (case_id, provider_id, kind, assessed_on, created_at, updated_at) VALUES (@caseId, @providerId, @kind, @assessedOn, @now, @now)')
        .run({ ...fields, now }).lastInsertRowid,
    );
    audit(ctx, 'create', 'assessment', id);
  } else {
    const before = getAssessment(ctx, existing);
    if (before.caseId !== input.caseId) throw new DomainError('invalid_input', 'An assessment cannot move to another case', { caseId: 'Not this assessment’s case' });
    assertDraft(ctx, 'assessment', existing);
    id = existing;
    audit(ctx, 'update', 'assessment', id);
  }
  ctx.db.prepare(`UPDATE assessment SET ${COLUMNS} WHERE id = @id`).run({ ...fields, now, id });
  ctx.db.prepare('DELETE FROM assessment_ortho_test WHERE assessment_id = ?').run(id);
  ctx.db.prepare('DELETE FROM assessment_trigger_point WHERE assessment_id = ?').run(id);
  ctx.db.prepare('DELETE FROM assessment_outcome WHERE assessment_id = ?').run(id);
  const test = ctx.db.prepare('INSERT INTO assessment_ortho_test (assessment_id, position, name, side, result, note) VALUES (?, ?, ?, ?, ?, ?)');
  orthoTests.forEach((t, i) => test.run(id, i, t.name, t.side, t.result, t.note));
  const tp = ctx.db.prepare('INSERT INTO assessment_trigger_point (assessment_id, position, muscle_id, side, note) VALUES (?, ?, ?, ?, ?)');
  triggerPoints.forEach((t, i) => tp.run(id, i, t.muscleId, t.side, t.note));
  const score = ctx.db.prepare('INSERT INTO assessment_outcome (assessment_id, measure, score) VALUES (?, ?, ?)');
  for (const o of outcomes) score.run(id, o.measure, o.score);
  return getAssessment(ctx, id);
}

/** What an assessment needs before it can be signed. */
export function assessmentSignProblems(a: Assessment): Record<string, string> {
  const problems: Record<string, string> = {};
  const measured = a.painCurrent !== null || a.painWorst !== null || a.painAverage !== null || a.outcomes.length > 0;
  if (!measured) problems.painCurrent = 'Record pain or at least one outcome measure before signing';
  if (!a.assessmentText && !a.chiefComplaint) problems.assessmentText = 'Write the assessment (or the chief complaint) before signing';
  return problems;
}

export function signAssessment(ctx: DbContext, id: number, providerId: number): Assessment {
  signRecord(ctx, 'assessment', id, providerId, assessmentSignProblems(getAssessment(ctx, id)));
  return getAssessment(ctx, id);
}

export function deleteAssessment(ctx: DbContext, id: number): void {
  assertDraft(ctx, 'assessment', id);
  ctx.db.prepare('DELETE FROM assessment WHERE id = ?').run(id);
  audit(ctx, 'delete', 'assessment', id, 'draft');
}
