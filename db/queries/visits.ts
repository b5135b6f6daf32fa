import type { z } from 'zod';
import { DomainError } from '../../shared/outcome';
import type { createVisitInput, Encounter, PreviousTreatment, Treatment, Visit, VisitData } from '../../shared/visit';
import { takesEncounter } from '../../shared/catalogs/conditions';
import { savedBy, timestamp, type DbContext } from '../context';
import { audit } from './audit';
import { assertCaseOpen, assertWithinCase } from './cases';
import { early, together } from '../together';
import { getProvider } from './providers';
import { screenAtSigningFromColumn } from './safety';
import { tcmColumn, tcmFromColumn } from './tcm';
import { treatmentWarnings } from '../../shared/rules/safety';
import { NOTE_TEXT_COLUMNS } from '../clinic/roles';
import { addendaOf, assertDraft, refuseStale, SIGNATURE_COLUMNS, signatureOf, signingReads, signRecord } from './signatures';
import { billedCodes, dropTreatmentSearch, writeTreatmentSearch } from './treatment-search';
import { chartedFrom, chartedRowsOf, chartedUnchanged, replaceTreatment, TREATMENT_PARTS, type RowsOnFile } from './treatment-rows';

const SELECT_VISIT_WITH_TEXT = `
  SELECT v.id, v.case_id AS "caseId", c.patient_id AS "patientId", v.provider_id AS "providerId", v.started_at AS "startedAt",
         v.face_minutes AS "faceMinutes", v.evaluation_minutes AS "evaluationMinutes", v.subjective, v.objective, v.assessment_text AS "assessmentText", v.plan,
         v.pain_before AS "painBefore", v.pain_after AS "painAfter", v.reinserted, v.encounter, v.home_care AS "homeCare", v.next_visit_plan AS "nextVisitPlan",
         v.created_at AS "createdAt", v.updated_at AS "updatedAt", coalesce(v.version, 0) AS version, v.updated_by AS "updatedBy", v.safety_warnings AS "safetyWarnings", v.safety_override AS "safetyOverride", v.tcm,
         v.safety_screen_at_signing AS "screenAtSigning",
         (SELECT count(*) FROM visit o WHERE o.case_id = v.case_id AND (o.started_at, o.id) <= (v.started_at, v.id)) AS number,
         ${SIGNATURE_COLUMNS('v')}
  FROM visit v JOIN care_case c ON c.id = v.case_id`;

/**
 * The same visit without its note text: what billing reads, so the front desk can bill. The
 * columns are the ones the front desk's login may not read (db/clinic/roles.ts), each selected as
 * NULL under its own name.
 */
const SELECT_VISIT_NO_TEXT = NOTE_TEXT_COLUMNS.visit!.reduce(
  (sql, column) => sql.replace(new RegExp(`\\bv\\.${column}\\b( AS "\\w+")?`), (_whole, alias?: string) => `NULL${alias ?? ` AS ${column}`}`),
  SELECT_VISIT_WITH_TEXT,
);

type Row = Omit<Visit, keyof Treatment | 'adverseEvents' | 'signature' | 'addenda' | 'signedWarnings' | 'tcm' | 'screenAtSigning'> & {
  safetyWarnings: string | null;
  screenAtSigning: string | null;
  tcm: string | null;
  signedAt: string | null;
  signedBy: number | null;
  providerName: string | null;
  credentials: string | null;
};

/** The treatment rows of one visit, in the order they were charted. */
export async function treatmentOf(ctx: DbContext, visitId: number, noteText = true): Promise<Treatment> {
  return (await treatmentsOf(ctx, [visitId], noteText)).get(visitId)!;
}

/**
 * The treatment rows of several visits (a case's timeline), in the order they were charted: five
 * statements for all of them, not five per visit.
 */
export async function treatmentsOf(ctx: DbContext, visitIds: readonly number[], noteText = true): Promise<Map<number, Treatment>> {
  const onFile = await chartedRowsOf(ctx, visitIds, { noteText, parts: TREATMENT_PARTS });
  return new Map(
    [...onFile].map(([id, rows]) => {
      const { adverseEvents: _none, ...treatment } = chartedFrom(rows);
      return [id, treatment];
    }),
  );
}

/** The visit's own row: read apart from its charted rows when a save already has those in hand. */
async function visitRow(ctx: DbContext, id: number, noteText: boolean): Promise<Row> {
  const row = await ctx.db.get<Row>(`${noteText ? SELECT_VISIT_WITH_TEXT : SELECT_VISIT_NO_TEXT} WHERE v.id = ?`, [id]);
  if (!row) throw new DomainError('not_found', `Visit ${id} does not exist`);
  return row;
}

/** A visit whole from its row, its charted rows and its addenda. */
function visitOf(row: Row, charted: RowsOnFile, addenda: Visit['addenda']): Visit {
  const { signedAt, signedBy, providerName, credentials, safetyWarnings, tcm, screenAtSigning, ...fields } = row;
  return {
    ...fields,
    tcm: tcmFromColumn(tcm),
    signedWarnings: safetyWarnings ? safetyWarnings.split('\n') : [],
    screenAtSigning: screenAtSigningFromColumn(screenAtSigning),
    // SQLite stores the flag as 0/1.
    reinserted: Boolean(fields.reinserted),
    ...chartedFrom(charted),
    signature: signatureOf({ signedAt, signedBy, providerName, credentials }),
    addenda,
  };
}

/** A visit whole; `noteText: false` leaves out what was written (for billing: the front desk reads no note text). */
export async function getVisit(ctx: DbContext, id: number, { noteText = true } = {}): Promise<Visit> {
  // The visit and its rows are asked for together (one wait on PostgreSQL); rows of a visit that does not exist are none.
  const [row, charted, addenda] = await together([
    visitRow(ctx, id, noteText),
    chartedRowsOf(ctx, [id], { noteText }),
    noteText ? addendaOf(ctx, 'visit', [id]) : Promise.resolve(null),
  ] as const);
  return visitOf(row!, charted!.get(id)!, addenda?.get(id) ?? []);
}

/** Opens a new draft visit on a case; charting then saves into it as the practitioner types. */
export async function createVisit(ctx: DbContext, input: z.output<typeof createVisitInput>): Promise<Visit> {
  // The checks' reads and the visit before this one, asked together (one wait on PostgreSQL) and
  // judged in the order they were always made.
  const open = early(assertCaseOpen(ctx, input.caseId));
  const asked = early(getProvider(ctx, input.providerId));
  // The encounter follows the visit before it; the first visit of an injury is the initial one.
  // The TCM findings start from the visit before too: most change little from one visit to the next.
  const previous = early(
    ctx.db.get<{ encounter: Encounter | null; tcm: string | null }>(
      'SELECT encounter, tcm FROM visit WHERE case_id = ? AND started_at <= ? ORDER BY started_at DESC, id DESC LIMIT 1',
      [input.caseId, input.startedAt],
    ),
  );
  const careCase = await open;
  assertWithinCase(careCase, input.startedAt);
  const provider = await asked;
  if (!provider.active) throw new DomainError('invalid_input', `${provider.name} is inactive`, { providerId: 'Choose an active provider' });
  const before = await previous;
  const encounter = before?.encounter ?? (careCase.diagnoses.some((d) => takesEncounter(d.code)) ? 'A' : null);
  const now = timestamp(ctx);
  const id = Number(
    await ctx.db.insert('INSERT INTO visit (case_id, provider_id, started_at, encounter, tcm, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      input.caseId,
      input.providerId,
      input.startedAt,
      encounter,
      before?.tcm ?? null,
      now,
      now,
    ]),
  );
  await audit(ctx, 'create', 'visit', id);
  return await getVisit(ctx, id);
}

/** Replaces a draft visit's content and treatment rows; the caller's transaction makes it whole. */
export async function saveVisit(ctx: DbContext, input: VisitData): Promise<Visit> {
  // Every check's read at once (an autosave is the call a clinic's seat makes most; each wait is a
  // round trip to the server), judged in the order they were always made. The charted rows as
  // they are on file are asked beside them: the UPDATE below does not touch them.
  const kept = early(chartedRowsOf(ctx, [input.id]));
  const [, , caseStart] = await together([
    assertDraft(ctx, 'visit', input.id),
    getProvider(ctx, input.providerId),
    ctx.db.get<{ startDate: string }>('SELECT c.start_date AS "startDate" FROM visit v JOIN care_case c ON c.id = v.case_id WHERE v.id = ?', [input.id]),
  ] as const);
  assertWithinCase(caseStart!, input.startedAt);
  // The treatment as it was (most autosaves change only the text): its rows, search entries and
  // the case's Review row stay as they are (db/queries/treatment-rows.ts).
  const onFile = (await kept).get(input.id)!;
  const unchanged = chartedUnchanged(onFile, input);
  const { id, rounds: _r, acupoints, triggerPoints, leadPairs, adjuncts: _a, adverseEvents: _e, tcm, version, ...fields } = input;
  // The UPDATE, the new charted rows (Db.later) and, behind them on the same connection, the
  // visit as saved (and the codes billed, for the search entry): one wait. The UPDATE's count is
  // judged first: a save on top of another seat's is refused, and the transaction takes back what
  // was sent behind it.
  const updated = early(
    ctx.db.run(
      `UPDATE visit SET provider_id = @providerId, started_at = @startedAt, face_minutes = @faceMinutes, evaluation_minutes = @evaluationMinutes, subjective = @subjective,
           objective = @objective, assessment_text = @assessmentText, plan = @plan, pain_before = @painBefore, pain_after = @painAfter,
           reinserted = @reinserted, encounter = @encounter, home_care = @homeCare, next_visit_plan = @nextVisitPlan, tcm = @tcm, updated_at = @now,
           version = coalesce(version, 0) + 1, updated_by = @by
         WHERE id = @id AND (CAST(@version AS integer) IS NULL OR coalesce(version, 0) = CAST(@version AS integer))`,
      { ...fields, reinserted: fields.reinserted ? 1 : 0, tcm: tcmColumn(tcm), id, now: timestamp(ctx), by: savedBy(ctx), version: version ?? null },
    ),
  );
  if (!unchanged) await replaceTreatment(ctx, id, input);
  // Rows left as they were are the rows read above, so only the visit's own row is read back (on a
  // clinic's server, one statement where reading it whole was nine). A draft has no addenda.
  const read = early(
    together([
      unchanged ? Promise.resolve(null) : billedCodes(ctx, id),
      visitRow(ctx, id, true),
      unchanged ? Promise.resolve(null) : chartedRowsOf(ctx, [id]).then((rows) => rows.get(id)!),
    ] as const),
  );
  if ((await updated).changes === 0) await refuseStale(ctx, 'visit', id);
  const [billed, row, rewritten] = await read;
  await audit(ctx, 'update', 'visit', id);
  // From the input just written: what was needled need not be read back.
  if (billed) await writeTreatmentSearch(ctx, id, { acupoints, triggerPoints, leadPairs }, billed);
  return visitOf(row!, rewritten ?? onFile, []);
}

/** What a visit needs before it can be signed. */
export function visitSignProblems(v: Visit): Record<string, string> {
  const problems: Record<string, string> = {};
  if (v.faceMinutes === null) problems.faceMinutes = 'Face-to-face minutes are needed before signing';
  const treated = v.acupoints.length + v.triggerPoints.length + v.adjuncts.length > 0;
  if (!treated && !v.subjective) problems.acupoints = 'Chart the treatment (or at least the subjective note) before signing';
  return problems;
}

/**
 * Signs a draft visit. The safety warnings that stand against it are kept on the signed row; one
 * that needs an override (e-stim with an implanted device) is signed over only with a written
 * reason, which is kept too and audited by rule (db/queries/safety.ts).
 */
export async function signVisit(ctx: DbContext, id: number, providerId: number, overrideReason: string | null = null): Promise<Visit> {
  // The visit and every read the signing checks, asked together: one wait on PostgreSQL.
  const read = early(getVisit(ctx, id));
  const reads = signingReads(ctx, 'visit', id, providerId);
  const visit = await read;
  const warnings = visit.signature ? [] : treatmentWarnings(visit, await reads.safety, visit.startedAt.slice(0, 10));
  const overridden = warnings.filter((w) => w.needsOverride);
  if (overridden.length > 0 && !overrideReason) {
    const message = `${overridden.map((w) => w.title).join('; ')}: write the reason to sign anyway.`;
    throw new DomainError('invalid_input', message, { overrideReason: 'Override reason is required to sign over this warning' });
  }
  if (!visit.signature && warnings.length > 0) {
    // Its answer is not read (Db.later): the signing and the read back follow it.
    await ctx.db.later('UPDATE visit SET safety_warnings = ?, safety_override = ? WHERE id = ?', [
      warnings.map((w) => w.title).join('\n'),
      overridden.length > 0 ? overrideReason : null,
      id,
    ]);
    if (overridden.length > 0) await audit(ctx, 'override', 'visit', id, `safety: ${overridden.map((w) => w.kind).join(', ')}`);
  }
  const signed = await signRecord(ctx, 'visit', id, providerId, visitSignProblems(visit), reads);
  // The visit as signed is the draft read above with what the signing wrote: nothing else in its
  // row or treatment changes when it is signed (the two UPDATEs here are the whole of it, and no
  // trigger writes back), so it is not read again. On a clinic's server that read was nine of the
  // signing's forty statements (issue 38); tests/integration/signing-answer.test.ts holds the
  // answer to the row as read afterwards.
  return {
    ...visit,
    signature: signed.signature,
    signedWarnings: warnings.length > 0 ? warnings.map((w) => w.title) : visit.signedWarnings,
    safetyOverride: warnings.length > 0 ? (overridden.length > 0 ? overrideReason : null) : visit.safetyOverride,
    screenAtSigning: screenAtSigningFromColumn(signed.screenColumn),
  };
}

export async function deleteVisit(ctx: DbContext, id: number): Promise<void> {
  await assertDraft(ctx, 'visit', id);
  await ctx.db.run('DELETE FROM visit WHERE id = ?', [id]);
  await dropTreatmentSearch(ctx, id);
  await audit(ctx, 'delete', 'visit', id, 'draft');
}

/** The treatment of the case's visit just before this one: "Start from last visit". */
export async function previousTreatment(ctx: DbContext, visitId: number): Promise<PreviousTreatment | null> {
  const v = await getVisit(ctx, visitId);
  const prior = (await ctx.db.get(
    `SELECT id, started_at AS "startedAt", face_minutes AS "faceMinutes", reinserted FROM visit WHERE case_id = ? AND (started_at, id) < (?, ?)
       ORDER BY started_at DESC, id DESC LIMIT 1`,
    [v.caseId, v.startedAt, v.id],
  )) as { id: number; startedAt: string; faceMinutes: number | null; reinserted: number } | undefined;
  return prior
    ? {
        visitId: prior.id,
        startedAt: prior.startedAt,
        treatment: await treatmentOf(ctx, prior.id),
        faceMinutes: prior.faceMinutes,
        reinserted: prior.reinserted === 1,
      }
    : null;
}
