import { z } from 'zod';
import type { ChannelName } from './channels';
import { assessmentInput, type Assessment } from './assessment';
import {
  batchFileInput,
  batchJobInput,
  feeScheduleInput,
  monthInput,
  paymentInput,
  superbillInput,
  visitBillingInput,
  type BatchEntry,
  type BatchFile,
  type BatchFilePart,
  type BatchStatus,
  type FeeScheduleEntry,
  type PatientAccount,
  type Payment,
  type VisitBilling,
} from './billing';
import { caseInput, diagnosisSearchInput, dischargeInput, reopenInput, type CareCase } from './case';
import type { DiagnosisHit } from './icd10cm/search';
import { clinicInput, type Clinic } from './clinic';
import { auditQuery, type AuditPage } from './audit';
import { backupFolderInput, restoreInput, type BackupStatus, type RecoveryStatus } from './backup';
import { recordId } from './fields';
import { changeDataKeyInput, confirmRecoveryInput, encryptDataFileInput, openDataFileInput, type RecoveryKeyState } from './data-key';
import { setPasscodeInput, signInInput, unlockInput, type Session } from './session';
import type { IntegrityReport } from './integrity';
import type { Outcome } from './outcome';
import { loginInput, personInput, type Person } from './people';
import { patientInput, patientListQuery, type Patient, type PatientPage } from './patient';
import { providerInput, type Provider } from './provider';
import { addendumInput, deleteDraftInput, signInput, signVisitInput, type Addendum } from './signing';
import { consentInput, safetyScreenInput, type PatientSafety } from './safety';
import { mcidsInput, reviewQuery, type CaseSummary, type McidsResult, type ReviewPage } from './review';
import { noteSearchInput, type CaseDetail, type NoteHit } from './timeline';
import { savePhraseInput, saveProtocolInput, type Phrase, type Protocol } from './protocols';
import { unsignedNotesQuery, type UnsignedNotes } from './unsigned-notes';
import { clearUnsavedInput, keepUnsavedInput, unsavedKeyInput, type UnsavedDraft } from './unsaved';
import { chartCopyInput } from './records/patient-record';
import { importCommitInput, importInput, type ImportPreview, type ImportResult } from './import/patient-import';
import { createVisitInput, visitInput, type PreviousTreatment, type Visit } from './visit';

/** A type carried by the contract only at compile time: results are produced by our own code. */
declare const resultType: unique symbol;
export interface Returns<T> {
  readonly [resultType]?: T;
}
const returns = <T>(): Returns<T> => ({});

/** A generated document: the UI saves it (Electron asks where with a save dialog). */
export interface PdfFile {
  fileName: string;
  pdfBase64: string;
}

/** A generated JSON document (a FHIR Bundle): the UI saves it as the PDFs are saved. */
export interface JsonFile {
  fileName: string;
  json: string;
}

export interface AppInfo {
  version: string;
  schemaVersion: number;
  databaseFile: string;
}

/**
 * Whether anything changed on another seat since `seq` was last seen, and whether the clinic's
 * server answers (db/engine/postgres-changes.ts). A solo file has one seat: always connected, and
 * `shared` false so the app does not ask again.
 */
export interface Changes {
  shared: boolean;
  seq: number;
  connected: boolean;
}

const nothing = z.strictObject({});
const byId = z.strictObject({ id: recordId });

/**
 * The one contract between the UI and the data: channel name → input schema and result type.
 * The service implements it, Electron's main process and the browser harness parse every input
 * against it, and the renderer calls it through `window.needlebook`.
 */
export const contract = {
  appInfo: { input: nothing, result: returns<AppInfo>() },
  changes: { input: nothing, result: returns<Changes>() },
  /** The clinic's people and their roles; the owner adds and changes them (docs/clinic-mode.md). */
  listPeople: { input: nothing, result: returns<Person[]>() },
  savePerson: { input: personInput, result: returns<Person[]>() },
  removePerson: { input: z.strictObject({ login: loginInput }), result: returns<Person[]>() },
  /** The clinic's owner removes a person's forgotten passcode; the server audits it (migration 25). */
  resetPasscode: { input: z.strictObject({ providerId: recordId }), result: returns<Person[]>() },
  getClinic: { input: nothing, result: returns<Clinic | null>() },
  saveClinic: { input: clinicInput, result: returns<Clinic>() },
  listProviders: {
    input: z.strictObject({ includeInactive: z.boolean().default(true) }),
    result: returns<Provider[]>(),
  },
  saveProvider: { input: providerInput, result: returns<Provider>() },
  listPatients: { input: patientListQuery, result: returns<PatientPage>() },
  getPatient: { input: byId, result: returns<Patient>() },
  savePatient: { input: patientInput, result: returns<Patient>() },
  /** Patients from another system's CSV: the columns mapped, each row's problems by field, matches with patients on file. */
  previewPatientImport: { input: importInput, result: returns<ImportPreview>() },
  importPatients: { input: importCommitInput, result: returns<ImportResult>() },
  setPatientArchived: {
    input: z.strictObject({ id: recordId, archived: z.boolean() }),
    result: returns<Patient>(),
  },

  listCases: { input: z.strictObject({ patientId: recordId }), result: returns<CareCase[]>() },
  getCase: { input: byId, result: returns<CaseDetail>() },
  saveCase: { input: caseInput, result: returns<CareCase>() },
  dischargeCase: { input: dischargeInput, result: returns<CareCase>() },
  reopenCase: { input: reopenInput, result: returns<CareCase>() },

  getAssessment: { input: byId, result: returns<Assessment>() },
  saveAssessment: { input: assessmentInput, result: returns<Assessment>() },
  signAssessment: { input: signInput, result: returns<Assessment>() },
  deleteAssessment: { input: deleteDraftInput, result: returns<null>() },

  createVisit: { input: createVisitInput, result: returns<Visit>() },
  getVisit: { input: byId, result: returns<Visit>() },
  saveVisit: { input: visitInput, result: returns<Visit>() },
  signVisit: { input: signVisitInput, result: returns<Visit>() },
  /** The patient's safety screen and consents (db/queries/safety.ts). */
  patientSafety: { input: z.strictObject({ patientId: recordId }), result: returns<PatientSafety>() },
  saveSafetyScreen: { input: safetyScreenInput, result: returns<PatientSafety>() },
  addConsent: { input: consentInput, result: returns<PatientSafety>() },
  deleteVisit: { input: deleteDraftInput, result: returns<null>() },
  previousTreatment: { input: byId, result: returns<PreviousTreatment | null>() },

  addAddendum: { input: addendumInput, result: returns<Addendum>() },
  searchNotes: { input: noteSearchInput, result: returns<NoteHit[]>() },
  searchDiagnoses: { input: diagnosisSearchInput, result: returns<DiagnosisHit[]>() },

  reviewCases: { input: reviewQuery, result: returns<ReviewPage>() },
  caseSummaries: { input: nothing, result: returns<CaseSummary[]>() },
  progressReport: { input: z.strictObject({ caseId: recordId }), result: returns<PdfFile>() },
  /** A patient's chart copy PDF: signed notes with addenda, signatures and billing; drafts counted, not printed. */
  chartCopy: { input: chartCopyInput, result: returns<PdfFile>() },
  /** One patient's record as a FHIR R4 Bundle (JSON text); the front desk's carries no note text. */
  fhirBundle: { input: z.strictObject({ patientId: recordId }), result: returns<JsonFile>() },
  /** The whole clinic as FHIR Bulk Data: one NDJSON file per resource type and a manifest, in one ZIP. */
  fhirClinic: { input: nothing, result: returns<BatchFile>() },

  getFeeSchedule: { input: nothing, result: returns<FeeScheduleEntry[]>() },
  saveFeeSchedule: { input: feeScheduleInput, result: returns<FeeScheduleEntry[]>() },
  getVisitBilling: { input: z.strictObject({ visitId: recordId }), result: returns<VisitBilling>() },
  saveVisitBilling: { input: visitBillingInput, result: returns<VisitBilling>() },
  addPayment: { input: paymentInput, result: returns<Payment>() },
  deletePayment: { input: byId, result: returns<null>() },
  patientAccount: { input: z.strictObject({ patientId: recordId }), result: returns<PatientAccount>() },
  superbill: { input: superbillInput, result: returns<PdfFile & { entry: BatchEntry }>() },
  superbillMonth: { input: monthInput, result: returns<BatchEntry[]>() },
  /** The month batch as one job in the database process: start, poll, cancel, then take the ZIP once. */
  superbillBatch: { input: monthInput, result: returns<BatchStatus>() },
  superbillBatchStatus: { input: batchJobInput, result: returns<BatchStatus>() },
  superbillBatchCancel: { input: batchJobInput, result: returns<BatchStatus>() },
  superbillBatchFile: { input: batchFileInput, result: returns<BatchFilePart>() },
  getMcids: { input: nothing, result: returns<McidsResult>() },
  /** Backups of the data file (db/backup.ts): the folder and what is in it, a backup now, a restore. */
  backupStatus: { input: nothing, result: returns<BackupStatus>() },
  backupNow: { input: nothing, result: returns<BackupStatus>() },
  restoreBackup: { input: restoreInput, result: returns<BackupStatus>() },
  restoreLatestBackup: { input: nothing, result: returns<BackupStatus>() },
  setBackupFolder: { input: backupFolderInput, result: returns<BackupStatus>() },
  /** The second folder every backup is also written to ('' for none), checked like the first. */
  setSecondBackupFolder: { input: backupFolderInput, result: returns<BackupStatus>() },
  /** The restore drill now: the latest backup in each place opened and checked as a restore would. */
  restoreDrill: { input: nothing, result: returns<BackupStatus>() },
  /** A data file that did not open whole: what is wrong and the good backups to go back to (the recovery screen). */
  recovery: { input: nothing, result: returns<RecoveryStatus>() },
  /** An encrypted file opened with its passphrase or recovery key; a new one made with a passphrase (the recovery screen). */
  openDataFile: { input: openDataFileInput, result: returns<RecoveryStatus>() },
  /** The recovery key, shown until the practitioner types two of its groups back (docs/encryption.md). */
  recoveryKey: { input: nothing, result: returns<RecoveryKeyState>() },
  confirmRecoveryKey: { input: confirmRecoveryInput, result: returns<RecoveryKeyState>() },
  /** The one-page recovery sheet, printable only while the recovery key is shown (before it is confirmed). */
  recoverySheet: { input: nothing, result: returns<PdfFile>() },
  /** A plain data file from before encryption made encrypted, its key kept by the passphrase given. */
  encryptDataFile: { input: encryptDataFileInput, result: returns<RecoveryKeyState>() },
  changeDataKey: { input: changeDataKeyInput, result: returns<RecoveryKeyState>() },
  encryptPlainBackups: { input: nothing, result: returns<{ encrypted: number }>() },
  /** A practitioner's own protocols (a visit's treatment saved under a name) and text phrases (db/queries/protocols.ts). */
  listProtocols: { input: z.strictObject({ providerId: recordId }), result: returns<Protocol[]>() },
  saveProtocol: { input: saveProtocolInput, result: returns<Protocol[]>() },
  deleteProtocol: { input: byId, result: returns<null>() },
  listPhrases: { input: z.strictObject({ providerId: recordId }), result: returns<Phrase[]>() },
  savePhrase: { input: savePhraseInput, result: returns<Phrase[]>() },
  deletePhrase: { input: byId, result: returns<null>() },
  /** Visits and assessments left unsigned, oldest first (Review, the patient and case pages, the month's batch). */
  unsignedNotes: { input: unsignedNotesQuery, result: returns<UnsignedNotes>() },
  /** The safety copy of a form's unsaved typing, kept in the data file (db/queries/unsaved-drafts.ts). */
  keepUnsaved: { input: keepUnsavedInput, result: returns<null>() },
  unsavedDraft: { input: unsavedKeyInput, result: returns<UnsavedDraft>() },
  clearUnsaved: { input: clearUnsavedInput, result: returns<null>() },
  /** Who is at the keyboard; signing in, locking and unlocking (db/session.ts). */
  session: { input: nothing, result: returns<Session>() },
  signIn: { input: signInInput, result: returns<Session>() },
  signOut: { input: nothing, result: returns<Session>() },
  lock: { input: nothing, result: returns<Session>() },
  unlock: { input: unlockInput, result: returns<Session>() },
  setPasscode: { input: setPasscodeInput, result: returns<Session>() },
  /** The audit log, newest first: who did and who looked at what (Audit screen, `needlebook audit`). */
  auditLog: { input: auditQuery, result: returns<AuditPage>() },
  /** The check made when the database opened (signed records re-hashed, guards verified). */
  integrity: { input: nothing, result: returns<IntegrityReport>() },
  /** Settings → Verify records: re-hashes every signed record now. */
  verifyRecords: { input: nothing, result: returns<IntegrityReport>() },
  saveMcids: { input: mcidsInput, result: returns<McidsResult>() },
} as const satisfies { readonly [C in ChannelName]: { input: z.ZodType; result: Returns<unknown> } };

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type ResultOf<C extends Channel> = Contract[C]['result'] extends Returns<infer T> ? T : never;

/** What `window.needlebook` is, in Electron and in the browser harness alike. */
export type NeedlebookApi = { readonly [C in Channel]: (input: InputOf<C>) => Promise<Outcome<ResultOf<C>>> };

/** The service answers asynchronously: the same implementation runs over SQLite and PostgreSQL. */
export type ServiceImpl = { readonly [C in Channel]: (input: ParsedInputOf<C>) => Promise<ResultOf<C>> };

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export { ipcChannel } from './channels';
