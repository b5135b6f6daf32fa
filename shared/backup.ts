import type { DataFileLock } from './data-key';
import { z } from 'zod';
import { plainText } from './fields';

/**
 * Which backups to keep: the newest 14 days' backups, and for each of the 12 newest months before
 * those the month's last backup. Pure, so the rotation is tested as a table. Backups are named
 * `needlebook-<file id>-YYYY-MM-DD.db` (db/backup.ts, db/file-identity.ts), and before files had
 * ids `needlebook-YYYY-MM-DD.db`. Each file's backups are rotated apart from every other file's:
 * `fileId` says whose (null: the names without an id). Anything else in the folder is left alone.
 */
export const DAILY_KEPT = 14;
export const MONTHLY_KEPT = 12;
export const BACKUP_NAME = /^needlebook-(?:([0-9a-f]{8})-)?(\d{4}-\d{2}-\d{2})\.db$/;
/** The state before a restore, kept as a backup the list offers (the file's id in it since issue 32). */
export const PRE_RESTORE_NAME = /^pre-restore-(?:([0-9a-f]{8})-)?(\d{4}-\d{2}-\d{2}T[\w-]+)\.db$/;

/** Today's backup of a file: named by its id, so two files in one folder never share one. */
export const dailyName = (fileId: string | null, day: string) => (fileId ? `needlebook-${fileId}-${day}.db` : `needlebook-${day}.db`);
export const preRestoreName = (fileId: string | null, stamp: string) => (fileId ? `pre-restore-${fileId}-${stamp}.db` : `pre-restore-${stamp}.db`);

/** Whose backup a name says it is: a file's id, null for a name from before ids, undefined for no backup at all. */
export function backupOwner(name: string): string | null | undefined {
  const m = BACKUP_NAME.exec(name) ?? PRE_RESTORE_NAME.exec(name);
  return m ? (m[1] ?? null) : undefined;
}

export function backupsToKeep(names: readonly string[], fileId: string | null = null): { keep: string[]; remove: string[] } {
  const dated = names
    .map((name) => ({ name, m: BACKUP_NAME.exec(name) }))
    .filter((b) => b.m !== null && (b.m[1] ?? null) === fileId)
    .map((b) => ({ name: b.name, day: b.m![2]! }))
    .sort((a, b) => (a.day < b.day ? 1 : -1));
  const keep = new Set(dated.slice(0, DAILY_KEPT).map((b) => b.name));
  const months = new Set<string>();
  for (const b of dated.slice(DAILY_KEPT)) {
    const month = b.day.slice(0, 7);
    if (months.has(month) || months.size >= MONTHLY_KEPT) continue;
    months.add(month);
    keep.add(b.name);
  }
  return { keep: dated.filter((b) => keep.has(b.name)).map((b) => b.name), remove: dated.filter((b) => !keep.has(b.name)).map((b) => b.name) };
}

export interface BackupFile {
  name: string;
  at: string;
  bytes: number;
  /** The file it belongs to, by its name; null for a backup made before files had ids (whose, no name says). */
  fileId: string | null;
  /** Whether it is encrypted at rest; a plain one was made before the data file was encrypted (docs/encryption.md). */
  encrypted: boolean;
}

/** One place's part of a restore drill: its newest backup opened and checked as a restore would. */
export interface DrillPlace {
  folder: string;
  /** The backup checked; null when the place had none of this file's. */
  backup: string | null;
  ok: boolean;
  problem: string | null;
}

/** The weekly restore drill (db/host.ts): the latest backup in each place opens, passes integrity_check, and its ledger verifies. */
export interface DrillResult {
  at: string;
  ok: boolean;
  places: DrillPlace[];
}

/** How often the drill runs, and how long a file may go without a backup reaching its second place before Review says so. */
export const DRILL_EVERY_DAYS = 7;
export const SECOND_PLACE_DAYS = 7;

export interface BackupStatus {
  folder: string;
  /** Where backups go unless the user chose a folder: beside the data file. */
  defaultFolder: string;
  /** Newest first. */
  backups: BackupFile[];
  /** Why there are none: PostgreSQL is backed up by the server. */
  note: string | null;
  /** The second place every backup is also written to (an external drive, a synced folder), or none. */
  secondFolder: string | null;
  /** This file's backups there, newest first. */
  secondBackups: BackupFile[];
  /** The last restore drill, or none yet. */
  drill: DrillResult | null;
  /** What Review warns about: no backup in a second place for a week, a failed drill. */
  warnings: string[];
}

/** A backup the recovery screen offers: one that passed its check, with what it holds. */
export interface RecoveryBackup extends BackupFile {
  patients: number;
  signedVisits: number;
}

/**
 * What the window shows before anything else (renderer/src/screens/Recovery.tsx): why the data file
 * could not be opened whole, and the way back. `problem` is null when it opened whole.
 */
export interface RecoveryStatus {
  problem: string | null;
  /** The file is encrypted and waits for its key, or is new and waits for a passphrase (shared/data-key.ts); null when neither. */
  locked?: DataFileLock | null;
  /** Whether what is intact can be read: the file opened read-only and its clinic and providers read back. */
  canOpenReadOnly: boolean;
  folder: string;
  /** The newest backups of this file that pass their check, newest first (only while there is a problem). */
  backups: RecoveryBackup[];
  /** SQLite's quick_check of the file is still running off the calls' path (db/host.ts): ask again for what it finds. */
  checking?: boolean;
}

export const restoreInput = z.strictObject({
  name: plainText('Backup', 100).refine((v) => backupOwner(v) !== undefined, 'Choose a backup from the list'),
  /** Asked after a warning: the backup belongs to another data file (or to no file known), and is to replace this one anyway. */
  otherFile: z.boolean().optional(),
});

/** A folder for backups; empty goes back to the default beside the data file. Checked where it is used (db/host.ts). */
export const backupFolderInput = z.strictObject({ folder: plainText('Backup folder', 1000).transform((v) => v.trim()) });
