import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import type { ServiceImpl } from '../shared/contract';
import { dispatch } from '../shared/dispatch';
import type { Outcome } from '../shared/outcome';
import { openEngine } from './engine/open';
import { lockDataFile } from './file-lock';
import { isPostgresUrl, type Engine } from './engine/types';
import { restoreGuards } from './guards';
import { seatOf } from './clinic/seat';
import { audit, auditAlone } from './queries/audit';
import { createService } from './service';
import { backupDue, backupFolderOf, backupHead, checkDatabaseFile, dailyBackup, defaultBackupFolder, listBackups, replaceDataFile } from './backup';
import type { DbContext } from './context';
import { DamagedFileError, damagedSqlite, type SqliteEngine } from './engine/sqlite';
import { setSetting } from './queries/app-settings';
import { DomainError } from '../shared/outcome';
import pkg from '../package.json' with { type: 'json' };
import { fillNameParts } from './queries/patients';
import { fillTreatmentSearch } from './queries/treatment-search';

export interface Host {
  readonly engine: Engine;
  readonly service: ServiceImpl;
  /** Where backups of the data file go (Settings → Backups); '' on PostgreSQL. */
  readonly backupFolder: string;
  /** Why the data file is open read-only (it failed SQLite's quick_check when opened), or null. */
  readonly damaged: string | null;
  /** Today's verified backup in the backup folder, then the rotation (SQLite files only). */
  backupNow(): Promise<void>;
  /** Replaces the data file with a checked database file; the state before is kept as a backup. */
  restore(from: string): Promise<void>;
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
}

export async function openHost(target: string, options: HostOptions = {}): Promise<Host> {
  // A file is owned by one process at a time; PostgreSQL serves many seats and needs no file lock.
  const isFile = !isPostgresUrl(target) && target !== ':memory:';
  const lock = isFile ? lockDataFile(target, options.program ?? options.actor ?? 'Needlebook') : null;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const actor = options.actor ?? osUser();
  const defaultFolder = isFile ? defaultBackupFolder(target) : '';
  let backupFolder = defaultFolder;
  let damaged: string | null = null;
  let engine: Engine;
  let service: ServiceImpl;
  let base: DbContext;

  /**
   * Opens the database, puts back missing guards and removes extra triggers, builds the service. A file that fails its quick_check opens read-only instead, with what to do.
   */
  async function open(audits: (ctx: DbContext) => Promise<void>): Promise<void> {
    damaged = null;
    try {
      engine = await openEngine(target);
    } catch (error) {
      if (!(error instanceof DamagedFileError)) throw error;
      damaged = `The data file is damaged (SQLite quick_check: ${error.finding}). Needlebook opened it read-only: what is intact can be read, nothing can be saved. Restore the latest good backup.`;
      engine = damagedSqlite(
        target,
        'The data file is damaged, so Needlebook opened it read-only. Nothing was saved. Restore the latest good backup (the red banner, or Clinic & providers → Backups); what you typed is still in the form.',
      );
    }
    base = { db: engine, now: () => new Date(), actor };
    let guardsRestored: string[] = [];
    try {
      backupFolder = isFile ? await backupFolderOf(engine, target) : '';
      // At a clinic seat, the person whose login this is; the tables' owner (or a file) is no seat.
      base.seat = await seatOf(engine);
      if (!damaged) {
        // A guard dropped behind the app's back is put back, and a trigger added beside the guards is
        // removed (each audited), before anything is written. A seat may not change the schema: the
        // owner's `needlebook check` and `clinic init` put guards back there. Nothing is sealed here:
        // a file from before the ledger was sealed by its upgrade (db/queries/ledger-seal.ts).
        if (!base.seat) guardsRestored = await restoreGuards(base);
        await engine.transaction(async (db) => audits({ ...base, db }));
        // Patients on file before the name search's words existed are given theirs once.
        await fillNameParts(base);
        // And visits charted before what was needled was searchable get their entries once.
        await fillTreatmentSearch(base);
      }
    } catch (error) {
      await engine.close();
      throw error;
    }
    service = createService(base, {
      appVersion: pkg.version,
      databaseFile: engine.location,
      schemaVersion: () => engine.schemaVersion(),
      guardsRestored,
      damaged,
      requireSignIn: options.session ?? false,
      ...(engine.changes ? { changes: () => engine.changes!() } : {}),
      ...(engine.verifyLogin ? { verifyLogin: (password: string) => engine.verifyLogin!(password) } : {}),
      backups: isFile
        ? {
            status: async () => ({ folder: backupFolder, defaultFolder, backups: listBackups(backupFolder), note: null }),
            backupNow: () => backupNow(),
            restore: (name: string) => restore(join(backupFolder, name)),
            restoreLatest: () => restoreLatest(),
            setFolder: (folder: string) => setFolder(folder),
          }
        : null,
    });
  }

  // Backups and restores run one at a time: the automatic one at start may meet "Back up now".
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  };

  const backupNow = () =>
    inTurn(async () => {
      const connection = (engine as SqliteEngine).connection;
      const made = await dailyBackup(connection, backupFolder);
      // The WAL still holds earlier images of changed pages (a draft's words before they were
      // overwritten) until a checkpoint writes it back and empties it.
      connection.pragma('wal_checkpoint(TRUNCATE)');
      // The ledger head the backup carries, kept in the audit log too: how far the ledger had come.
      const head = backupHead(join(backupFolder, made.name));
      await auditAlone(
        base,
        'backup',
        'data file',
        null,
        `${made.name}, ${made.bytes} bytes${head ? `, ledger row ${head.seq} ${head.chainHash.slice(0, 16)}` : ''}`,
      );
    });

  /** Restores `from` over the open file: checked, the current state backed up, replaced in one rename, reopened. */
  const restore = (from: string) => inTurn(() => restoreNow(from));
  async function restoreNow(from: string): Promise<void> {
    await checkDatabaseFile(from);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    mkdirSync(backupFolder, { recursive: true });
    // The state before is kept. A damaged file cannot go through the backup API (its pages fault),
    // so it is kept as it is, under a name no restore offers.
    const kept = join(backupFolder, damaged ? `damaged-${stamp}.db` : `pre-restore-${stamp}.db`);
    if (damaged) {
      copyFileSync(target, kept);
      if (existsSync(`${target}-wal`)) copyFileSync(`${target}-wal`, `${kept}-wal`);
    } else {
      await (engine as SqliteEngine).connection.backup(kept);
    }
    const folder = backupFolder;
    await engine.close();
    await replaceDataFile(target, from);
    await open(async (ctx) => {
      // The folder chosen in Settings stays chosen, whatever the restored file had.
      await setSetting(ctx, 'backup_folder', folder === defaultFolder ? null : folder);
      backupFolder = folder;
      await audit(ctx, 'restore', 'data file', null, `from ${basename(from)}; the state before kept as ${basename(kept)}`);
    });
  }

  /** The newest backup that passes its check, restored; each one refused is passed over. */
  const restoreLatest = () =>
    inTurn(async () => {
      const refused: string[] = [];
      for (const b of listBackups(backupFolder)) {
        const file = join(backupFolder, b.name);
        try {
          await checkDatabaseFile(file);
        } catch (error) {
          refused.push(error instanceof Error ? error.message : String(error));
          continue;
        }
        return restoreNow(file);
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
      await engine.transaction(async (db) => {
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
  if (options.session && isFile) {
    const autoBackup = () => {
      if (damaged || !backupDue(backupFolder)) return;
      backupNow().catch((error: unknown) => log(`[needlebook] automatic backup failed: ${error instanceof Error ? error.name : typeof error}`));
    };
    setTimeout(autoBackup, 0).unref();
    timer = setInterval(autoBackup, 3600_000);
    timer.unref();
  }

  return {
    get engine() {
      return engine;
    },
    get service() {
      return service;
    },
    get damaged() {
      return damaged;
    },
    get backupFolder() {
      return backupFolder;
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
      await turn;
      if (options.session) await auditAlone(base, 'stop', 'app', null).catch(() => undefined);
      await engine.close();
      lock?.release();
    },
  };
}
