import type { ServiceImpl } from '../shared/contract';
import type { DbContext } from './context';
import { schemaVersion } from './migrate';
import { deleteAssessment, getAssessment, saveAssessment, signAssessment } from './queries/assessments';
import { dischargeCase, listCases, saveCase } from './queries/cases';
import { getClinic, saveClinic } from './queries/clinic';
import { DEFAULT_MCIDS } from '../shared/rules/mcid';
import { getMcids, saveMcids } from './queries/mcids';
import { searchNotes } from './queries/note-search';
import { progressReportData } from './queries/report-data';
import { addPayment, batchEntry, deletePayment, feeSchedule, monthPatients, patientAccount, saveFeeSchedule, saveVisitBilling, superbillData, visitBilling } from './queries/billing';
import { superbillPdf } from '../shared/reports/superbill';
import { monthRange } from '../shared/reports/superbill-index';
import { audit } from './queries/audit';
import { progressReportPdf } from '../shared/reports/progress-report';
import { caseSummaries, reviewCases } from './queries/progress';
import { listPatients } from './queries/patient-list';
import { getPatient, savePatient, setPatientArchived } from './queries/patients';
import { listProviders, saveProvider } from './queries/providers';
import { addAddendum } from './queries/signatures';
import { caseDetail } from './queries/timeline';
import { createVisit, deleteVisit, getVisit, previousTreatment, saveVisit, signVisit } from './queries/visits';

export interface ServiceOptions {
  appVersion: string;
  databaseFile: string;
}

/**
 * The contract implemented over the query modules. Every call that writes runs in one
 * transaction: a user action either lands whole, audit row included, or not at all.
 */
export function createService(ctx: DbContext, options: ServiceOptions): ServiceImpl {
  const tx = <A extends unknown[], R>(fn: (...args: A) => R) => ctx.db.transaction(fn);
  return {
    appInfo: () => ({ version: options.appVersion, schemaVersion: schemaVersion(ctx.db), databaseFile: options.databaseFile }),
    getClinic: () => getClinic(ctx),
    saveClinic: tx((input) => saveClinic(ctx, input)),
    listProviders: ({ includeInactive }) => listProviders(ctx, includeInactive),
    saveProvider: tx((input) => saveProvider(ctx, input)),
    listPatients: (query) => listPatients(ctx, query),
    getPatient: ({ id }) => getPatient(ctx, id),
    savePatient: tx((input) => savePatient(ctx, input)),
    setPatientArchived: tx(({ id, archived }) => setPatientArchived(ctx, id, archived)),

    listCases: ({ patientId }) => listCases(ctx, patientId),
    getCase: ({ id }) => caseDetail(ctx, id),
    saveCase: tx((input) => saveCase(ctx, input)),
    dischargeCase: tx((input) => dischargeCase(ctx, input)),

    getAssessment: ({ id }) => getAssessment(ctx, id),
    saveAssessment: tx((input) => saveAssessment(ctx, input)),
    signAssessment: tx(({ id, providerId }) => signAssessment(ctx, id, providerId)),
    deleteAssessment: tx(({ id }) => (deleteAssessment(ctx, id), null)),

    createVisit: tx((input) => createVisit(ctx, input)),
    getVisit: ({ id }) => getVisit(ctx, id),
    saveVisit: tx((input) => saveVisit(ctx, input)),
    signVisit: tx(({ id, providerId }) => signVisit(ctx, id, providerId)),
    deleteVisit: tx(({ id }) => (deleteVisit(ctx, id), null)),
    previousTreatment: ({ id }) => previousTreatment(ctx, id),

    addAddendum: tx(({ kind, id, authorId, text }) => addAddendum(ctx, kind, id, authorId, text)),
    searchNotes: ({ query, limit }) => searchNotes(ctx, query, limit),

    reviewCases: (query) => reviewCases(ctx, query),
    caseSummaries: () => caseSummaries(ctx),
    getFeeSchedule: () => feeSchedule(ctx),
    saveFeeSchedule: tx(({ entries }) => saveFeeSchedule(ctx, entries)),
    getVisitBilling: ({ visitId }) => visitBilling(ctx, visitId),
    saveVisitBilling: tx(({ visitId, lines }) => saveVisitBilling(ctx, visitId, lines)),
    addPayment: tx((input) => addPayment(ctx, input)),
    deletePayment: tx(({ id }) => (deletePayment(ctx, id), null)),
    patientAccount: ({ patientId }) => patientAccount(ctx, patientId),
    superbill: tx((q) => {
      const data = superbillData(ctx, q);
      const bytes = superbillPdf(data);
      audit(ctx, 'export', 'patient', q.patientId, q.visitId ? `superbill visit ${q.visitId}` : `superbill ${q.from}..${q.to}`);
      const when = data.from === data.to ? data.from : `${data.from} to ${data.to}`;
      return { fileName: `Superbill ${data.patient.name} ${when}.pdf`.replace(/[^\w .-]+/g, ''), pdfBase64: Buffer.from(bytes).toString('base64'), entry: batchEntry(data, q.patientId) };
    }),
    superbillMonth: ({ month }) => {
      const { from, to } = monthRange(month);
      return monthPatients(ctx, month).map((patientId) => batchEntry(superbillData(ctx, { patientId, from, to }), patientId));
    },
    progressReport: tx(({ caseId }) => {
      const data = progressReportData(ctx, caseId);
      const bytes = progressReportPdf(data);
      audit(ctx, 'export', 'case', caseId, 'progress report');
      const name = `${data.patient.name} progress ${data.generatedOn}.pdf`.replace(/[^\w .-]+/g, '');
      return { fileName: name, pdfBase64: Buffer.from(bytes).toString('base64') };
    }),
    getMcids: () => ({ values: getMcids(ctx), defaults: DEFAULT_MCIDS }),
    saveMcids: tx((values) => ({ values: saveMcids(ctx, values), defaults: DEFAULT_MCIDS })),
  };
}
