import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hasDataKey, isPlainFile, LockedFileError, openRaw, WRONG_KEY, type RawDb } from './engine/cipher';
import { BACKUP_NAME, backupOwner, backupsToKeep, dailyName, preRestoreName, type BackupFile } from '../shared/backup';
import { localIsoDate } from '../shared/validation/dates';
import { DomainError } from '../shared/outcome';
import { firstProblem, readOnlySqlite } from './engine/sqlite';
import { LATEST_VERSION } from './migrations';
import { verifyLedger } from './queries/ledger';
import { getSetting } from './queries/app-settings';
import type { Db } from './engine/types';
import type { BackupHead } from './integrity-check';
import { knownIdOf } from './file-identity';

/**
 * Backups of a SQLite data file. A copy is made by SQLite (VACUUM INTO), never a file copy, so a
 * backup taken while the app writes is a consistent database with its WAL folded in.
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

/**
 * Checks a would-be backup or restore source; each refusal says what is wrong with it, naming the
 * file as `shownAs`. `deep` adds the integrity check and the re-hash of every signed record: what a
 * backup copy and a restore source need. A file about to be copied needs only to be what it says,
 * since its copy gets the deep check.
 */
export async function checkDatabaseFile(file: string, { deep = true, shownAs = basename(file) } = {}): Promise<{ version: number }> {
  if (!existsSync(file)) throw new DomainError('not_found', `There is no file at ${file}.`);
  if (statSync(file).size === 0 || (!isPlainFile(file) && !hasDataKey()))
    throw new DomainError('invalid_input', `${shownAs} is not a Needlebook data file (not a SQLite database, or an encrypted one opened without its key).`);
  let engine;
  try {
    engine = readOnlySqlite(file);
  } catch (error) {
    if (error instanceof LockedFileError) throw new DomainError('invalid_input', `${shownAs}: ${WRONG_KEY} It was not used.`);
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

/**
 * A backup that could not be written, said by what happened to the place: a full disk, a folder
 * that is not there (a drive unplugged), one that cannot be written to, a drive error. Never the
 * driver's raw "database or disk is full". The caller has already removed what was partly written.
 */
export function backupFailure(error: unknown, folder: string): unknown {
  if (error instanceof DomainError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const nothingLeft = 'Nothing of the backup was left there.';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT')
    return new DomainError(
      'storage',
      `The backup did not fit in ${folder}: the disk there is full. ${nothingLeft} Free some space there or choose another folder.`,
    );
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new DomainError('storage', `The backup folder ${folder} is not there (a drive not connected, a folder moved or deleted). ${nothingLeft}`);
  if (['EACCES', 'EPERM', 'EROFS'].includes(code) || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))
    return new DomainError('storage', `The backup folder ${folder} cannot be written to (read-only, or not yours to write). ${nothingLeft}`);
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO')
    return new DomainError('storage', `The backup could not be written to ${folder}: the drive reported an error. ${nothingLeft}`);
  return error;
}

/** Writes a verified copy of the open database to `dest` (through a temporary name, then renamed). */
export async function backupTo(source: RawDb, dest: string): Promise<BackupFile> {
  const partial = `${dest}.partial`;
  const sidecars = [`${partial}-wal`, `${partial}-shm`];
  try {
    mkdirSync(dirname(dest), { recursive: true });
    rmSync(partial, { force: true });
    // VACUUM INTO writes the copy from the rows alone, in one consistent read with the WAL folded
    // in: no free page or freed cell space travels in a backup, so nothing deleted or overwritten
    // does. An encrypted file's copy is encrypted with the same key, page by page as it is written
    // (the backup API cannot copy between encrypted files).
    try {
      source.prepare('VACUUM INTO ?').run(partial);
    } catch (error) {
      // A damaged data file cannot be copied whole: say where the damage is, not the driver's words.
      if (!String((error as { code?: unknown }).code).startsWith('SQLITE_CORRUPT')) throw error;
      const found = firstProblem(String(source.pragma('integrity_check', { simple: true })));
      throw new DomainError(
        'storage',
        `The backup ${basename(dest)} could not be made: the data file is damaged (SQLite integrity check: ${found}). Restore the latest good backup.`,
      );
    }
    // A backup is one self-contained file: out of WAL mode, so opening it (the check below, a copy
    // by hand) needs no -wal or -shm file beside it. A restore puts the data file back in WAL mode.
    const copy = openRaw(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    await checkDatabaseFile(partial, { shownAs: `The backup ${basename(dest)}` });
    renameSync(partial, dest);
  } catch (error) {
    // The refused copy goes, with the WAL and shared-memory files its check opened beside it.
    for (const f of [partial, ...sidecars]) rmSync(f, { force: true });
    throw backupFailure(error, dirname(dest));
  }
  for (const f of sidecars) rmSync(f, { force: true });
  const s = statSync(dest);
  return { name: basename(dest), at: s.mtime.toISOString(), bytes: s.size, fileId: backupOwner(basename(dest)) ?? null, encrypted: !isPlainFile(dest) };
}

/**
 * The backups in `folder` that a file with id `fileId` may restore, newest first: its own, and those
 * made before files had ids (whose they are no name says: a restore of one asks first). Another
 * file's backups are never listed — unless `fileId` is 'any': a file whose id cannot be read any
 * more (its header destroyed and nothing beside it) may be any of them.
 */
export function listBackups(folder: string, fileId: string | null | 'any'): BackupFile[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => ({ name, owner: backupOwner(name) }))
    .filter((b): b is { name: string; owner: string | null } => b.owner !== undefined && (fileId === 'any' || b.owner === null || b.owner === fileId))
    .map(({ name, owner }) => {
      const s = statSync(join(folder, name));
      return { name, at: s.mtime.toISOString(), bytes: s.size, fileId: owner, encrypted: !isPlainFile(join(folder, name)) };
    })
    .sort((a, b) => (a.at < b.at ? 1 : -1));
}

/**
 * Today's backup of the file (replacing one it made earlier today), then its rotation: 14 daily and
 * 12 monthly kept. `source` is an open connection, or what makes and checks the copy elsewhere (the
 * app's off a worker thread's own connection, db/off-path.ts).
 */
export async function dailyBackup(
  source: RawDb | ((dest: string) => Promise<BackupFile>),
  folder: string,
  fileId: string | null,
  now = new Date(),
): Promise<BackupFile> {
  const dest = join(folder, dailyName(fileId, localIsoDate(now)));
  const made = typeof source === 'function' ? await source(dest) : await backupTo(source, dest);
  const { remove } = backupsToKeep(readdirSync(folder), fileId);
  for (const name of remove) rmSync(join(folder, name), { force: true });
  return made;
}

/**
 * Whether the file has no backup of its own for today (by the date in its name: a copy of the folder
 * resets every file's time). Another file's backup of today never counts.
 */
export function backupDue(folder: string, fileId: string | null, now = new Date()): boolean {
  return !existsSync(join(folder, dailyName(fileId, localIsoDate(now))));
}

/**
 * What is wrong with a data file, in one sentence, found without writing to it and without the
 * app's open (which a damaged header or an empty file stops short); null when it opens and passes
 * SQLite's quick_check. A restore and `needlebook check` both start here, so no kind of damage
 * stops either of them.
 */
export function fileProblem(file: string): string | null {
  if (!existsSync(file)) return existsSync(`${file}-wal`) ? 'The data file is missing (only its -wal file is left).' : 'The data file is missing.';
  const size = statSync(file).size;
  if (size === 0) return 'The data file is empty (0 bytes): its contents were lost, by a failed copy, sync or full disk.';
  if (size < 100 || (!isPlainFile(file) && !hasDataKey()))
    return 'The data file does not begin as a database should: its first bytes are damaged or overwritten, or it is another kind of file (or an encrypted one, opened without its key).';
  let raw: RawDb | undefined;
  try {
    raw = openRaw(file, { readonly: true, fileMustExist: true });
    const quick = String(raw.pragma('quick_check', { simple: true }));
    if (quick !== 'ok') return `The data file is damaged (SQLite quick_check: ${firstProblem(quick)}).`;
    const tables = raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('clinic', 'patient', 'audit_log')").get() as {
      n: number;
    };
    if (tables.n < 3) return 'The data file is a database but not a Needlebook data file.';
    return null;
  } catch (error) {
    if (error instanceof LockedFileError) return `${WRONG_KEY} (Or its first page is damaged: an encrypted page that does not match its check is never read.)`;
    const code = (error as { code?: unknown }).code;
    return `The data file cannot be read as a database (${typeof code === 'string' ? code : 'unreadable'}): it is damaged.`;
  } finally {
    raw?.close();
  }
}

/** A file kept out of the way by a restore: renamed where it can be, copied then removed across drives. */
function moveAside(file: string, to: string): void {
  try {
    renameSync(file, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(file, to);
    rmSync(file);
  }
}

/** Time in a file name: sortable, and without the colons some drives refuse. */
export const fileStamp = (now = new Date()) => now.toISOString().replace(/[:.]/g, '-');

/**
 * Puts the backup `from` in the place of the data file `target`, which nobody has open, whatever
 * state the target is in. The backup is checked in full first (a refused one changes nothing). A
 * target that still opens and passes quick_check is kept as `pre-restore-<file id>-<time>.db` through the
 * backup API, so the list offers it to undo the restore; anything else (empty, a destroyed header,
 * zeroed or missing pages, cut short, not a database) is never opened: it is moved as it is to
 * `damaged-<time>.db`, a name no restore offers, its -wal beside it. A missing target has nothing
 * to keep. Returns the kept file's name.
 */
export async function putBackupInPlace(
  target: string,
  from: string,
  folder: string,
  fileId: string | null,
  now = new Date(),
): Promise<{ kept: string | null; problem: string | null }> {
  await checkDatabaseFile(from);
  mkdirSync(folder, { recursive: true });
  const problem = fileProblem(target);
  const missing = !existsSync(target);
  let kept: string | null = null;
  if (!missing && problem === null) {
    kept = preRestoreName(fileId, fileStamp(now));
    const current = openRaw(target, { readonly: true, fileMustExist: true });
    try {
      current.prepare('VACUUM INTO ?').run(join(folder, kept));
    } finally {
      current.close();
    }
  } else if (!missing) {
    kept = `damaged-${fileStamp(now)}.db`;
    moveAside(target, join(folder, kept));
    if (existsSync(`${target}-wal`)) moveAside(`${target}-wal`, join(folder, `${kept}-wal`));
  }
  await replaceDataFile(target, from);
  return { kept, problem: missing ? 'The data file is missing.' : problem };
}

/**
 * Replaces `file` with the database in `from`, which must be closed by the caller. The source is
 * copied (backup API) to a temporary file beside the target, which then takes the target's place
 * in one rename; the old WAL and shared-memory files go first, so they cannot be replayed onto it.
 */
export async function replaceDataFile(file: string, from: string): Promise<void> {
  const staging = `${file}.restoring`;
  rmSync(staging, { force: true });
  const src = openRaw(from, { readonly: true, fileMustExist: true });
  try {
    src.prepare('VACUUM INTO ?').run(staging);
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
    const db = openRaw(file, { readonly: true, fileMustExist: true });
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
  // This file's own daily backups (and those from before files had ids), newest first.
  for (const b of listBackups(folder, knownIdOf(dataFile))) {
    if (!BACKUP_NAME.test(b.name)) continue;
    if (restored !== null && b.at <= restored) break;
    const head = backupHead(join(folder, b.name));
    if (head) return head;
  }
  return null;
}
