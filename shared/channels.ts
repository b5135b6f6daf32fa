/**
 * Every channel of the contract and what kind of call it is: the one place a channel's nature is
 * declared. The contract (shared/contract.ts) gives each its schema and result and is held to this
 * list with `satisfies`; from the kind come the renderer's reads and the writes after which it
 * reads again (renderer/src/query.ts), the service's transaction and access-audit wrapping
 * (db/service.ts), and the preload's names (shared/client.ts), which need no zod and no schema.
 *
 * - `read`: answers from the record, writes nothing.
 * - `audited read`: a look at the record; the read and its access row are one transaction.
 * - `write`: one transaction per call (the Review rows it changes rewritten before COMMIT);
 *   every screen reads again after it.
 * - `quiet write`: one transaction, but nothing another screen shows changes (a form's unsaved typing).
 * - `export`: one transaction that reads and writes its export audit row; no screen changes.
 * - `steps`: does its own work in its own transactions or none (the session, people on the
 *   clinic's server, backups, a batch job); screens read again after it.
 * - `quiet steps`: the same, changing nothing a screen shows (a batch's progress, the change feed).
 */
export type ChannelKind = 'read' | 'audited read' | 'write' | 'quiet write' | 'export' | 'steps' | 'quiet steps';

export const CHANNEL_KINDS = {
  appInfo: 'read',
  changes: 'quiet steps',
  listPeople: 'read',
  savePerson: 'steps',
  removePerson: 'steps',
  resetPasscode: 'steps',
  getClinic: 'read',
  saveClinic: 'write',
  listProviders: 'read',
  saveProvider: 'write',
  listPatients: 'audited read',
  getPatient: 'audited read',
  savePatient: 'write',
  /** A CSV of patients from another system checked row by row against the patients on file; nothing written. */
  previewPatientImport: 'audited read',
  /** The checked rows written as patients in one transaction. */
  importPatients: 'write',
  setPatientArchived: 'write',
  listCases: 'read',
  getCase: 'audited read',
  saveCase: 'write',
  dischargeCase: 'write',
  reopenCase: 'write',
  getAssessment: 'audited read',
  saveAssessment: 'write',
  signAssessment: 'write',
  deleteAssessment: 'write',
  createVisit: 'write',
  getVisit: 'audited read',
  saveVisit: 'write',
  signVisit: 'write',
  patientSafety: 'audited read',
  saveSafetyScreen: 'write',
  addConsent: 'write',
  deleteVisit: 'write',
  previousTreatment: 'read',
  addAddendum: 'write',
  searchNotes: 'audited read',
  /** The ICD-10-CM code set, by code, words or the runner's name for a condition: no patient's record is read. */
  searchDiagnoses: 'read',
  reviewCases: 'audited read',
  caseSummaries: 'audited read',
  progressReport: 'export',
  /** A patient's chart as a PDF, for a records request or a payer's audit. */
  chartCopy: 'export',
  /** One patient's whole record as a FHIR R4 Bundle (docs/records-out.md). */
  fhirBundle: 'export',
  /** The whole clinic as FHIR Bulk Data NDJSON files, in one ZIP. */
  fhirClinic: 'export',
  getFeeSchedule: 'read',
  saveFeeSchedule: 'write',
  getVisitBilling: 'audited read',
  saveVisitBilling: 'write',
  addPayment: 'write',
  deletePayment: 'write',
  patientAccount: 'audited read',
  superbill: 'export',
  superbillMonth: 'audited read',
  superbillBatch: 'steps',
  superbillBatchStatus: 'quiet steps',
  superbillBatchCancel: 'steps',
  superbillBatchFile: 'quiet steps',
  getMcids: 'read',
  backupStatus: 'read',
  backupNow: 'steps',
  restoreBackup: 'steps',
  restoreLatestBackup: 'steps',
  setBackupFolder: 'steps',
  setSecondBackupFolder: 'steps',
  restoreDrill: 'steps',
  /** What is wrong with a data file that did not open whole, and its backups (the recovery screen). */
  recovery: 'read',
  openDataFile: 'steps',
  recoveryKey: 'read',
  confirmRecoveryKey: 'steps',
  recoverySheet: 'export',
  encryptDataFile: 'steps',
  changeDataKey: 'steps',
  /** The data file's plain backups from before it was encrypted, encrypted with its key. */
  encryptPlainBackups: 'steps',
  listProtocols: 'read',
  saveProtocol: 'write',
  deleteProtocol: 'write',
  listPhrases: 'read',
  savePhrase: 'write',
  deletePhrase: 'write',
  unsignedNotes: 'audited read',
  keepUnsaved: 'quiet write',
  unsavedDraft: 'read',
  clearUnsaved: 'quiet write',
  session: 'read',
  signIn: 'steps',
  signOut: 'steps',
  lock: 'steps',
  unlock: 'steps',
  setPasscode: 'steps',
  auditLog: 'audited read',
  integrity: 'read',
  verifyRecords: 'quiet steps',
  saveMcids: 'write',
} as const satisfies Record<string, ChannelKind>;

export type ChannelName = keyof typeof CHANNEL_KINDS;
type KindOf<C extends ChannelName> = (typeof CHANNEL_KINDS)[C];
/** The channels of some kinds, as a type. */
export type ChannelsOfKind<K extends ChannelKind> = { [C in ChannelName]: KindOf<C> extends K ? C : never }[ChannelName];

export const CHANNEL_NAMES = Object.keys(CHANNEL_KINDS) as ChannelName[];
export const channelsOfKind = <K extends ChannelKind>(...kinds: K[]): ChannelsOfKind<K>[] =>
  CHANNEL_NAMES.filter((c): c is ChannelsOfKind<K> => (kinds as ChannelKind[]).includes(CHANNEL_KINDS[c]));

/** What answers while nobody is signed in or the app is locked: enough to sign in, nothing clinical. */
export const OPEN_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'appInfo',
  'changes',
  'getClinic',
  'listProviders',
  'session',
  'signIn',
  'signOut',
  'unlock',
  'integrity',
  'recovery',
  'openDataFile',
]);

/**
 * Calls that change who is asking, not what is kept: a sign-in and an unlock. The open channels'
 * answers read before them (the clinic, its providers: the same for anyone) stay good; every other
 * read, refused before them, is asked again.
 */
export const WHO_ASKS_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>(['signIn', 'unlock']);

/**
 * A damaged file open read-only may have no provider list left to sign in with: its way back (the
 * recovery screen's Restore) answers without a sign-in. The state before is kept, so nothing is lost.
 */
export const RECOVERY_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>(['restoreBackup', 'restoreLatestBackup', 'backupStatus']);

/** The IPC channel name for a contract channel; prefixed so nothing else on ipcMain collides. */
export const ipcChannel = (c: ChannelName): string => `needlebook:${c}`;
