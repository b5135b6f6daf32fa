import type { z } from 'zod';
import { DomainError } from '../../shared/outcome';
import type { createVisitInput, Treatment, Visit, VisitData } from '../../shared/visit';
import { timestamp, type DbContext } from '../context';
import { audit } from './audit';
import { assertCaseOpen } from './cases';
import { getProvider } from './providers';
import { addendaOf, assertDraft, SIGNATURE_COLUMNS, signatureOf, signRecord } from './signatures';

const SELECT_VISIT = `
  SELECT v.id, v.case_id AS caseId, c.patient_id AS patientId, v.provider_id AS providerId, v.started_at AS startedAt,
         v.face_minutes AS faceMinutes, v.subjective, v.objective, v.assessment_text AS assessmentText, v.plan,
         v.pain_before AS painBefore, v.pain_after AS painAfter, v.reinserted, v.home_care AS homeCare, v.next_visit_plan AS nextVisitPlan,
         v.created_at AS createdAt, v.updated_at AS updatedAt,
         (SELECT count(*) FROM visit o WHERE o.case_id = v.case_id AND (o.started_at, o.id) <= (v.started_at, v.id)) AS number,
         ${SIGNATURE_COLUMNS('v')}
  FROM visit v JOIN care_case c ON c.id = v.case_id`;

type Row = Omit<Visit, keyof Treatment | 'adverseEvents' | 'signature' | 'addenda'> & {
  signedAt: string | null;
  signedBy: number | null;
  providerName: string | null;
  credentials: string | null;
};

type LeadPair = Treatment['leadPairs'][number];
interface LeadPairRow extends Omit<LeadPair, 'from' | 'to'> {
  from_kind: LeadPair['from']['kind'];
  from_ref: string;
  from_side: LeadPair['from']['side'];
  to_kind: LeadPair['to']['kind'];
  to_ref: string;
  to_side: LeadPair['to']['side'];
}

/** The treatment rows of one visit, in the order they were charted. */
export function treatmentOf(ctx: DbContext, visitId: number): Treatment {
  return {
    acupoints: ctx.db
      .prepare(
        `SELECT point_code AS code, side, gauge_mm AS gaugeMm, length_mm AS lengthMm, depth, technique, retention_minutes AS retentionMinutes
         FROM visit_acupoint WHERE visit_id = ? ORDER BY position`,
      )
      .all(visitId) as Treatment['acupoints'],
    triggerPoints: (
      ctx.db
        .prepare('SELECT muscle_id AS muscleId, side, location, twitch, passes FROM visit_trigger_point WHERE visit_id = ? ORDER BY position')
        .all(visitId) as (Omit<Treatment['triggerPoints'][number], 'twitch'> & { twitch: number })[]
    ).map((t) => ({ ...t, twitch: t.twitch === 1 })),
    leadPairs: (
      ctx.db
        .prepare(
          `SELECT from_kind, from_ref, from_side, to_kind, to_ref, to_side, frequency, waveform, intensity_ma AS intensityMa, minutes
           FROM visit_lead_pair WHERE visit_id = ? ORDER BY position`,
        )
        .all(visitId) as LeadPairRow[]
    ).map(({ from_kind, from_ref, from_side, to_kind, to_ref, to_side, ...rest }) => ({
      from: { kind: from_kind, ref: from_ref, side: from_side },
      to: { kind: to_kind, ref: to_ref, side: to_side },
      ...rest,
    })),
    adjuncts: ctx.db.prepare('SELECT kind, minutes, note FROM visit_adjunct WHERE visit_id = ? ORDER BY rowid').all(visitId) as Treatment['adjuncts'],
  };
}

export function getVisit(ctx: DbContext, id: number): Visit {
  const row = ctx.db.prepare(`${SELECT_VISIT} WHERE v.id = ?`).get(id) as Row | undefined;
  if (!row) throw new DomainError('not_found', `Visit ${id} does not exist`);
  const { signedAt, signedBy, providerName, credentials, ...fields } = row;
  return {
    ...fields,
    // SQLite stores the flag as 0/1.
    reinserted: Boolean(fields.reinserted),
    ...treatmentOf(ctx, id),
    adverseEvents: ctx.db.prepare('SELECT kind, note FROM visit_adverse_event WHERE visit_id = ? ORDER BY position').all(id) as Visit['adverseEvents'],
    signature: signatureOf({ signedAt, signedBy, providerName, credentials }),
    addenda: addendaOf(ctx, 'visit', [id]).get(id) ?? [],
  };
}

/** Opens a new draft visit on a case; charting then saves into it as the practitioner types. */
export function createVisit(ctx: DbContext, input: z.output<typeof createVisitInput>): Visit {
  assertCaseOpen(ctx, input.caseId);
  const provider = getProvider(ctx, input.providerId);
  if (!provider.active) throw new DomainError('invalid_input', `${provider.name} is inactive`, { providerId: 'Choose an active provider' });
  const now = timestamp(ctx);
  const id = Number(
    ctx.db
      .prepare('INSERT INTO visit (case_id, provider_id, started_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(input.caseId, input.providerId, input.startedAt, now, now).lastInsertRowid,
  );
  audit(ctx, 'create', 'visit', id);
  return getVisit(ctx, id);
}

/** Replaces a draft visit's content and treatment rows; the caller's transaction makes it whole. */
export function saveVisit(ctx: DbContext, input: VisitData): Visit {
  assertDraft(ctx, 'visit', input.id);
  getProvider(ctx, input.providerId);
  const { id, acupoints, triggerPoints, leadPairs, adjuncts, adverseEvents, ...fields } = input;
  ctx.db
    .prepare(
      `UPDATE visit SET provider_id = @providerId, started_at = @startedAt, face_minutes = @faceMinutes, subjective = @subjective,
         objective = @objective, assessment_text = @assessmentText, plan = @plan, pain_before = @painBefore, pain_after = @painAfter,
         reinserted = @reinserted, home_care = @homeCare, next_visit_plan = @nextVisitPlan, updated_at = @now
       WHERE id = @id`,
    )
    .run({ ...fields, reinserted: fields.reinserted ? 1 : 0, id, now: timestamp(ctx) });
  for (const table of ['visit_acupoint', 'visit_trigger_point', 'visit_lead_pair', 'visit_adjunct', 'visit_adverse_event']) {
    ctx.db.prepare(`DELETE FROM ${table} WHERE visit_id = ?`).run(id);
  }
  const point = ctx.db.prepare(
    'INSERT INTO visit_acupoint (visit_id, position, point_code, side, gauge_mm, length_mm, depth, technique, retention_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  acupoints.forEach((p, i) => point.run(id, i, p.code, p.side, p.gaugeMm, p.lengthMm, p.depth, p.technique, p.retentionMinutes));
  const tp = ctx.db.prepare('INSERT INTO visit_trigger_point (visit_id, position, muscle_id, side, location, twitch, passes) VALUES (?, ?, ?, ?, ?, ?, ?)');
  triggerPoints.forEach((t, i) => tp.run(id, i, t.muscleId, t.side, t.location, t.twitch ? 1 : 0, t.passes));
  const lead = ctx.db.prepare(
    `INSERT INTO visit_lead_pair (visit_id, position, from_kind, from_ref, from_side, to_kind, to_ref, to_side, frequency, waveform, intensity_ma, minutes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  leadPairs.forEach((l, i) =>
    lead.run(id, i, l.from.kind, l.from.ref, l.from.side, l.to.kind, l.to.ref, l.to.side, l.frequency.replace(/\s+/g, ''), l.waveform, l.intensityMa, l.minutes),
  );
  const adjunct = ctx.db.prepare('INSERT INTO visit_adjunct (visit_id, kind, minutes, note) VALUES (?, ?, ?, ?)');
  for (const a of adjuncts) adjunct.run(id, a.kind, a.minutes, a.note);
  const adverse = ctx.db.prepare('INSERT INTO visit_adverse_event (visit_id, position, kind, note) VALUES (?, ?, ?, ?)');
  adverseEvents.forEach((e, i) => adverse.run(id, i, e.kind, e.note));
  audit(ctx, 'update', 'visit', id);
  return getVisit(ctx, id);
}

/** What a visit needs before it can be signed. */
export function visitSignProblems(v: Visit): Record<string, string> {
  const problems: Record<string, string> = {};
  if (v.faceMinutes === null) problems.faceMinutes = 'Face-to-face minutes are needed before signing';
  const treated = v.acupoints.length + v.triggerPoints.length + v.adjuncts.length > 0;
  if (!treated && !v.subjective) problems.acupoints = 'Chart the treatment (or at least the subjective note) before signing';
  return problems;
}

export function signVisit(ctx: DbContext, id: number, providerId: number): Visit {
  signRecord(ctx, 'visit', id, providerId, visitSignProblems(getVisit(ctx, id)));
  return getVisit(ctx, id);
}

export function deleteVisit(ctx: DbContext, id: number): void {
  assertDraft(ctx, 'visit', id);
  ctx.db.prepare('DELETE FROM visit WHERE id = ?').run(id);
  audit(ctx, 'delete', 'visit', id, 'draft');
}

/** The treatment of the case's visit just before this one: "Start from last visit". */
export function previousTreatment(ctx: DbContext, visitId: number): { visitId: number; startedAt: string; treatment: Treatment } | null {
  const v = getVisit(ctx, visitId);
  const prior = ctx.db
    .prepare(
      `SELECT id, started_at AS startedAt FROM visit WHERE case_id = ? AND (started_at, id) < (?, ?)
       ORDER BY started_at DESC, id DESC LIMIT 1`,
    )
    .get(v.caseId, v.startedAt, v.id) as { id: number; startedAt: string } | undefined;
  return prior ? { visitId: prior.id, startedAt: prior.startedAt, treatment: treatmentOf(ctx, prior.id) } : null;
}
