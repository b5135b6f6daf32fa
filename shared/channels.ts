import type { Channel } from './contract';

/**
 * The contract's channel names as plain data, for the two places that need only the names: the
 * preload and the harness bridge build `window.needlebook` from them (shared/client.ts). Importing
 * the contract itself there would bundle zod and every schema (≈0.5 MB) into the preload only to
 * learn these names. The types below make a name missing from this list, or one the contract does
 * not have, a compile error: the contract stays the one source.
 */
export const CHANNEL_NAMES = [
  'listProviders',
  'setPatientArchived',
  'appInfo',
  'changes',
  'listPeople',
  'savePerson',
  'removePerson',
  'getClinic',
  'saveClinic',
  'saveProvider',
  'listPatients',
  'getPatient',
  'savePatient',
  'listCases',
  'getCase',
  'saveCase',
  'dischargeCase',
  'reopenCase',
  'getAssessment',
  'saveAssessment',
  'signAssessment',
  'deleteAssessment',
  'createVisit',
  'getVisit',
  'saveVisit',
  'signVisit',
  'patientSafety',
  'saveSafetyScreen',
  'addConsent',
  'deleteVisit',
  'previousTreatment',
  'addAddendum',
  'searchNotes',
  'reviewCases',
  'caseSummaries',
  'progressReport',
  'getFeeSchedule',
  'saveFeeSchedule',
  'getVisitBilling',
  'saveVisitBilling',
  'addPayment',
  'deletePayment',
  'patientAccount',
  'superbill',
  'superbillMonth',
  'superbillBatch',
  'superbillBatchStatus',
  'superbillBatchCancel',
  'superbillBatchFile',
  'getMcids',
  'backupStatus',
  'backupNow',
  'restoreBackup',
  'restoreLatestBackup',
  'setBackupFolder',
  'recovery',
  'listProtocols',
  'saveProtocol',
  'deleteProtocol',
  'listPhrases',
  'savePhrase',
  'deletePhrase',
  'unsignedNotes',
  'keepUnsaved',
  'unsavedDraft',
  'clearUnsaved',
  'session',
  'signIn',
  'signOut',
  'lock',
  'unlock',
  'setPasscode',
  'auditLog',
  'integrity',
  'verifyRecords',
  'saveMcids',
] as const satisfies readonly Channel[];

type Missing = Exclude<Channel, (typeof CHANNEL_NAMES)[number]>;
/** Fails to compile, naming the channel, when the contract has a channel this list lacks. */
export const everyChannelListed: [Missing] extends [never] ? true : Missing = true;

/** The IPC channel name for a contract channel; prefixed so nothing else on ipcMain collides. */
export const ipcChannel = (c: Channel): string => `needlebook:${c}`;
