import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { dataKeyInUse, hasDataKey, isPlainFile, isSealedFile, openRaw, useDataKey } from './engine/cipher';
import { MIN_PASSPHRASE, newDataKey, type KeychainKey } from './key-custody';
import { recoveryKeyOfFile } from './recovery-key';
import { keepKeyByPassphrase, keyFromSecret, keyGiven, keyOpening } from './key-intake';
import { rotateDataKey } from './key-rotation';
import { readKeyFile, removeKeyFile, writeKeyFile } from './key-file';
import { encryptFile } from './encrypt-file';
import type { DataFileLock, RecoveryKeyState } from '../shared/data-key';
import { CHANNELS, type ServiceImpl } from '../shared/contract';
import { dispatch } from '../shared/dispatch';
import type { Outcome } from '../shared/outcome';
import {
  BACKUP_NAME,
  DRILL_EVERY_DAYS,
  SECOND_PLACE_DAYS,
  type BackupFile,
  type BackupStatus,
  type DrillPlace,
  type RecoveryBackup,
  type RecoveryStatus,
} from '../shared/backup';
import { readPlaces, writePlaces, type BackupPlaces } from './backup-places';
import { openEngine } from './engine/open';
import { lockDataFile } from './file-lock';
import { isPostgresUrl, type Engine } from './engine/types';
import { restoreGuards } from './guards';
import { seatOf } from './clinic/seat';
import { audit, auditAlone } from './queries/audit';
import { createService } from './service';
import {
  backupFailure,
  backupDue,
  backupFolderOf,
  backupHead,
  checkDatabaseFile,
  dailyBackup,
  defaultBackupFolder,
  fileProblem,
  listBackups,
  putBackupInPlace,
} from './backup';
import type { DbContext } from './context';
import { idInside, knownIdOf, settleFileId } from './file-identity';
import { DamagedFileError, damagedSqlite, isDamageFault, type SqliteEngine } from './engine/sqlite';
import { setSetting } from './queries/app-settings';
import { DomainError } from '../shared/outcome';
import pkg from '../package.json' with { type: 'json' };
import { fillNameParts } from './queries/patients';
import { fillTreatmentSearch } from './queries/treatment-search';
import { keepNextRows, NEXT_ROWS_AFTER_MS, passTheDay } from './queries/review-rows';
import { offPath } from './off-path';
import { recordChecks, verifyInPlace, WHOLE_AFTER_OPEN_MS, type RecordChecks } from './record-checks';

export interface Host {
  readonly engine: Engine;
  readonly service: ServiceImpl;
  /** Where backups of the data file go (Settings → Backups); '' on PostgreSQL. */
  readonly backupFolder: string;
  /** Why the data file is open read-only (it failed SQLite's quick_check when opened), or null. */
  readonly damaged: string | null;
  /**
   * Why the data file could not be opened at all (empty, a destroyed header, not a database, too
   * damaged to read), or null. The host then answers only what the recovery screen needs: what is
   * wrong, the backups, and a restore; every other call is refused with this sentence.
   */
  readonly unusable: string | null;
  /** Today's verified backup in the backup folder, then the rotation (SQLite files only). */
  backupNow(): Promise<void>;
  /**
   * Replaces the data file with a checked database file; the state before is kept as a backup. A
   * backup of another data file (or of none known) is refused with a warning unless `otherFile`.
   */
  restore(from: string, options?: { otherFile?: boolean }): Promise<void>;
  /** This data file's identity (db/file-identity.ts): its backups carry it in their names; null if it cannot be read. */
  readonly fileId: string | null;
  /** Restores the newest backup in the backup folder that passes its check. */
  restoreLatest(): Promise<void>;
  /** Answers one call from `unknown` input: what IPC and the harness hand over. */
  handle(channel: unknown, input: unknown): Promise<Outcome<unknown>>;
  close(): Promise<void>;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Opens a database for real use (the app's database process, the harness, the command line):
 * a SQLite file or a postgres:// URL, the wall clock, the OS account as the audit actor, and
 * errors logged by id only.
 */
export interface HostOptions {
  actor?: string;
  log?: (line: string) => void;
  /** The app and the harness: their start and stop are audited (a command-line run audits what it does). */
  session?: boolean;
  /** Who takes the data file's lock (db/file-lock.ts): shown to a second program that tries to open it. */
  program?: string;
  /**
   * Serve the file for recovery only, without opening it, saying this: the app's database process
   * died while it had the file open (electron/db-client.ts), and opening it again might do the same.
   */
  recoverOnly?: string;
  /**
   * The app's database process: a new data file is made only encrypted. Without a key in use the
   * window first asks for a passphrase to keep its key (`openDataFile`); an encrypted file waits for
   * its passphrase or recovery key the same way, with its backups beside.
   */
  encryptNew?: boolean;
  /**
   * A spare key the main process wrapped with this computer's keychain (electron/key-at-launch.ts):
   * encrypting a plain file from Settings uses it and keeps it by the keychain, no passphrase asked.
   */
  keychainKey?: KeychainKey | null;
  /**
   * The app's data files of this size or more open without their quick_check, which runs on the
   * worker thread instead (writes wait for it). Below it, the check is a few milliseconds to ~100 ms
   * and runs at open as before. 32 MiB unless said (tests give 0 to take the worker's way).
   */
  quickCheckInlineBelow?: number;
}

/** Where quick_check starts to be felt: about a tenth of a second on this project's build machine. */
const QUICK_CHECK_INLINE_BELOW = 32 * 1024 * 1024;
/**
 * How long after the open a large file's quick_check begins on the worker. Started at once, it read
 * the whole file (3-4 s of a core at 18,000 patients) while the window loaded, and the first screen's
 * calls and code waited for the cores: Review's rows 1,011-1,209 ms after navigation in four cold
 * starts, 694-866 ms with it a second and a half later (issue 38). Not later: a write waits for the
 * check, so the first save of the day could wait for it.
 */
const QUICK_CHECK_AFTER_OPEN_MS = 1500;

/** The folder chosen in a file that could not be opened whole, if it can still be read; else the default. */
function chosenFolderOf(file: string): string {
  try {
    const raw = openRaw(file, { readonly: true, fileMustExist: true });
    try {
      const row = raw.prepare("SELECT value FROM app_setting WHERE name = 'backup_folder'").get() as { value: string } | undefined;
      return row?.value ?? defaultBackupFolder(file);
    } finally {
      raw.close();
    }
  } catch {
    return defaultBackupFolder(file);
  }
}

/** What a backup holds, for the recovery screen: patients and signed visits, counted read-only. */
function countsOf(file: string): { patients: number; signedVisits: number } {
  const raw = openRaw(file, { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => (raw.prepare(sql).get() as { n: number }).n;
    return { patients: n('SELECT count(*) AS n FROM patient'), signedVisits: n('SELECT count(*) AS n FROM visit WHERE signed_at IS NOT NULL') };
  } finally {
    raw.close();
  }
}

/** How many good backups the recovery screen offers: the newest few are what anyone goes back to. */
const RECOVERY_OFFERED = 3;
/**
 * How long after open the start-up backup begins: after the first screen has what it shows (well
 * under this at 18,000 patients), as the whole ledger's verification (db/record-checks.ts).
 */
const BACKUP_AFTER_OPEN_MS = WHOLE_AFTER_OPEN_MS;

export async function openHost(target: string, options: HostOptions = {}): Promise<Host> {
  // A file is owned by one process at a time; PostgreSQL serves many seats and needs no file lock.
  const isFile = !isPostgresUrl(target) && target !== ':memory:';
  const lock = isFile ? lockDataFile(target, options.program ?? options.actor ?? 'Needlebook') : null;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const actor = options.actor ?? osUser();
  const defaultFolder = isFile ? defaultBackupFolder(target) : '';
  let backupFolder = defaultFolder;
  let damaged: string | null = null;
  let unusable: string | null = null;
  /** The damage found at open, in the one sentence the recovery screen shows (`damaged` adds what to do, for the banner). */
  let damagedProblem: string | null = null;
  let fileId: string | null = null;
  /** The second backup folder and the last drill, kept beside the file (db/backup-places.ts). */
  let places: BackupPlaces = isFile ? readPlaces(target) : { secondFolder: null, drill: null };
  /** Only the first open is skipped: after a restore the file is opened as usual. */
  let recoverOnly = options.recoverOnly ?? null;
  /** Whether a damaged file's clinic and providers still read back: then "Open read-only" is offered. */
  let readable = true;
  /** Why the file is not open yet: it waits for its key, or (new) for a passphrase to keep one. */
  let locked: DataFileLock | null = null;
  let engine: Engine | null = null;
  let service: ServiceImpl;
  let base: DbContext;
  /**
   * The data file's heavy checks on a worker thread with its own connection (db/off-path.ts): the
   * whole ledger re-hashed, the start-up backup made and checked, quick_check. Nothing the window
   * asks waits behind them.
   */
  const off = isFile ? offPath() : null;
  /** The app and the harness verify the whole ledger in the background and open with what was sealed since (db/record-checks.ts). */
  const background = options.session === true;
  let checks: RecordChecks | null = null;
  /** quick_check running off the path: the recovery screen's answer says so, and is asked again. */
  let quickChecking = false;
  /** A backup's whole check (integrity_check, its ledger re-hashed) on the worker where there is one (db/backup.ts). */
  const checkBackup = (file: string) => (off ? off.run({ kind: 'checkFile', file }) : checkDatabaseFile(file));

  /**
   * Opens the database, puts back missing guards and removes extra triggers, builds the service. A file that fails its quick_check opens read-only instead, with what to do; a file that
   * cannot be opened at all is served by the recovery service alone. Either way the window has
   * something to show: it never waits on a file that will not open.
   */
  async function open(audits: (ctx: DbContext) => Promise<void>, foundDamaged?: string): Promise<void> {
    checks?.close();
    checks = null;
    damaged = null;
    damagedProblem = null;
    unusable = null;
    readable = true;
    engine = null;
    fileId = isFile ? knownIdOf(target) : null;
    if (recoverOnly !== null && isFile) {
      const found = fileProblem(target);
      unusable = found ? `${recoverOnly} ${found}` : recoverOnly;
      recoverOnly = null;
      backupFolder = chosenFolderOf(target);
      service = recoveryService(unusable);
      return;
    }
    locked = null;
    if (isFile && !hasDataKey()) {
      // A file that is not plain SQLite, with a key kept beside it (or in the app, which makes only
      // encrypted files), is taken for encrypted: a damaged header looks the same until a key is tried.
      if (isSealedFile(target) && (readKeyFile(target) !== null || options.encryptNew)) locked = 'key';
      else if (!existsSync(target) && options.encryptNew) locked = 'new';
    }
    if (locked) {
      unusable =
        locked === 'key'
          ? 'This data file is encrypted. Unlock it with its passphrase or its recovery key.'
          : 'A new data file is made encrypted. Choose the passphrase that will unlock it.';
      backupFolder = defaultFolder;
      service = recoveryService(unusable);
      return;
    }
    try {
      try {
        // The damage a quick_check off the path found (below): the file is opened read-only, as at an open that finds it.
        if (foundDamaged !== undefined) throw new DamagedFileError(target, foundDamaged);
        // In the app, a file with nothing to migrate opens without its quick_check, which runs off the path.
        const large = isFile && existsSync(target) && statSync(target).size >= (options.quickCheckInlineBelow ?? QUICK_CHECK_INLINE_BELOW);
        engine = await openEngine(target, { quickCheckLater: background && large });
      } catch (error) {
        if (!(error instanceof DamagedFileError)) throw error;
        damagedProblem = `The data file is damaged (SQLite quick_check: ${error.finding}).`;
        damaged = `The data file is damaged (SQLite quick_check: ${error.finding}). Needlebook opened it read-only: what is intact can be read, nothing can be saved. Restore the latest good backup.`;
        engine = damagedSqlite(
          target,
          'The data file is damaged, so Needlebook opened it read-only. Nothing was saved. Restore the latest good backup (the red banner, or Clinic & providers → Backups); what you typed is still in the form.',
        );
      }
    } catch (error) {
      if (!isFile) throw error;
      // Whatever stopped the open, said in one sentence, from the file itself where it tells.
      unusable = fileProblem(target) ?? `The data file could not be opened: ${error instanceof Error ? error.message : String(error)}`;
      log(`[needlebook] data file not opened: ${error instanceof Error ? `${error.name}${'code' in error ? ` ${String(error.code)}` : ''}` : typeof error}`);
      engine = null;
      backupFolder = chosenFolderOf(target);
      service = recoveryService(unusable);
      return;
    }
    const opened = engine;
    // A seat hears other seats from its open, not from the window's first ask: the feed's first
    // connection moved the count 0.7 s after the first screen had read, and every record on it was
    // read again in the middle of the start-up (issue 38). Waited for at the end of the open.
    const listening = options.session ? opened.listen?.() : undefined;
    base = { db: opened, now: () => new Date(), actor, reviewPass: { mark: '', done: new Set(), turned: new Set(), running: null } };
    const quickLeft = !damaged && (opened as Partial<SqliteEngine>).quickCheckLeft === true;
    let guardsRestored: string[] = [];
    try {
      backupFolder = isFile ? await backupFolderOf(opened, target) : '';
      // At a clinic seat, the person whose login this is; the tables' owner (or a file) is no seat.
      base.seat = damaged ? null : await seatOf(opened);
      if (damaged) {
        // Sign-in needs the clinic and providers: if they do not read back, the read-only app cannot be used.
        readable = await Promise.all([
          opened.get('SELECT count(*) AS n FROM clinic'),
          opened.get('SELECT count(*) AS n FROM provider'),
          opened.get('SELECT count(*) AS n FROM patient'),
        ]).then(
          () => true,
          () => false,
        );
      } else {
        // A guard dropped behind the app's back is put back, and a trigger added beside the guards is
        // removed (each audited), before anything is written. A seat may not change the schema: the
        // owner's `needlebook check` and `clinic init` put guards back there. Nothing is sealed here:
        // a file from before the ledger was sealed by its upgrade (db/queries/ledger-seal.ts).
        if (!base.seat) guardsRestored = await restoreGuards(base);
        await opened.transaction(async (db) => {
          // The file's own id, kept through a restore (the one beside the file wins), new for a hand copy.
          if (isFile && !base.seat) fileId = await settleFileId({ ...base, db }, target);
          await audits({ ...base, db });
        });
        // Patients on file before the name search's words existed are given theirs once.
        await fillNameParts(base);
        // And visits charted before what was needled was searchable get their entries once.
        await fillTreatmentSearch(base);
      }
    } catch (error) {
      await opened.close();
      engine = null;
      // A file opened without its quick_check that fails at open is checked now: damage is said as damage.
      const found = quickLeft && off ? await off.run({ kind: 'quickCheck', file: target }).catch(() => 'ok') : 'ok';
      if (found !== 'ok') return open(audits, found);
      // Damage quick_check does not look into — a full-text index keeps its lists as blobs, which
      // SQLite checks as bytes, not as an index — is still damage: read-only, with the recovery screen.
      if (isDamageFault(error)) return open(audits, 'the pages passed, but reading the records at open found them malformed');
      throw error;
    }
    const ctx = base;
    checks = damaged
      ? null
      : recordChecks(ctx, {
          guardsRestored,
          background,
          // A data file is re-hashed on the worker's own connection; a clinic's server hashes its own rows on a pooled connection.
          verifyWhole: off && background ? (at) => off.run({ kind: 'verify', file: target, at }) : verifyInPlace(ctx),
          log,
        });
    // Reads go on at once; a write waits for the quick_check (seconds on a ten-year clinic, long before
    // anyone has charted anything), so nothing is written to a file not yet known to be whole.
    let checked: Promise<void> = Promise.resolve();
    if (quickLeft && off) {
      quickChecking = true;
      checked = new Promise<void>((resolve) => setTimeout(resolve, QUICK_CHECK_AFTER_OPEN_MS).unref())
        .then(() => off.run({ kind: 'quickCheck', file: target }))
        .catch(() => 'ok')
        .then((found) => {
          quickChecking = false;
          if (found === 'ok') return;
          // Found damaged: opened again read-only, in turn with backups and restores, and said as at an open.
          if (engine === opened) void inTurn(() => reopenDamaged(opened, found)).catch(() => undefined);
          throw new DomainError(
            'storage',
            'The data file is damaged, so Needlebook opened it read-only. Nothing was saved. Restore the latest good backup (the red banner, or Clinic & providers → Backups); what you typed is still in the form.',
          );
        });
      checked.catch(() => undefined);
    }
    service = createService(base, {
      appVersion: pkg.version,
      databaseFile: opened.location,
      schemaVersion: () => opened.schemaVersion(),
      guardsRestored,
      damaged,
      ...(checks ? { checks } : {}),
      writesAfter: () => checked,
      requireSignIn: options.session ?? false,
      ...(opened.changes ? { changes: () => opened.changes!() } : {}),
      ...(opened.verifyLogin ? { verifyLogin: (password: string) => opened.verifyLogin!(password) } : {}),
      backups: isFile ? fileBackups : null,
      keys: isFile
        ? { state: keyState, confirm: confirmKey, sheet: recoverySheet, encrypt: encryptNow, encryptBackups: encryptBackupsNow, change: changeKeyNow }
        : null,
    });
    await listening;
    // The app's first open of a day starts Review's day pass at once, in slices, while the window
    // loads and its person signs in (issue 38). Like Review's own pass, it does not wait for a
    // large file's quick_check: it writes only rows derived from the records.
    if (options.session && !damaged) {
      const ctx = base;
      setTimeout(
        () =>
          void passTheDay(ctx)
            .then(() => new Promise((resolve) => setTimeout(resolve, NEXT_ROWS_AFTER_MS).unref()))
            // After the start-up backup and checks too: a slice's commit that checkpoints the log
            // waited up to 100 ms for the disk behind the backup's writes, and a call behind it.
            .then(() => off?.whenIdle())
            .then(() => keepNextRows(ctx))
            .catch((error: unknown) => log(`[needlebook] Review's day pass failed: ${error instanceof Error ? error.name : typeof error}`)),
        0,
      ).unref();
    }
  }

  const fileBackups = {
    status: async () => status(),
    backupNow: () => backupNow(),
    restore: (name: string, otherFile?: boolean) => restore(join(backupFolder, name), { otherFile: otherFile ?? false }),
    restoreLatest: () => restoreLatest(),
    setFolder: (folder: string) => setFolder(folder),
    setSecondFolder: (folder: string) => setSecondFolder(folder),
    drill: () => drill(),
    recovery: () => recovery(),
  };

  /** This file's own backups in a place, newest first (the ones from before ids are not its for sure). */
  const ownIn = (folder: string) => listBackups(folder, fileId).filter((b) => b.fileId === fileId);
  const daysAgo = (iso: string) => (Date.now() - Date.parse(iso)) / 86_400_000;

  /**
   * The backups panel's state, with what Review warns about: a file backed up for a week or more
   * whose backups have not reached a second place in that week (a disk that dies takes the backups
   * beside the file with it), and a failed restore drill.
   */
  function status(): BackupStatus {
    const backups = listBackups(backupFolder, fileId);
    const secondBackups = places.secondFolder && existsSync(places.secondFolder) ? ownIn(places.secondFolder) : [];
    const warnings: string[] = [];
    const oldest = ownIn(backupFolder).at(-1);
    const lastSecond = secondBackups[0];
    if (oldest && daysAgo(oldest.at) >= SECOND_PLACE_DAYS && (!lastSecond || daysAgo(lastSecond.at) >= SECOND_PLACE_DAYS))
      warnings.push(
        places.secondFolder
          ? `No backup has reached the second folder (${places.secondFolder}) for ${SECOND_PLACE_DAYS} days: is the drive connected? Back up now once it is.`
          : `No backup has reached a second place for ${SECOND_PLACE_DAYS} days: a disk that fails takes the backups beside the data file with it. Choose a second folder (an external drive or a synced folder) in Settings → Records and backups.`,
      );
    if (places.drill && !places.drill.ok) {
      const failed = places.drill.places.find((p) => !p.ok);
      warnings.push(
        `The last restore drill failed: ${failed ? `${failed.folder}: ${failed.problem ?? 'not checked'}` : 'a backup did not pass'}. Back up now, then run the drill again in Settings → Records and backups.`,
      );
    }
    return { folder: backupFolder, defaultFolder, backups, note: null, secondFolder: places.secondFolder, secondBackups, drill: places.drill, warnings };
  }

  /**
   * A file that could not be opened: only what the recovery screen needs answers — where the data
   * is, why it did not open, the backups and a restore. Nothing else can be read, so everything else
   * is refused with the reason, and no sign-in is asked for: there is no provider list to sign in with.
   */
  function recoveryService(problem: string): ServiceImpl {
    const refuse = () => Promise.reject(new DomainError('storage', `${problem} Nothing was saved. Restore the latest good backup.`));
    const answers: Partial<ServiceImpl> = {
      appInfo: async () => ({ version: pkg.version, schemaVersion: 0, databaseFile: target }),
      changes: async () => ({ shared: false, seq: 0, connected: true }),
      integrity: async () => ({
        verifiedAt: new Date().toISOString(),
        checked: 0,
        problems: [],
        guardsRestored: [],
        ms: 0,
        damaged: problem,
        scope: 'all',
        pending: false,
      }),
      recovery: () => recovery(),
      openDataFile: ({ secret, again }) => openWithSecret(secret, again),
      backupStatus: () => fileBackups.status(),
      restoreBackup: async ({ name, otherFile }) => (await fileBackups.restore(name, otherFile), fileBackups.status()),
      restoreLatestBackup: async () => (await fileBackups.restoreLatest(), fileBackups.status()),
    };
    return Object.fromEntries(CHANNELS.map((c) => [c, answers[c] ?? refuse])) as unknown as ServiceImpl;
  }

  /**
   * The window's passphrase or recovery key: an encrypted file opened with the key it unwraps; a new
   * file's key made and kept wrapped by the passphrase before the file is written. Audited as the
   * app's start, as an open at launch is. A wrong one changes nothing and says so.
   */
  /** A new passphrase is typed twice in the window: the second must match the first. */
  const sameTwice = (secret: string, again: string | undefined) => {
    if (again !== undefined && again !== secret) throw new DomainError('invalid_input', 'The two passphrases differ.', { again: 'Passphrases differ' });
  };

  async function openWithSecret(secret: string, again: string | undefined): Promise<RecoveryStatus> {
    if (locked === 'key') useDataKey(keyFromSecret(target, secret));
    else if (locked === 'new') {
      sameTwice(secret, again);
      const key = newDataKey();
      keepKeyByPassphrase(target, key, secret, false);
      useDataKey(key);
    } else return recovery();
    try {
      await open(async (ctx) => {
        if (options.session) await audit(ctx, 'start', 'app', null);
      });
    } catch (error) {
      useDataKey(null);
      throw error;
    }
    return recovery();
  }

  /** The data key's state for the window: its recovery key until two groups of it are typed back. */
  const { state: keyState, confirm: confirmKey, sheet: recoverySheet } = recoveryKeyOfFile(target, () => base, Boolean(options.keychainKey));

  /** What the recovery screen shows: the problem and, while there is one, the newest good backups with what they hold. */
  async function recovery(): Promise<RecoveryStatus> {
    const problem = unusable ?? damagedProblem;
    if (!problem) return { problem: null, locked: null, canOpenReadOnly: true, folder: backupFolder, backups: [], checking: quickChecking };
    // A file waiting for its key: its backups open only with that key too, so none can be listed yet.
    if (locked) return { problem, locked, canOpenReadOnly: false, folder: backupFolder, backups: [] };
    const good: RecoveryBackup[] = [];
    // A file whose id is lost with it (its header destroyed, no FILE.id beside it) cannot tell its
    // backups from a neighbour's: all are offered, with what each holds to tell them apart.
    for (const b of listBackups(backupFolder, fileId ?? 'any')) {
      if (good.length >= RECOVERY_OFFERED) break;
      const file = join(backupFolder, b.name);
      try {
        await checkBackup(file);
        good.push({ ...b, ...countsOf(file) });
      } catch {
        // A backup that fails its check is no way back: it is not offered.
      }
    }
    return { problem, locked: null, canOpenReadOnly: unusable === null && readable, folder: backupFolder, backups: good };
  }

  // Backups and restores run one at a time: the automatic one at start may meet "Back up now".
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  };

  /**
   * Checkpoints the WAL and empties it, without waiting: a TRUNCATE checkpoint waits (the busy
   * timeout, seconds, on this thread) for every reader to finish, and the worker's verification of
   * the whole ledger reads for seconds. Busy now, it is tried again in a minute, until it is done.
   */
  function emptyWal(connection: SqliteEngine['connection']): void {
    const wait = connection.pragma('busy_timeout', { simple: true }) as number;
    connection.pragma('busy_timeout = 0');
    let busy = false;
    try {
      const [result] = connection.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      busy = result?.busy === 1;
    } catch {
      busy = true;
    } finally {
      connection.pragma(`busy_timeout = ${wait}`);
    }
    if (busy)
      setTimeout(() => {
        if (engine && (engine as Partial<SqliteEngine>).connection === connection) emptyWal(connection);
      }, 60_000).unref();
  }

  /** A file whose quick_check, run off the path, found damage: closed and opened again read-only, as an open that finds it. */
  async function reopenDamaged(was: Engine, found: string): Promise<void> {
    if (engine !== was) return;
    log('[needlebook] quick_check found the data file damaged: opened again read-only');
    await was.close();
    engine = null;
    await open(async () => undefined, found);
  }

  /** The open engine; a file that could not be opened has none, and says why. */
  const openEngineOrRefuse = (): Engine => {
    if (!engine) throw new DomainError('storage', `${unusable ?? 'The data file is not open.'} Restore the latest good backup.`);
    return engine;
  };

  /**
   * Today's backup in the backup folder and, if one is chosen, the second folder: each copy written,
   * verified and rotated there on its own, so one place failing (a full or unplugged drive) never
   * stops the other. Each failure is named; nothing partial is left (db/backup.ts, backupTo).
   */
  const backupNow = () =>
    inTurn(async () => {
      if (damaged || unusable) throw new DomainError('storage', 'The data file is damaged: a copy of it would be damaged too. Restore the latest good backup.');
      const connection = (openEngineOrRefuse() as SqliteEngine).connection;
      // Copied and checked on the worker's own connection: VACUUM INTO, integrity_check and the copy's
      // ledger re-hashed take seconds on a ten-year clinic, and no call waits for them.
      const copy = off ? (dest: string) => off.run({ kind: 'backup', file: target, dest }) : connection;
      const made: { place: string; file: BackupFile }[] = [];
      const failed: string[] = [];
      const targets = [
        { place: 'the backup folder', folder: backupFolder },
        ...(places.secondFolder ? [{ place: 'the second folder', folder: places.secondFolder }] : []),
      ];
      for (const { place, folder } of targets) {
        try {
          // A second folder is not made again when it is gone: an unplugged drive's folder would be made on this disk.
          if (place === 'the second folder' && !existsSync(folder)) throw backupFailure(Object.assign(new Error('gone'), { code: 'ENOENT' }), folder);
          made.push({ place, file: await dailyBackup(copy, folder, fileId) });
        } catch (error) {
          failed.push(error instanceof Error ? error.message : String(error));
        }
      }
      // The WAL still holds earlier images of changed pages (a draft's words before they were
      // overwritten) until a checkpoint writes it back and empties it.
      emptyWal(connection);
      // The ledger head each backup carries, kept in the audit log too: how far the ledger had come.
      const headOf = (m: { place: string; file: BackupFile }) => {
        const head = backupHead(join(targets.find((t) => t.place === m.place)!.folder, m.file.name));
        return head ? `, ledger row ${head.seq} ${head.chainHash.slice(0, 16)}` : '';
      };
      if (made.length > 0)
        await auditAlone(base, 'backup', 'data file', null, made.map((m) => `${m.file.name}, ${m.file.bytes} bytes${headOf(m)}, in ${m.place}`).join('; '));
      if (failed.length > 0)
        throw new DomainError(
          'storage',
          made.length > 0 ? `Backed up to ${made.map((m) => m.place).join(' and ')} only. ${failed.join(' ')}` : failed.join(' '),
        );
    });

  /** A second folder (or '' for none): a full path, not the backup folder, and writable now, or refused by name. */
  const setSecondFolder = (folder: string) =>
    inTurn(async () => {
      openEngineOrRefuse();
      const refuse = (why: string): never => {
        throw new DomainError('invalid_input', why, { folder: why });
      };
      if (folder !== '') {
        if (!isAbsolute(folder)) refuse('Second backup folder must be a full path (starting at the drive or /)');
        if (folder === backupFolder) refuse('Second backup folder must be another place than the backup folder');
        const probe = join(folder, `.needlebook-probe-${process.pid}`);
        try {
          mkdirSync(folder, { recursive: true });
          writeFileSync(probe, '');
          rmSync(probe);
        } catch {
          refuse(`Second backup folder ${folder} cannot be written to: choose a folder you can save files in`);
        }
      }
      places = { ...places, secondFolder: folder === '' ? null : folder };
      writePlaces(target, places);
      await auditAlone(base, 'update', 'settings', null, folder === '' ? 'second backup folder removed' : 'second backup folder changed');
    });

  /**
   * The restore drill: the newest backup of this file in each place opened and checked as a
   * restore checks it — integrity_check, and every signed record against the ledger. Kept beside
   * the file and audited; a failure is a warning on Review.
   */
  const drill = () =>
    inTurn(async () => {
      const results: DrillPlace[] = [];
      for (const folder of [backupFolder, ...(places.secondFolder ? [places.secondFolder] : [])]) {
        const newest = existsSync(folder) ? ownIn(folder).find((b) => BACKUP_NAME.test(b.name)) : undefined;
        if (!newest) {
          results.push({ folder, backup: null, ok: false, problem: existsSync(folder) ? 'No backup of this file is there.' : 'The folder is not there.' });
          continue;
        }
        try {
          await checkBackup(join(folder, newest.name));
          results.push({ folder, backup: newest.name, ok: true, problem: null });
        } catch (error) {
          results.push({ folder, backup: newest.name, ok: false, problem: error instanceof Error ? error.message : String(error) });
        }
      }
      const ok = results.every((r) => r.ok);
      places = { ...places, drill: { at: new Date().toISOString(), ok, places: results } };
      writePlaces(target, places);
      if (engine && !damaged)
        await auditAlone(
          base,
          'backup',
          'data file',
          null,
          `restore drill ${ok ? 'passed' : 'failed'}: ${results.map((r) => `${r.backup ?? 'none'} ${r.ok ? 'ok' : 'failed'}`).join('; ')}`,
        );
    });

  /**
   * Restores `from` over the file: the backup checked, the file closed, then put in place without
   * the file being opened again (db/backup.ts, putBackupInPlace: a good file is kept as
   * pre-restore-…, a damaged one moved aside as damaged-…), and reopened.
   */
  const restore = (from: string, { otherFile = false } = {}) => inTurn(() => restoreNow(from, otherFile));
  async function restoreNow(from: string, otherFile: boolean): Promise<void> {
    // Checked while the file is still open: a refused backup leaves everything as it was.
    await checkDatabaseFile(from);
    // Another file's backup would put that file's records here: said, and done only when asked again.
    const owner = idInside(from);
    if (!otherFile && fileId !== null && owner !== fileId) {
      const why =
        owner === null
          ? `${basename(from)} was made before backups carried their data file's identity, so Needlebook cannot tell whether it is a backup of this file. Restore it anyway only if you know it is.`
          : `${basename(from)} is a backup of another data file, not of this one: restoring it replaces these records with that file's. Restore it anyway only if that is what you want.`;
      throw new DomainError('conflict', why, { otherFile: why });
    }
    const folder = backupFolder;
    await engine?.close();
    engine = null;
    let kept: string | null;
    try {
      ({ kept } = await putBackupInPlace(target, from, folder, fileId));
    } catch (error) {
      // The file was not replaced: open it again as it is, so the window still has it.
      await open(async () => undefined);
      throw error;
    }
    await open(async (ctx) => {
      // The folder chosen in Settings stays chosen, whatever the restored file had.
      await setSetting(ctx, 'backup_folder', folder === defaultFolder ? null : folder);
      backupFolder = folder;
      await audit(ctx, 'restore', 'data file', null, `from ${basename(from)}; ${kept ? `the state before kept as ${kept}` : 'there was no data file'}`);
    });
  }

  /**
   * A plain data file from before encryption, encrypted from the window (Settings → Records and
   * backups): the passphrase keeps a new key, written beside the file first; the file is closed,
   * encrypted as `needlebook encrypt` does it (db/encrypt-file.ts: a copy compared and swapped in
   * by one rename), and opened again with the key. A failure opens the plain file again, as it was.
   */
  const encryptNow = (secret: string | undefined, again: string | undefined) =>
    inTurn(async (): Promise<RecoveryKeyState> => {
      if (!isFile || damaged || !isPlainFile(target)) throw new DomainError('conflict', 'This data file is encrypted already.');
      const spare = options.keychainKey;
      let key: Buffer;
      if (spare && !secret) {
        // This computer's keychain keeps it, as it keeps a new file's key.
        key = spare.key;
        writeKeyFile(target, { format: 'needlebook-key/1', wrapped: spare.wrapped, recoveryConfirmed: false });
      } else {
        if (!secret) throw new DomainError('invalid_input', 'Passphrase is required', { secret: 'Passphrase is required' });
        sameTwice(secret, again);
        key = newDataKey();
        keepKeyByPassphrase(target, key, secret, false);
      }
      await engine?.close();
      engine = null;
      try {
        encryptFile(target, key);
      } catch (error) {
        removeKeyFile(target);
        await open(async () => undefined);
        throw error;
      }
      useDataKey(key);
      await open(async (ctx) => audit(ctx, 'update', 'data file', null, 'encrypted at rest'));
      return keyState();
    });

  /**
   * Settings → Records and backups: the backups made before the data file was encrypted (issue 31,
   * point 3), each encrypted with the file's key as `needlebook encrypt --backups` does it — copied,
   * rekeyed, compared and swapped in by one rename.
   */
  const encryptBackupsNow = () =>
    inTurn(async () => {
      const key = dataKeyInUse();
      if (!isFile || !key) throw new DomainError('conflict', 'This data file is not encrypted: encrypt it first, then its backups.');
      const plain = [backupFolder, ...(places.secondFolder ? [places.secondFolder] : [])].flatMap((folder) =>
        listBackups(folder, fileId)
          .filter((b) => !b.encrypted)
          .map((b) => join(folder, b.name)),
      );
      for (const backup of plain) encryptFile(backup, key);
      await auditAlone(base, 'update', 'backups', null, `${plain.length} plain backups encrypted`);
      return { encrypted: plain.length };
    });

  /**
   * Settings → Records and backups, on an encrypted file: a new passphrase for its key, or a new
   * key for the file and every backup (db/key-rotation.ts). The current passphrase or recovery key
   * must give the key in use. A rotation closes the file, re-encrypts it and the backups, and opens
   * it again with the new key; the window then shows the new recovery key until it is confirmed.
   */
  const changeKeyNow = (input: { current: string; secret: string; again: string; rotate: boolean }) =>
    inTurn(async (): Promise<RecoveryKeyState> => {
      const inUse = dataKeyInUse();
      if (!isFile || !inUse) throw new DomainError('conflict', 'This data file is not encrypted: encrypt it first.');
      const current = (() => {
        try {
          return keyGiven(target, input.current);
        } catch {
          return null;
        }
      })();
      if (!current || !current.equals(inUse))
        throw new DomainError('invalid_input', 'That is not this data file’s passphrase or recovery key. Nothing was changed.', {
          current: 'Current passphrase or recovery key does not open this data file',
        });
      sameTwice(input.secret, input.again);
      if (input.secret.length < MIN_PASSPHRASE) {
        const why = `New passphrase must be at least ${MIN_PASSPHRASE} characters`;
        throw new DomainError('invalid_input', why, { secret: why });
      }
      if (!input.rotate) {
        keepKeyByPassphrase(target, inUse, input.secret, readKeyFile(target)?.recoveryConfirmed ?? false);
        await auditAlone(base, 'update', 'data key', null, 'passphrase changed');
        return keyState();
      }
      const folders = [backupFolder, ...(places.secondFolder ? [places.secondFolder] : [])];
      await engine?.close();
      engine = null;
      let rotated: Buffer;
      try {
        rotated = rotateDataKey(target, inUse, input.secret, folders).key;
      } catch (error) {
        // Cut short by a refusal: the file opens with whichever key it is under (the rotation, if it
        // was started, is finished by the next try or by needlebook rekey).
        useDataKey(keyOpening(target, inUse));
        await open(async () => undefined);
        throw error;
      }
      useDataKey(rotated);
      await open(async (ctx) => audit(ctx, 'update', 'data key', null, 'rotated'));
      return keyState();
    });

  /** The newest backup that passes its check, restored; each one refused is passed over. */
  const restoreLatest = () =>
    inTurn(async () => {
      const refused: string[] = [];
      // Only the file's own: a backup made before files had ids, or another file's, is chosen by hand, after a warning.
      for (const b of listBackups(backupFolder, fileId).filter((b) => b.fileId === fileId)) {
        const file = join(backupFolder, b.name);
        try {
          await checkBackup(file);
        } catch (error) {
          refused.push(error instanceof Error ? error.message : String(error));
          continue;
        }
        return restoreNow(file, false);
      }
      throw new DomainError(
        'not_found',
        refused.length === 0
          ? `There is no backup in ${backupFolder} to restore.`
          : `No backup in ${backupFolder} passed its check (${refused.length} tried; the newest: ${refused[0]}).`,
      );
    });

  /** A folder the user chose: it must be a full path and writable now, or it is refused by name. */
  const setFolder = (folder: string) =>
    inTurn(async () => {
      const chosen = folder === '' ? defaultFolder : folder;
      const refuse = (why: string): never => {
        throw new DomainError('invalid_input', why, { folder: why });
      };
      if (!isAbsolute(chosen)) refuse('Backup folder must be a full path (starting at the drive or /)');
      const probe = join(chosen, `.needlebook-probe-${process.pid}`);
      try {
        mkdirSync(chosen, { recursive: true });
        writeFileSync(probe, '');
        rmSync(probe);
      } catch {
        refuse(`Backup folder ${chosen} cannot be written to: choose a folder you can save files in`);
      }
      await openEngineOrRefuse().transaction(async (db) => {
        await setSetting({ ...base, db }, 'backup_folder', chosen === defaultFolder ? null : chosen);
        await audit({ ...base, db }, 'update', 'settings', null, chosen === defaultFolder ? 'backup folder set to the default' : 'backup folder changed');
      });
      backupFolder = chosen;
    });

  try {
    await open(async (ctx) => {
      if (options.session) await audit(ctx, 'start', 'app', null);
      if (lock?.tookOver) await audit(ctx, 'update', 'lock', lock.tookOver.pid, 'stale lock of a process that is gone taken over');
    });
  } catch (error) {
    lock?.release();
    throw error;
  }

  // The app backs up when it starts and then daily while it runs, once the newest backup is a day old.
  let timer: ReturnType<typeof setInterval> | null = null;
  let firstBackup: ReturnType<typeof setTimeout> | null = null;
  if (options.session && isFile) {
    const autoBackup = () => {
      if (damaged || unusable) return;
      const failed = (what: string) => (error: unknown) => log(`[needlebook] automatic ${what} failed: ${error instanceof Error ? error.name : typeof error}`);
      // A second folder that is missing today's backup (a drive plugged back in) gets it too.
      const due =
        backupDue(backupFolder, fileId) || (places.secondFolder !== null && existsSync(places.secondFolder) && backupDue(places.secondFolder, fileId));
      const backedUp = due ? backupNow().catch(failed('backup')) : Promise.resolve();
      // The weekly restore drill, after the day's backup so it checks that one.
      const drillDue = !places.drill || daysAgo(places.drill.at) >= DRILL_EVERY_DAYS;
      if (drillDue) void backedUp.then(() => drill().catch(failed('restore drill')));
    };
    // Not at once: the backup's copy reads the whole file on the worker, and the first screen's page
    // load and Review's day pass share the machine's cores and disk with it (issue 38).
    firstBackup = setTimeout(autoBackup, BACKUP_AFTER_OPEN_MS);
    firstBackup.unref();
    timer = setInterval(autoBackup, 3600_000);
    timer.unref();
  }

  return {
    get engine() {
      return openEngineOrRefuse();
    },
    get service() {
      return service;
    },
    get damaged() {
      return damaged;
    },
    get unusable() {
      return unusable;
    },
    get backupFolder() {
      return backupFolder;
    },
    get fileId() {
      return fileId;
    },
    handle: (channel, input) =>
      dispatch(service, channel, input, (error, c) => {
        // Only the channel and the error's kind: never input values, names or note text.
        const kind = error instanceof Error ? `${error.name}${'code' in error ? ` ${String(error.code)}` : ''}` : typeof error;
        log(`[needlebook] ${c} failed: ${kind}`);
      }),
    backupNow,
    restore,
    restoreLatest,
    close: async () => {
      if (timer) clearInterval(timer);
      if (firstBackup) clearTimeout(firstBackup);
      checks?.close();
      await turn;
      await off?.close();
      if (options.session && engine && !damaged) await auditAlone(base, 'stop', 'app', null).catch(() => undefined);
      await engine?.close();
      lock?.release();
    },
  };
}
