import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { BACKUP_NAME, backupsToKeep, type BackupFile } from '../shared/backup';
import { localIsoDate } from '../shared/validation/dates';
import { DomainError } from '../shared/outcome';
import { firstProblem, readOnlySqlite } from './engine/sqlite';
import { LATEST_VERSION } from './migrations';
import { verifyLedger } from './queries/ledger';
import { getSetting } from './queries/app-settings';
import type { Db } from './engine/types';
import type { BackupHead } from './integrity-check';

/**
 * Backups of a SQLite data file. A copy is made with SQLite's online backup API, never a file
 * copy, so a backup taken while the app writes is a consistent database with its WAL folded in.
 * A copy counts only once `integrity_check` and the signed-record verification pass on it.
 */
export const defaultBackupFolder = (dataFile: string) => join(dirname(dataFile), 'backups');

/**
 * Where a data file's backups go: the folder chosen in Settings (migration 14's `app_setting`), else
 * the default. A file from before version 14, or a damaged one, has no setting to read.
 */
export async function backupFolderOf(db: Db, dataFile: string): Promise<string> {
  const chosen = await getSetting({ db, now: () => new Date(), actor: 'backup' }, 'backup_folder').catch(() => null);
  return chosen ?? defaultBackupFolder(dataFile);
}

/** The first 16 bytes, where every SQLite database says what it is (a backup can be hundreds of MB: read no more). */
function sqliteHeader(file: string): string {
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return header.toString('latin1');
}

/**
 * Checks a would-be backup or restore source; each refusal says what is wrong with it, naming the
 * file as `shownAs`. `deep` adds the integrity check and the re-hash of every signed record: what a
 * backup copy and a restore source need. A file about to be copied needs only to be what it says,
 * since its copy gets the deep check.
 */
export async function checkDatabaseFile(file: string, { deep = true, shownAs = basename(file) } = {}): Promise<{ version: number }> {
  if (!existsSync(file)) throw new DomainError('not_found', `There is no file at ${file}.`);
  if (statSync(file).size === 0 || sqliteHeader(file) !== 'SQLite format 3\u0000')
    throw new DomainError('invalid_input', `${shownAs} is not a Needlebook data file (not a SQLite database).`);
  let engine;
  try {
    engine = readOnlySqlite(file);
  } catch {
    throw new DomainError('invalid_input', `${shownAs} cannot be opened as a database.`);
  }
  try {
    const raw = engine.connection;
    let integrity = 'ok';
    try {
      if (deep) integrity = String(raw.pragma('integrity_check', { simple: true }));
    } catch {
      integrity = 'unreadable';
    }
    if (integrity !== 'ok')
      throw new DomainError('invalid_input', `${shownAs} is damaged (SQLite integrity check: ${firstProblem(integrity)}). It was not used.`);
    const version = raw.pragma('user_version', { simple: true }) as number;
    const hasClinic = raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('clinic', 'patient', 'audit_log')").get() as {
      n: number;
    };
    if (version === 0 || hasClinic.n < 3) throw new DomainError('invalid_input', `${shownAs} is a SQLite database but not a Needlebook data file.`);
    if (version > LATEST_VERSION)
      throw new DomainError(
        'invalid_input',
        `${shownAs} was written by a newer Needlebook (schema ${version}; this one reads up to ${LATEST_VERSION}). Update Needlebook first.`,
      );
    if (deep && version === LATEST_VERSION) {
      const report = await verifyLedger(engine);
      if (report.problems.length > 0)
        throw new DomainError('invalid_input', `${shownAs} has ${report.problems.length} signed records that do not match their signatures.`);
    }
    return { version };
  } finally {
    await engine.close();
  }
}

/** Writes a verified copy of the open database to `dest` (through a temporary name, then renamed). */
export async function backupTo(source: BetterSqlite3.Database, dest: string): Promise<BackupFile> {
  mkdirSync(dirname(dest), { recursive: true });
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  const sidecars = [`${partial}-wal`, `${partial}-shm`];
  try {
    await source.backup(partial);
    // A backup is one self-contained file: out of WAL mode, so opening it (the check below, a copy
    // by hand) needs no -wal or -shm file beside it. A restore puts the data file back in WAL mode.
    // The backup API copies pages as they are, free pages and freed cell space included; VACUUM
    // rewrites the copy from its rows alone, so nothing deleted or overwritten travels in a backup.
    const copy = new BetterSqlite3(partial);
    try {
      copy.pragma('journal_mode = DELETE');
      copy.pragma('secure_delete = ON');
      copy.exec('VACUUM');
    } catch (error) {
      // A damaged source gives a damaged copy that VACUUM cannot read: the check says what is wrong with it.
      copy.close();
      await checkDatabaseFile(partial, { shownAs: `The backup ${basename(dest)}` });
      throw error;
    } finally {
      if (copy.open) copy.close();
    }
    await checkDatabaseFile(partial, { shownAs: `The backup ${basename(dest)}` });
    renameSync(partial, dest);
  } catch (error) {
    // The refused copy goes, with the WAL and shared-memory files its check opened beside it.
    for (const f of [partial, ...sidecars]) rmSync(f, { force: true });
    throw error;
  }
  for (const f of sidecars) rmSync(f, { force: true });
  const s = statSync(dest);
  return { name: basename(dest), at: s.mtime.toISOString(), bytes: s.size };
}

export function listBackups(folder: string): BackupFile[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => BACKUP_NAME.test(name) || /^pre-restore-[\w-]+\.db$/.test(name))
    .map((name) => {
      const s = statSync(join(folder, name));
      return { name, at: s.mtime.toISOString(), bytes: s.size };
    })
    .sort((a, b) => (a.at < b.at ? 1 : -1));
}

/** Today's backup (replacing one made earlier today), then the rotation: 14 daily and 12 monthly kept. */
export async function dailyBackup(source: BetterSqlite3.Database, folder: string, now = new Date()): Promise<BackupFile> {
  const made = await backupTo(source, join(folder, `needlebook-${localIsoDate(now)}.db`));
  const { remove } = backupsToKeep(readdirSync(folder));
  for (const name of remove) rmSync(join(folder, name), { force: true });
  return made;
}

/** Whether the newest daily backup is more than a day old (or there is none). */
export function backupDue(folder: string, now = new Date()): boolean {
  const newest = listBackups(folder).find((b) => BACKUP_NAME.test(b.name));
  return !newest || now.getTime() - Date.parse(newest.at) > 24 * 3600 * 1000;
}

/**
 * Replaces `file` with the database in `from`, which must be closed by the caller. The source is
 * copied (backup API) to a temporary file beside the target, which then takes the target's place
 * in one rename; the old WAL and shared-memory files go first, so they cannot be replayed onto it.
 */
export async function replaceDataFile(file: string, from: string): Promise<void> {
  const staging = `${file}.restoring`;
  rmSync(staging, { force: true });
  const src = new BetterSqlite3(from, { readonly: true, fileMustExist: true });
  try {
    await src.backup(staging);
  } finally {
    src.close();
  }
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(staging, file);
}

/**
 * The ledger head a backup carries: its last row's number and chain hash. A backup is a consistent
 * copy of the whole database, so its own ledger is the record of how far the ledger had come when
 * it was made; null for a file that cannot be read or has no ledger (before version 13).
 */
export function backupHead(file: string): BackupHead | null {
  try {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT seq, chain_hash AS "chainHash" FROM signed_ledger ORDER BY seq DESC LIMIT 1').get() as
        { seq: number; chainHash: string } | undefined;
      return row ? { name: basename(file), seq: row.seq, chainHash: row.chainHash } : null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/**
 * The head of the newest backup the data file's ledger must still hold: the newest daily backup
 * made after the last restore (a restore of an older backup shortens the ledger on purpose, and is
 * audited). `needlebook check` names a ledger shorter than it, or different at its last row.
 */
export async function newestBackupHead(db: Db, dataFile: string): Promise<BackupHead | null> {
  const folder = await backupFolderOf(db, dataFile);
  const restored = (await db.get<{ at: string | null }>("SELECT max(at) AS at FROM audit_log WHERE action = 'restore'"))?.at ?? null;
  for (const b of listBackups(folder)) {
    if (!BACKUP_NAME.test(b.name)) continue;
    if (restored !== null && b.at <= restored) break;
    const head = backupHead(join(folder, b.name));
    if (head) return head;
  }
  return null;
}
