import type { Channel, ServiceImpl } from '../shared/contract';
import { DomainError } from '../shared/outcome';
import { describeSession, hasActiveProvider, setPasscode, signIn, unlock, type SessionState } from './session';
import { timestamp, type DbContext } from './context';
import type { BackupStatus, RecoveryStatus } from '../shared/backup';
import type { IntegrityReport } from '../shared/integrity';
import { verifyLedger } from './queries/ledger';
import type { Db } from './engine/types';
import { deleteAssessment, getAssessment, saveAssessment, signAssessment } from './queries/assessments';
import { dischargeCase, listCases, reopenCase, saveCase } from './queries/cases';
import { getClinic, saveClinic } from './queries/clinic';
import { DEFAULT_MCIDS } from '../shared/rules/mcid';
import { getMcids, saveMcids } from './queries/mcids';
import { searchNotes } from './queries/note-search';
import { progressReportData } from './queries/report-data';
import { addPayment, deletePayment, feeSchedule, patientAccount, saveFeeSchedule, saveVisitBilling, visitBilling } from './queries/billing';
import { batchEntry, loadSuperbills, superbillFor } from './queries/superbills';
import { superbillBatches } from './superbill-batch';
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
  /** Why the data file is open read-only (it failed its check when opened), or null. */
  damaged?: string | null;
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
};

const SERVER_BACKUPS = 'A clinic database on PostgreSQL is backed up by its server (pg_dump or the host’s snapshots), not by Needlebook.';

/** What answers while nobody is signed in or the app is locked: enough to sign in, nothing clinical. */
const OPEN_CHANNELS = new Set<Channel>(['appInfo', 'changes', 'getClinic', 'listProviders', 'session', 'signIn', 'signOut', 'unlock', 'integrity', 'recovery']);
/**
 * A damaged file open read-only may have no provider list left to sign in with: its way back (the
 * recovery screen's Restore) answers without a sign-in. The state before is kept, so nothing is lost.
 */
const RECOVERY_CHANNELS = new Set<Channel>(['restoreBackup', 'restoreLatestBackup', 'backupStatus']);

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
  const ctx = base;
  const current = () => describeSession(base, state);
  /** People are the owner's to add, change and remove, and only at a clinic seat. */
  const ownerOnly = () => {
    if (!seat) throw new DomainError('conflict', 'People sign in to a clinic database on PostgreSQL. A solo data file has no logins to add.');
    if (seat.role !== 'owner') throw new DomainError('forbidden', 'Only the clinic’s owner adds people, changes their roles and takes access away.');
  };
  /** Each seat keeps its own safety copy of unsaved typing (migration 21): its login names it. */
  const own = (key: string) => (seat ? `${seat.login}/${key}` : key);
  const verify = async (): Promise<IntegrityReport> => {
    // A damaged file is not re-hashed: its pages may fault, and it is to be restored, not trusted.
    if (options.damaged) return { verifiedAt: timestamp(base), checked: 0, problems: [], guardsRestored: [], ms: 0, damaged: options.damaged };
    const started = performance.now();
    const report = await verifyLedger(base.db);
    return {
      verifiedAt: timestamp(base),
      checked: report.checked,
      problems: report.problems,
      guardsRestored: options.guardsRestored ?? [],
      ms: Math.round(performance.now() - started),
      damaged: null,
    };
  };
  let lastCheck: Promise<IntegrityReport> | null = null;
  /**
   * A read that is audited: who opened which patient, case, visit or assessment, each search and
   * each account view. The row names the entity and id (and counts), never what was read. The read
   * and its row are one transaction that does not wait for the disk (`auditedRead` in
   * db/queries/audit.ts): the rows come from one snapshot, and no look is answered without its row.
   */
  const audited =
    <I, R>(
      read: (ctx: DbContext, input: I) => Promise<R>,
      action: AuditAction,
      entity: string,
      about: (input: I, result: R) => { id?: number | null; detail?: string },
    ) =>
    (input: I): Promise<R> =>
      auditedRead(
        base,
        (inTx) => read(inTx, input),
        action,
        entity,
        (result) => about(input, result),
      );
  /** A backup action on a data file, answered with the folder's state after it; PostgreSQL's server backs itself up. */
  const withBackups = async (act: (backups: NonNullable<ServiceOptions['backups']>) => Promise<void>): Promise<BackupStatus> => {
    if (!options.backups) throw new DomainError('conflict', SERVER_BACKUPS);
    await act(options.backups);
    return options.backups.status();
  };
  const tx =
    <I, R>(fn: (ctx: DbContext, input: I) => Promise<R>) =>
    (input: I): Promise<R> =>
      base.db.transaction(async (db: Db) => {
        const inTx = { ...base, db };
        const result = await fn(inTx, input);
        // The review rows this action changed are rewritten before it commits (db/queries/review-rows.ts).
        if (options.keepReviewRows !== false) await refreshReviewRows(inTx);
        return result;
      });
  const batches = superbillBatches(base, async () => (await pdfBuilders.superbill()).superbillPdf);
  const service: ServiceImpl = {
    session: current,
    signIn: async ({ providerId, passcode }) => (await signIn(base, state, providerId, passcode), current()),
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
    unlock: async ({ passcode }) => (await unlock(base, state, passcode, options.verifyLogin), current()),
    setPasscode: async ({ providerId, current: now, passcode }) => (await setPasscode(base, state, providerId, now, passcode), current()),
    appInfo: async () => ({ version: options.appVersion, schemaVersion: await options.schemaVersion(), databaseFile: options.databaseFile }),
    listPeople: () => listPeople(ctx),
    savePerson: async (person) => {
      ownerOnly();
      // Logins are the server's: made by the owner's own login, which may create them (db/clinic/roles.ts).
      await addPerson(base.db, person, timestamp(base));
      await auditAlone(base, 'update', 'person', null, `${person.role} ${person.login}${person.password ? ', password set' : ''}`);
      return listPeople(ctx);
    },
    removePerson: async ({ login }) => {
      ownerOnly();
      if (login === seat!.login) throw new DomainError('conflict', 'You cannot take away your own access: another owner, or the administrator, does that.');
      await removePerson(base.db, login);
      await auditAlone(base, 'delete', 'person', null, `access removed: ${login}`);
      return listPeople(ctx);
    },
    changes: async () => (options.changes ? { shared: true, ...options.changes() } : { shared: false, seq: 0, connected: true }),
    getClinic: () => getClinic(ctx),
    saveClinic: tx((ctx, input) => saveClinic(ctx, input)),
    listProviders: ({ includeInactive }) => listProviders(ctx, includeInactive),
    saveProvider: tx(async (ctx, input) => {
      const first = options.requireSignIn && state.providerId === null && input.id === undefined && !(await hasActiveProvider(ctx));
      const saved = await saveProvider(ctx, input);
      // Whoever sets up the clinic's first provider is that provider: they stay signed in.
      if (first && saved.active) state.providerId = saved.id;
      return saved;
    }),
    // A name search finds patients: audited with the count shown, never the words typed.
    listPatients: (query) =>
      query.search.trim()
        ? auditedRead(
            base,
            (inTx) => listPatients(inTx, query),
            'search',
            'patients',
            (page) => ({ detail: `${page.rows.length} shown` }),
          )
        : listPatients(ctx, query),
    getPatient: audited(
      (ctx, { id }) => getPatient(ctx, id),
      'view',
      'patient',
      ({ id }) => ({ id }),
    ),
    savePatient: tx((ctx, input) => savePatient(ctx, input)),
    setPatientArchived: tx((ctx, { id, archived }) => setPatientArchived(ctx, id, archived)),

    listCases: ({ patientId }) => listCases(ctx, patientId),
    getCase: audited(
      (ctx, { id }) => caseDetail(ctx, id),
      'view',
      'case',
      ({ id }) => ({ id }),
    ),
    saveCase: tx((ctx, input) => saveCase(ctx, input)),
    dischargeCase: tx((ctx, input) => dischargeCase(ctx, input)),
    reopenCase: tx((ctx, input) => reopenCase(ctx, input)),

    getAssessment: audited(
      (ctx, { id }) => getAssessment(ctx, id),
      'view',
      'assessment',
      ({ id }) => ({ id }),
    ),
    saveAssessment: tx((ctx, input) => saveAssessment(ctx, input)),
    // Signing or deleting leaves nothing unsaved: the safety copy goes in the same transaction.
    signAssessment: tx(async (ctx, { id, providerId }) => {
      const signed = await signAssessment(ctx, id, providerId);
      await clearUnsaved(ctx, own(unsavedKey('assessment', id)));
      return signed;
    }),
    deleteAssessment: tx(async (ctx, { id }) => (await deleteAssessment(ctx, id), await clearUnsaved(ctx, own(unsavedKey('assessment', id))), null)),

    createVisit: tx((ctx, input) => createVisit(ctx, input)),
    getVisit: audited(
      (ctx, { id }) => getVisit(ctx, id),
      'view',
      'visit',
      ({ id }) => ({ id }),
    ),
    saveVisit: tx((ctx, input) => saveVisit(ctx, input)),
    signVisit: tx(async (ctx, { id, providerId, overrideReason }) => {
      const signed = await signVisit(ctx, id, providerId, overrideReason);
      await clearUnsaved(ctx, own(unsavedKey('visit', id)));
      return signed;
    }),
    deleteVisit: tx(async (ctx, { id }) => (await deleteVisit(ctx, id), await clearUnsaved(ctx, own(unsavedKey('visit', id))), null)),
    patientSafety: audited(
      (ctx, { patientId }) => getPatientSafety(ctx, patientId),
      'view',
      'patient',
      ({ patientId }) => ({ id: patientId, detail: 'safety screen' }),
    ),
    saveSafetyScreen: tx((ctx, input) => saveSafetyScreen(ctx, input)),
    addConsent: tx((ctx, input) => addConsent(ctx, input)),
    listProtocols: ({ providerId }) => listProtocols(ctx, providerId),
    saveProtocol: tx((ctx, input) => saveProtocol(ctx, input)),
    deleteProtocol: tx(async (ctx, { id }) => (await deleteProtocol(ctx, id), null)),
    listPhrases: ({ providerId }) => listPhrases(ctx, providerId),
    savePhrase: tx((ctx, input) => savePhrase(ctx, input)),
    deletePhrase: tx(async (ctx, { id }) => (await deletePhrase(ctx, id), null)),
    unsignedNotes: audited(
      (ctx, q) => unsignedNotes(ctx, q),
      'view',
      'unsigned notes',
      (q, page) => ({ id: q.patientId ?? null, detail: `${page.notes.length} of ${page.total} shown` }),
    ),
    keepUnsaved: tx(async (ctx, { key, values, seq }) => (await keepUnsaved(ctx, own(key), values, seq), null)),
    unsavedDraft: ({ key }) => readUnsaved(ctx, own(key)),
    clearUnsaved: tx(async (ctx, { key, seq }) => (await clearUnsaved(ctx, own(key), seq), null)),
    previousTreatment: ({ id }) => previousTreatment(ctx, id),

    addAddendum: tx((ctx, { kind, id, authorId, text }) => addAddendum(ctx, kind, id, authorId, text)),
    searchNotes: audited(
      (ctx, { query, limit, order }) => searchNotes(ctx, query, limit, order),
      'search',
      'notes',
      (_q, hits) => ({ detail: `${hits.length} hits` }),
    ),

    reviewCases: audited(
      (ctx, query) => reviewCases(ctx, query),
      'view',
      'review',
      (_q, page) => ({ detail: `${page.rows.length} cases shown` }),
    ),
    caseSummaries: audited(
      (ctx) => caseSummaries(ctx),
      'view',
      'review',
      (_q, rows) => ({ detail: `${rows.length} case summaries` }),
    ),
    getFeeSchedule: () => feeSchedule(ctx),
    saveFeeSchedule: tx((ctx, { entries }) => saveFeeSchedule(ctx, entries)),
    getVisitBilling: audited(
      (ctx, { visitId }) => visitBilling(ctx, visitId),
      'view',
      'visit',
      ({ visitId }) => ({ id: visitId, detail: 'billing' }),
    ),
    saveVisitBilling: tx((ctx, { visitId, lines }) => saveVisitBilling(ctx, visitId, lines)),
    addPayment: tx((ctx, input) => addPayment(ctx, input)),
    deletePayment: tx(async (ctx, { id }) => (await deletePayment(ctx, id), null)),
    patientAccount: audited(
      (ctx, { patientId }) => patientAccount(ctx, patientId),
      'view',
      'patient',
      ({ patientId }) => ({ id: patientId, detail: 'account' }),
    ),
    superbill: tx(async (ctx, q) => {
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
    }),
    superbillMonth: audited(
      async (ctx, { month }) => {
        // The index alone, from one read of the month: a patient who cannot be billed on one form is not listed.
        const sources = await loadSuperbills(ctx, monthRange(month));
        return sources.patients.flatMap(({ id }) => {
          try {
            return [batchEntry(sources.build(id), id)];
          } catch (error) {
            if (error instanceof DomainError) return [];
            throw error;
          }
        });
      },
      'view',
      'superbills',
      ({ month }, entries) => ({ detail: `${month}: ${entries.length} patients` }),
    ),
    superbillBatch: ({ month }) => batches.start(month),
    superbillBatchStatus: async ({ jobId }) => batches.status(jobId),
    superbillBatchCancel: async ({ jobId }) => batches.cancel(jobId),
    superbillBatchFile: async ({ jobId }) => batches.file(jobId),
    auditLog: audited(
      (ctx, query) => listAudit(ctx, query),
      'view',
      'audit',
      (q, page) => ({
        detail: `${page.entries.length} rows${q.patientId ? ` of patient ${q.patientId}` : ''}`,
      }),
    ),
    progressReport: tx(async (ctx, { caseId }) => {
      const data = await progressReportData(ctx, caseId);
      const { progressReportPdf } = await pdfBuilders.progressReport();
      const bytes = progressReportPdf(data);
      await audit(ctx, 'export', 'case', caseId, 'progress report');
      return {
        fileName: `${fileNameOf(`${data.patient.name} progress ${data.generatedOn}`)}.pdf`,
        pdfBase64: Buffer.from(bytes).toString('base64'),
      };
    }),
    getMcids: async () => ({ values: await getMcids(ctx), defaults: DEFAULT_MCIDS }),
    saveMcids: tx(async (ctx, values) => ({ values: await saveMcids(ctx, values), defaults: DEFAULT_MCIDS })),
    integrity: () => (lastCheck ??= verify()),
    backupStatus: async () =>
      options.backups
        ? options.backups.status()
        : { folder: '', defaultFolder: '', backups: [], note: SERVER_BACKUPS, secondFolder: null, secondBackups: [], drill: null, warnings: [] },
    backupNow: () => withBackups((b) => b.backupNow()),
    restoreBackup: ({ name, otherFile }) => withBackups((b) => b.restore(name, otherFile)),
    restoreLatestBackup: () => withBackups((b) => b.restoreLatest()),
    setBackupFolder: ({ folder }) => withBackups((b) => b.setFolder(folder)),
    setSecondBackupFolder: ({ folder }) => withBackups((b) => b.setSecondFolder(folder)),
    restoreDrill: () => withBackups((b) => b.drill()),
    recovery: async () => (options.backups ? options.backups.recovery() : { problem: null, canOpenReadOnly: true, folder: '', backups: [] }),
    verifyRecords: async () => {
      lastCheck = verify();
      const report = await lastCheck;
      await auditAlone(base, 'verify', 'ledger', null, `${report.checked} records, ${report.problems.length} problems`);
      return report;
    },
  };
  if (!options.requireSignIn) return service;
  const gated = {} as Record<Channel, (input: unknown) => Promise<unknown>>;
  for (const channel of Object.keys(service) as Channel[]) {
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
