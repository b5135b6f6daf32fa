import { inRange, type PatientRecord, type RecordCase } from '../../shared/records/patient-record';
import { readsNoteText, type DbContext } from '../context';
import { getAssessment } from './assessments';
import { toLine, linesOf } from './billing';
import { listCases } from './cases';
import { getClinic } from './clinic';
import { getPatient } from './patients';
import { listProviders } from './providers';
import { getPatientSafety, screenKeptSince } from './safety';
import { caseDetail } from './timeline';
import { getVisit } from './visits';

/**
 * One patient's record as it leaves the clinic (a chart copy, a FHIR export): the patient, the
 * safety screen and consents, and each case with its signed visits and assessments in date order,
 * with their addenda and billing lines. Drafts are counted, never included. The front desk reads
 * it without note text, as every screen it uses does (db/context.ts, readsNoteText).
 */
export async function patientRecord(ctx: DbContext, patientId: number, range: PatientRecord['range'] = null): Promise<PatientRecord> {
  const noteText = readsNoteText(ctx);
  const patient = await getPatient(ctx, patientId);
  const safety = await getPatientSafety(ctx, patientId);
  const cases: RecordCase[] = [];
  // Oldest case first: a chart reads forward in time.
  for (const c of (await listCases(ctx, patientId)).sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id - b.id)) {
    const { careCase, timeline, progress, mcids } = await caseDetail(ctx, c.id);
    const entries = timeline.filter((e) => inRange(e.at, range));
    const signedVisitIds = entries.flatMap((e) => (e.kind === 'visit' && e.signature ? [e.id] : []));
    const lines = await linesOf(ctx, signedVisitIds);
    const visits = [];
    for (const id of signedVisitIds) {
      visits.push({ visit: await getVisit(ctx, id, { noteText }), billing: lines.filter((l) => l.visitId === id).map((l) => ({ ...toLine(l), id: l.id })) });
    }
    const assessments = [];
    for (const e of entries) if (e.kind === 'assessment' && e.signature) assessments.push(await getAssessment(ctx, e.id, { noteText }));
    cases.push({ careCase, progress, mcids, visits, assessments, drafts: entries.filter((e) => !e.signature).length });
  }
  const used = new Set<number>();
  for (const c of cases) {
    for (const { visit } of c.visits)
      [visit.providerId, visit.signature?.providerId, ...visit.addenda.map((a) => a.authorId)].forEach((id) => id && used.add(id));
    for (const a of c.assessments) [a.providerId, a.signature?.providerId, ...a.addenda.map((d) => d.authorId)].forEach((id) => id && used.add(id));
  }
  const providers = (await listProviders(ctx, true)).filter((p) => used.has(p.id));
  return { clinic: await getClinic(ctx), providers, patient, safety, screenKeptSince: await screenKeptSince(ctx), cases, range, noteText };
}
