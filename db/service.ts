import { CHANNEL_KINDS, CHANNEL_NAMES, OPEN_CHANNELS, RECOVERY_CHANNELS, type ChannelsOfKind } from '../shared/channels';
import type { Channel, ParsedInputOf, ResultOf, ServiceImpl } from '../shared/contract';
import { DomainError } from '../shared/outcome';
import type { RecoveryKeyState } from '../shared/data-key';
import { describeSession, hasActiveProvider, resetPasscode, setPasscode, signIn, unlock, type SessionState } from './session';
import { timestamp, type DbContext } from './context';
import type { BackupStatus, RecoveryStatus } from '../shared/backup';
import type { BatchEntry } from '../shared/billing';
import type { IntegrityReport } from '../shared/integrity';
import { recordChecks, verifyInPlace, type RecordChecks } from './record-checks';
import type { Db } from './engine/types';
import { deleteAssessment, getAssessment, saveAssessment, signAssessment } from './queries/assessments';
import { dischargeCase, listCases, reopenCase, saveCase } from './queries/cases';
import { getClinic, saveClinic } from './queries/clinic';
import { DEFAULT_MCIDS } from '../shared/rules/mcid';
import { getMcids, saveMcids } from './queries/mcids';
import { searchNotes } from './queries/note-search';
import { searchCodes } from './queries/diagnoses';
import { progressReportData } from './queries/report-data';
import { fhirClinicExport, fhirPatientExport } from './queries/fhir-export';
import { patientRecord } from './queries/patient-record';
import { commitPatientImport, previewPatientImport } from './queries/patient-import';
import { zipSync } from 'fflate';
import { localIsoDate } from '../shared/validation/dates';
import { addPayment, deletePayment, feeSchedule, patientAccount, saveFeeSchedule, saveVisitBilling, visitBilling } from './queries/billing';
import { batchEntry, superbillFor } from './queries/superbills';
import { monthPages, monthSource, superbillBatches } from './superbill-batch';
import { fileNameOf } from '../shared/reports/file-names';
import { monthRange } from '../shared/reports/superbill-index';
import { audit, auditAlone, auditedRead, listAudit, type AuditAction } from './queries/audit';
import { caseSummaries } from './queries/progress';
import { refreshReviewRows, reviewCases } from './queries/review-rows';
import { listPatients } from './queries/patient-list';
import { getPatient, savePatient, setPatientArchived } from './queries/patients';
import { listProviders, saveProvider } from './queries/providers';
import { addAddendum } from './queries/signatures';
import { caseDetail } from './queries/timeline';
import { clearUnsaved, keepUnsaved, readUnsaved } from './queries/unsaved-drafts';
import { addConsent, getPatientSafety, saveSafetyScreen } from './queries/safety';
import { unsignedNotes } from './queries/unsigned-notes';
import { deletePhrase, deleteProtocol, listPhrases, listProtocols, savePhrase, saveProtocol } from './queries/protocols';
import { unsavedKey } from '../shared/unsaved';
import { addPerson, removePerson } from './clinic/roles';
import { listPeople } from './queries/people';
import { createVisit, deleteVisit, getVisit, previousTreatment, saveVisit, signVisit } from './queries/visits';

/**
 * Writes to settings no notify trigger watches (migration 21 names the tables a seat shows): the fee
 * schedule, the MCIDs, a provider's protocols and phrases. On a clinic's server each notifies on its
 * own, so another seat's open fee schedule or settings page reads again (renderer/src/useClinicLink.ts).
 */
const HEARD_WITHOUT_TRIGGER: ReadonlySet<Channel> = new Set<Channel>([
  'saveFeeSchedule',
  'saveMcids',
  'saveProtocol',
  'deleteProtocol',
  'savePhrase',
  'deletePhrase',
]);

export interface ServiceOptions {
  appVersion: string;
  /** The file, or the PostgreSQL URL without its password. */
  databaseFile: string;
  schemaVersion: () => Promise<number>;
  /** Guards put back when the database opened (db/guards.ts): part of every integrity report. */
  guardsRestored?: string[];
  /**
   * The app and the harness: once the clinic has an active provider, records open only to a
   * provider signed in and not locked (db/session.ts). Tests and the command line act directly.
   */
  requireSignIn?: boolean;
  /** Backups of the data file, done by the host (db/host.ts); null on PostgreSQL, whose server backs it up. */
  backups?: {
    status(): Promise<BackupStatus>;
    backupNow(): Promise<void>;
    restore(name: string, otherFile?: boolean): Promise<void>;
    /** The newest backup that passes its check (what the damaged-file banner offers). */
    restoreLatest(): Promise<void>;
    /** A folder of the user's choosing; '' goes back to the default beside the data file. */
    setFolder(folder: string): Promise<void>;
    setSecondFolder(folder: string): Promise<void>;
    drill(): Promise<void>;
    /** What the recovery screen shows: the problem with the file, and its good backups. */
    recovery(): Promise<RecoveryStatus>;
  } | null;
  /** The data file's key (db/host.ts): the recovery key until it is confirmed. null on PostgreSQL. */
  keys?: {
    state(): Promise<RecoveryKeyState>;
    confirm(typed: readonly string[]): Promise<RecoveryKeyState>;
    /** The recovery key and where the file is, for its sheet; refused once the key is confirmed. */
    sheet(): Promise<{ recoveryKey: string; dataFile: string }>;
    /** A plain file from before, encrypted in place with a key the passphrase keeps. */
    encrypt(secret: string | undefined, again: string | undefined): Promise<RecoveryKeyState>;
    /** This file's plain backups (made before it was encrypted) encrypted with its key. */
    encryptBackups(): Promise<{ encrypted: number }>;
    /** A new passphrase for the key, or (rotate) a new key for the file and its backups. */
    change(input: { current: string; secret: string; again: string; rotate: boolean }): Promise<RecoveryKeyState>;
  } | null;
  /** Why the data file is open read-only (it failed its check when opened), or null. */
  damaged?: string | null;
  /** The signed records' checks, run by the host off the calls' path (db/record-checks.ts). */
  checks?: RecordChecks;
  /** What a write waits for first: the data file's quick_check, run off the path at open (db/host.ts); refused if it failed. */
  writesAfter?: () => Promise<void>;
  /** What another seat changed and whether the clinic's server answers (PostgreSQL only). */
  changes?: () => { seq: number; connected: boolean };
  /** Checks a seat's own database password (unlocking a seat whose person keeps no passcode). */
  verifyLogin?: (password: string) => Promise<boolean>;
  /**
   * False for the demo clinic, which charts years of visits in one transaction: the review rows its
   * writes mark are written once, by the first dashboard call, rather than after every action.
   */
  keepReviewRows?: boolean;
}

/** A clinic's server keeps its own data: there is no file key to show. */
const NO_FILE_KEY: RecoveryKeyState = { custody: 'server', recoveryKey: null, groups: null, keychainReady: false };

/**
 * The PDF builders, and jsPDF and the font with them, load when the first document is made rather
 * than when the database process starts: most sessions chart and never export.
 */
async function withFonts<T>(builder: Promise<T>): Promise<T> {
  const [{ loadPdfFonts }, loaded] = await Promise.all([import('./pdf-fonts'), builder]);
  loadPdfFonts();
  return loaded;
}
const pdfBuilders = {
  superbill: () => withFonts(import('../shared/reports/superbill')),
  progressReport: () => withFonts(import('../shared/reports/progress-report')),
  recoverySheet: () => withFonts(import('../shared/reports/recovery-sheet')),
  chartCopy: () => withFonts(import('../shared/reports/chart-copy')),
};

const SERVER_BACKUPS = 'A clinic database on PostgreSQL is backed up by its server (pg_dump or the host’s snapshots), not by Needlebook.';

/** A channel's work: its input parsed, the context to do it in (a transaction's, where its kind has one). */
type Work = { readonly [C in Channel]: (ctx: DbContext, input: ParsedInputOf<C>) => Promise<ResultOf<C>> };
type AuditedRead = ChannelsOfKind<'audited read'>;
/** What an audited read's access row says: the entity and id (and counts), never what was read. */
interface Access<I, R> {
  action: AuditAction;
  entity: string;
  about: (input: I, result: R) => { id?: number | null; detail?: string };
  /** Only some calls are looks worth a row (a name search, not paging the whole list). */
  when?: (input: I) => boolean;
}
/**
 * Every audited read's access row (shared/channels.ts names which channels are audited reads; a
 * missing one here fails to compile). The read and its row are one transaction that does not wait
 * for the disk (`auditedRead` in db/queries/audit.ts): no look is answered without its row.
 */
const ACCESS: { readonly [C in AuditedRead]: Access<ParsedInputOf<C>, ResultOf<C>> } = {
  // A name search finds patients: audited with the count shown, never the words typed.
  listPatients: { action: 'search', entity: 'patients', about: (_q, page) => ({ detail: `${page.rows.length} shown` }), when: (q) => q.search.trim() !== '' },
  getPatient: { action: 'view', entity: 'patient', about: ({ id }) => ({ id }) },
  // Matching a file against the patients on file is a look at the list: counted, never named.
  previewPatientImport: {
    action: 'search',
    entity: 'patients',
    about: (_q, p) => ({ detail: `CSV import preview: ${p.counts.rows} rows, ${p.counts.duplicates} matches` }),
  },
  getCase: { action: 'view', entity: 'case', about: ({ id }) => ({ id }) },
  getAssessment: { action: 'view', entity: 'assessment', about: ({ id }) => ({ id }) },
  getVisit: { action: 'view', entity: 'visit', about: ({ id }) => ({ id }) },
  patientSafety: { action: 'view', entity: 'patient', about: ({ patientId }) => ({ id: patientId, detail: 'safety screen' }) },
  unsignedNotes: {
    action: 'view',
    entity: 'unsigned notes',
    about: (q, page) => ({ id: q.patientId ?? null, detail: `${page.notes.length} of ${page.total} shown` }),
  },
  searchNotes: { action: 'search', entity: 'notes', about: (_q, hits) => ({ detail: `${hits.length} hits` }) },
  reviewCases: { action: 'view', entity: 'review', about: (_q, page) => ({ detail: `${page.rows.length} cases shown` }) },
  caseSummaries: { action: 'view', entity: 'review', about: (_q, rows) => ({ detail: `${rows.length} case summaries` }) },
  getVisitBilling: { action: 'view', entity: 'visit', about: ({ visitId }) => ({ id: visitId, detail: 'billing' }) },
  patientAccount: { action: 'view', entity: 'patient', about: ({ patientId }) => ({ id: patientId, detail: 'account' }) },
  superbillMonth: { action: 'view', entity: 'superbills', about: ({ month }, entries) => ({ detail: `${month}: ${entries.length} patients` }) },
  auditLog: {
    action: 'view',
    entity: 'audit',
    about: (q, page) => ({ detail: `${page.entries.length} rows${q.patientId ? ` of patient ${q.patientId}` : ''}` }),
  },
};

/**
 * The contract implemented over the query modules, on either engine. Every call that writes runs
 * in one transaction: a user action either lands whole, audit row included, or not at all. Inside
 * a transaction already (the demo clinic), each action is a savepoint within it.
 */
export function createService(given: DbContext, options: ServiceOptions): ServiceImpl {
  const seat = given.seat ?? null;
  // At a clinic seat the database login is the sign-in: its person's provider is signed in from the start.
  const state: SessionState = { providerId: seat?.providerId ?? null, locked: false };
  const base: DbContext = { ...given, providerId: given.providerId ?? (() => (state.locked ? null : state.providerId)) };
  const current = () => describeSession(base, state);
  /** People are the owner's to add, change and remove, and only at a clinic seat. */
  const ownerOnly = () => {
    if (!seat) throw new DomainError('conflict', 'People sign in to a clinic database on PostgreSQL. A solo data file has no logins to add.');
    if (seat.role !== 'owner') throw new DomainError('forbidden', 'Only the clinic’s owner adds people, changes their roles and takes access away.');
  };
  /** Each seat keeps its own safety copy of unsaved typing (migration 21): its login names it. */
  const own = (key: string) => (seat ? `${seat.login}/${key}` : key);
  /** A damaged file is not re-hashed: its pages may fault, and it is to be restored, not trusted. */
  const damagedReport = (damaged: string): IntegrityReport => ({
    verifiedAt: timestamp(base),
    checked: 0,
    problems: [],
    guardsRestored: [],
    ms: 0,
    damaged,
    scope: 'all',
    pending: false,
  });
  // The host's checks run off the calls' path (db/record-checks.ts); a service made alone (tests, the
  // demo) verifies on its own connection, first asked.
  let checks: RecordChecks | null = options.checks ?? null;
  const recordsChecked = () =>
    (checks ??= recordChecks(base, { guardsRestored: options.guardsRestored ?? [], background: false, verifyWhole: verifyInPlace(base) }));
  /** A backup action on a data file, answered with the folder's state after it; PostgreSQL's server backs itself up. */
  const withBackups = async (act: (backups: NonNullable<ServiceOptions['backups']>) => Promise<void>): Promise<BackupStatus> => {
    if (!options.backups) throw new DomainError('conflict', SERVER_BACKUPS);
    await act(options.backups);
    return options.backups.status();
  };
  const tx =
    <I, R>(fn: (ctx: DbContext, input: I) => Promise<R>, channel?: Channel) =>
    async (input: I): Promise<R> => {
      await options.writesAfter?.();
      return base.db.transaction(async (db: Db) => {
        const inTx = { ...base, db };
        const result = await fn(inTx, input);
        // The review rows this action changed are rewritten before it commits (db/queries/review-rows.ts).
        if (options.keepReviewRows !== false) await refreshReviewRows(inTx);
        // Other seats hear it on commit, as they hear the tables with notify triggers (migration 21).
        if (channel && HEARD_WITHOUT_TRIGGER.has(channel) && db.dialect.kind === 'postgres') await db.get("SELECT pg_notify('needlebook', ?)", [channel]);
        return result;
      });
    };
  const batches = superbillBatches(base, async () => (await pdfBuilders.superbill()).superbillPdf);
  /**
   * Each channel's work, given the context to do it in. How it runs — in a transaction, with its
   * access row, or as its own steps — comes from its kind (shared/channels.ts), below, never from here.
   */
  const work: Work = {
    session: () => current(),
    signIn: async (_ctx, { providerId, passcode }) => (await signIn(base, state, providerId, passcode), current()),
    signOut: async () => {
      // A seat's person is who the server let in: signing out locks the seat instead.
      if (seat) return service.lock({});
      if (state.providerId !== null) await auditAlone(base, 'sign-out', 'provider', state.providerId);
      state.providerId = null;
      state.locked = false;
      return current();
    },
    lock: async () => {
      // A seat without a provider (the front desk) locks as its person: the row's db_user names them.
      if (!state.locked && state.providerId !== null) await auditAlone(base, 'lock', 'provider', state.providerId);
      else if (!state.locked && seat) await auditAlone(base, 'lock', 'person', null);
      state.locked = true;
      return current();
    },
    unlock: async (_ctx, { passcode }) => (await unlock(base, state, passcode, options.verifyLogin), current()),
    setPasscode: async (_ctx, { providerId, current: now, passcode }) => (await setPasscode(base, state, providerId, now, passcode), current()),
    appInfo: async () => ({ version: options.appVersion, schemaVersion: await options.schemaVersion(), databaseFile: options.databaseFile }),
    listPeople: (ctx) => listPeople(ctx),
    savePerson: async (ctx, person) => {
      ownerOnly();
      // Logins are the server's: made through its own functions, which audit in the same transaction (db/clinic/roles.ts).
      await addPerson(ctx.db, person, timestamp(ctx));
      return listPeople(ctx);
    },
    removePerson: async (ctx, { login }) => {
      ownerOnly();
      if (login === seat!.login) throw new DomainError('conflict', 'You cannot take away your own access: another owner, or the administrator, does that.');
      await removePerson(ctx.db, login);
      return listPeople(ctx);
    },
    resetPasscode: async (ctx, { providerId }) => {
      ownerOnly();
      await resetPasscode(ctx, providerId);
      return listPeople(ctx);
    },
    changes: async () => (options.changes ? { shared: true, ...options.changes() } : { shared: false, seq: 0, connected: true }),
    getClinic: (ctx) => getClinic(ctx),
    saveClinic: (ctx, input) => saveClinic(ctx, input),
    listProviders: (ctx, { includeInactive }) => listProviders(ctx, includeInactive),
    saveProvider: async (ctx, input) => {
      const first = options.requireSignIn && state.providerId === null && input.id === undefined && !(await hasActiveProvider(ctx));
      const saved = await saveProvider(ctx, input);
      // Whoever sets up the clinic's first provider is that provider: they stay signed in.
      if (first && saved.active) state.providerId = saved.id;
      return saved;
    },
    listPatients: (ctx, query) => listPatients(ctx, query),
    getPatient: (ctx, { id }) => getPatient(ctx, id),
    savePatient: (ctx, input) => savePatient(ctx, input),
    previewPatientImport: (ctx, input) => previewPatientImport(ctx, input),
    importPatients: (ctx, input) => commitPatientImport(ctx, input),
    setPatientArchived: (ctx, { id, archived }) => setPatientArchived(ctx, id, archived),

    listCases: (ctx, { patientId }) => listCases(ctx, patientId),
    getCase: (ctx, { id }) => caseDetail(ctx, id),
    saveCase: (ctx, input) => saveCase(ctx, input),
    dischargeCase: (ctx, input) => dischargeCase(ctx, input),
    reopenCase: (ctx, input) => reopenCase(ctx, input),

    getAssessment: (ctx, { id }) => getAssessment(ctx, id),
    saveAssessment: (ctx, input) => saveAssessment(ctx, input),
    // Signing or deleting leaves nothing unsaved: the safety copy goes in the same transaction.
    signAssessment: async (ctx, { id, providerId }) => {
      const signed = await signAssessment(ctx, id, providerId);
      await clearUnsaved(ctx, own(unsavedKey('assessment', id)));
      return signed;
    },
    deleteAssessment: async (ctx, { id }) => (await deleteAssessment(ctx, id), await clearUnsaved(ctx, own(unsavedKey('assessment', id))), null),

    createVisit: (ctx, input) => createVisit(ctx, input),
    getVisit: (ctx, { id }) => getVisit(ctx, id),
    saveVisit: (ctx, input) => saveVisit(ctx, input),
    signVisit: async (ctx, { id, providerId, overrideReason }) => {
      const signed = await signVisit(ctx, id, providerId, overrideReason);
      await clearUnsaved(ctx, own(unsavedKey('visit', id)));
      return signed;
    },
    deleteVisit: async (ctx, { id }) => (await deleteVisit(ctx, id), await clearUnsaved(ctx, own(unsavedKey('visit', id))), null),
    patientSafety: (ctx, { patientId }) => getPatientSafety(ctx, patientId),
    saveSafetyScreen: (ctx, input) => saveSafetyScreen(ctx, input),
    addConsent: (ctx, input) => addConsent(ctx, input),
    listProtocols: (ctx, { providerId }) => listProtocols(ctx, providerId),
    saveProtocol: (ctx, input) => saveProtocol(ctx, input),
    deleteProtocol: async (ctx, { id }) => (await deleteProtocol(ctx, id), null),
    listPhrases: (ctx, { providerId }) => listPhrases(ctx, providerId),
    savePhrase: (ctx, input) => savePhrase(ctx, input),
    deletePhrase: async (ctx, { id }) => (await deletePhrase(ctx, id), null),
    unsignedNotes: (ctx, q) => unsignedNotes(ctx, q),
    keepUnsaved: async (ctx, { key, values, seq }) => (await keepUnsaved(ctx, own(key), values, seq), null),
    unsavedDraft: (ctx, { key }) => readUnsaved(ctx, own(key)),
    clearUnsaved: async (ctx, { key, seq }) => (await clearUnsaved(ctx, own(key), seq), null),
    previousTreatment: (ctx, { id }) => previousTreatment(ctx, id),

    addAddendum: (ctx, { kind, id, authorId, text }) => addAddendum(ctx, kind, id, authorId, text),
    searchNotes: (ctx, { query, limit, order }) => searchNotes(ctx, query, limit, order),
    searchDiagnoses: (ctx, { query, limit }) => searchCodes(ctx, query, limit),
    reviewCases: (ctx, query) => reviewCases(ctx, query),
    caseSummaries: (ctx) => caseSummaries(ctx),
    getFeeSchedule: (ctx) => feeSchedule(ctx),
    saveFeeSchedule: (ctx, { entries }) => saveFeeSchedule(ctx, entries),
    getVisitBilling: (ctx, { visitId }) => visitBilling(ctx, visitId),
    saveVisitBilling: (ctx, { visitId, lines }) => saveVisitBilling(ctx, visitId, lines),
    addPayment: (ctx, input) => addPayment(ctx, input),
    deletePayment: async (ctx, { id }) => (await deletePayment(ctx, id), null),
    patientAccount: (ctx, { patientId }) => patientAccount(ctx, patientId),
    superbill: async (ctx, q) => {
      const data = await superbillFor(ctx, q);
      const { superbillPdf } = await pdfBuilders.superbill();
      const bytes = superbillPdf(data);
      await audit(ctx, 'export', 'patient', q.patientId, q.visitId ? `superbill visit ${q.visitId}` : `superbill ${q.from}..${q.to}`);
      const when = data.from === data.to ? data.from : `${data.from} to ${data.to}`;
      return {
        fileName: `${fileNameOf(`Superbill ${data.patient.name} ${when}`)}.pdf`,
        pdfBase64: Buffer.from(bytes).toString('base64'),
        entry: batchEntry(data, q.patientId),
      };
    },
    superbillMonth: async (ctx, { month }) => {
      // The index alone, read as the batch reads it (roster, then pages): a patient who cannot be billed on one form is not listed.
      const range = monthRange(month);
      const roster = await monthSource.roster(ctx, range);
      const pages = monthPages(ctx, monthSource, range, roster);
      const entries: BatchEntry[] = [];
      for (const [at, { id }] of roster.entries()) {
        try {
          entries.push(batchEntry(await pages.build(at), id));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }
      return entries;
    },
    superbillBatch: (_ctx, { month }) => batches.start(month),
    superbillBatchStatus: async (_ctx, { jobId }) => batches.status(jobId),
    superbillBatchCancel: async (_ctx, { jobId }) => batches.cancel(jobId),
    superbillBatchFile: (_ctx, { jobId, offset }) => batches.file(jobId, offset),
    auditLog: (ctx, query) => listAudit(ctx, query),
    progressReport: async (ctx, { caseId }) => {
      const data = await progressReportData(ctx, caseId);
      const { progressReportPdf } = await pdfBuilders.progressReport();
      const bytes = progressReportPdf(data);
      await audit(ctx, 'export', 'case', caseId, 'progress report');
      return {
        fileName: `${fileNameOf(`${data.patient.name} progress ${data.generatedOn}`)}.pdf`,
        pdfBase64: Buffer.from(bytes).toString('base64'),
      };
    },
    chartCopy: async (ctx, { patientId, from, to }) => {
      const range = from && to ? { from, to } : null;
      const record = await patientRecord(ctx, patientId, range);
      const { chartCopyPdf } = await pdfBuilders.chartCopy();
      const generatedOn = localIsoDate(ctx.now());
      const bytes = chartCopyPdf({ record, generatedOn });
      const notes = record.cases.reduce((n, c) => n + c.visits.length + c.assessments.length, 0);
      const drafts = record.cases.reduce((n, c) => n + c.drafts, 0);
      await audit(
        ctx,
        'export',
        'patient',
        patientId,
        `chart copy ${range ? `${from}..${to}` : 'complete'}, ${notes} signed notes, ${drafts} drafts left out${record.noteText ? '' : ', without note text'}`,
      );
      const name = `${record.patient.firstName} ${record.patient.lastName}`;
      return {
        fileName: `${fileNameOf(`Chart copy ${name} ${range ? `${from} to ${to}` : generatedOn}`)}.pdf`,
        pdfBase64: Buffer.from(bytes).toString('base64'),
      };
    },
    fhirBundle: async (ctx, { patientId }) => {
      const { bundle, patientName } = await fhirPatientExport(ctx, patientId);
      return { fileName: `${fileNameOf(`${patientName} FHIR ${localIsoDate(ctx.now())}`)}.json`, json: JSON.stringify(bundle, null, 2) };
    },
    fhirClinic: async (ctx) => {
      const { files, manifest } = await fhirClinicExport(ctx);
      const encode = (text: string) => new TextEncoder().encode(text);
      // NDJSON is repetitive text: deflated, a clinic's export is about a tenth of its size.
      const zip = zipSync({ ...Object.fromEntries(files.map((f) => [f.name, encode(f.text)])), 'manifest.json': encode(manifest) }, { level: 6 });
      return { fileName: `${fileNameOf(`FHIR export ${localIsoDate(ctx.now())}`)}.zip`, zip };
    },
    getMcids: async (ctx) => ({ values: await getMcids(ctx), defaults: DEFAULT_MCIDS }),
    saveMcids: async (ctx, values) => ({ values: await saveMcids(ctx, values), defaults: DEFAULT_MCIDS }),
    integrity: async () => (options.damaged ? damagedReport(options.damaged) : recordsChecked().integrity()),
    backupStatus: async () =>
      options.backups
        ? options.backups.status()
        : { folder: '', defaultFolder: '', backups: [], note: SERVER_BACKUPS, secondFolder: null, secondBackups: [], drill: null, warnings: [] },
    backupNow: () => withBackups((b) => b.backupNow()),
    restoreBackup: (_ctx, { name, otherFile }) => withBackups((b) => b.restore(name, otherFile)),
    restoreLatestBackup: () => withBackups((b) => b.restoreLatest()),
    setBackupFolder: (_ctx, { folder }) => withBackups((b) => b.setFolder(folder)),
    setSecondBackupFolder: (_ctx, { folder }) => withBackups((b) => b.setSecondFolder(folder)),
    restoreDrill: () => withBackups((b) => b.drill()),
    recovery: async () => (options.backups ? options.backups.recovery() : { problem: null, canOpenReadOnly: true, folder: '', backups: [] }),
    // The file is open already: what the recovery screen would show is all there is to say.
    openDataFile: async () => (options.backups ? options.backups.recovery() : { problem: null, canOpenReadOnly: true, folder: '', backups: [] }),
    recoveryKey: async () => (options.keys ? options.keys.state() : NO_FILE_KEY),
    confirmRecoveryKey: async (_ctx, { typed }) => (options.keys ? options.keys.confirm(typed) : NO_FILE_KEY),
    encryptDataFile: async (_ctx, { secret, again }) => {
      if (!options.keys) throw new DomainError('not_found', 'A clinic database on PostgreSQL is kept by its server: encrypt its disks there.');
      return options.keys.encrypt(secret, again);
    },
    encryptPlainBackups: async () => {
      if (!options.keys) throw new DomainError('not_found', 'A clinic database on PostgreSQL is backed up by its server.');
      return options.keys.encryptBackups();
    },
    changeDataKey: async (_ctx, input) => {
      if (!options.keys) throw new DomainError('not_found', 'A clinic database on PostgreSQL has no data file key: its server keeps its data.');
      return options.keys.change(input);
    },
    recoverySheet: async (ctx) => {
      if (!options.keys) throw new DomainError('not_found', 'A clinic database on PostgreSQL has no data file key: its server keeps its data.');
      const { recoveryKey, dataFile } = await options.keys.sheet();
      const { recoverySheetPdf } = await pdfBuilders.recoverySheet();
      const madeOn = ctx.now().toISOString().slice(0, 10);
      const bytes = recoverySheetPdf({ recoveryKey, dataFile, madeOn });
      await audit(ctx, 'export', 'data key', null, 'recovery sheet');
      return { fileName: `Needlebook recovery sheet ${madeOn}.pdf`, pdfBase64: Buffer.from(bytes).toString('base64') };
    },
    verifyRecords: async () => {
      const report = options.damaged ? damagedReport(options.damaged) : await recordsChecked().verifyAll();
      await auditAlone(base, 'verify', 'ledger', null, `${report.checked} records, ${report.problems.length} problems`);
      return report;
    },
  };
  /** Each channel run as its kind says: in one transaction, with its access row, or as its own steps. */
  const run = <C extends Channel>(channel: C): ((input: ParsedInputOf<C>) => Promise<ResultOf<C>>) => {
    const doWork = work[channel] as (ctx: DbContext, input: ParsedInputOf<C>) => Promise<ResultOf<C>>;
    switch (CHANNEL_KINDS[channel]) {
      case 'write':
      case 'quiet write':
      case 'export':
        return tx(doWork, channel);
      case 'audited read': {
        const look = ACCESS[channel as AuditedRead] as unknown as Access<ParsedInputOf<C>, ResultOf<C>>;
        return (input) =>
          look.when && !look.when(input)
            ? doWork(base, input)
            : auditedRead(
                base,
                (inTx) => doWork(inTx, input),
                look.action,
                look.entity,
                (result) => look.about(input, result),
              );
      }
      default:
        return (input) => doWork(base, input);
    }
  };
  const service = Object.fromEntries(CHANNEL_NAMES.map((c) => [c, run(c)])) as unknown as ServiceImpl;
  if (!options.requireSignIn) return service;
  const gated = {} as Record<Channel, (input: unknown) => Promise<unknown>>;
  for (const channel of CHANNEL_NAMES) {
    const call = service[channel] as (input: unknown) => Promise<unknown>;
    gated[channel] =
      OPEN_CHANNELS.has(channel) || (options.damaged && RECOVERY_CHANNELS.has(channel))
        ? call
        : async (input) => {
            // A seat is signed in by its login (the front desk has no provider); it still locks.
            const signedIn = seat !== null || state.providerId !== null;
            if ((!signedIn || state.locked) && (seat !== null || (await hasActiveProvider(base)))) {
              throw new DomainError('forbidden', state.locked ? 'Needlebook is locked: unlock it to go on.' : 'Sign in to Needlebook first.');
            }
            return call(input);
          };
  }
  return gated as unknown as ServiceImpl;
}
