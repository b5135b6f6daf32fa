import { z } from 'zod';
import { plainText } from './fields';

/**
 * Which backups to keep: the newest 14 days' backups, and for each of the 12 newest months before
 * those the month's last backup. Pure, so the rotation is tested as a table. Backups are named
 * `needlebook-YYYY-MM-DD.db` (db/backup.ts); anything else in the folder is left alone.
 */
export const DAILY_KEPT = 14;
export const MONTHLY_KEPT = 12;
export const BACKUP_NAME = /^needlebook-(\d{4}-\d{2}-\d{2})\.db$/;

export function backupsToKeep(names: readonly string[]): { keep: string[]; remove: string[] } {
  const dated = names
    .map((name) => ({ name, day: BACKUP_NAME.exec(name)?.[1] }))
    .filter((b): b is { name: string; day: string } => b.day !== undefined)
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
}

export interface BackupStatus {
  folder: string;
  /** Where backups go unless the user chose a folder: beside the data file. */
  defaultFolder: string;
  /** Newest first. */
  backups: BackupFile[];
  /** Why there are none: PostgreSQL is backed up by the server. */
  note: string | null;
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
  /** Whether what is intact can be read: the file opened read-only and its clinic and providers read back. */
  canOpenReadOnly: boolean;
  folder: string;
  /** The newest backups of this file that pass their check, newest first (only while there is a problem). */
  backups: RecoveryBackup[];
}

export const restoreInput = z.strictObject({
  name: plainText('Backup', 100).refine((v) => BACKUP_NAME.test(v) || /^pre-restore-[\w-]+\.db$/.test(v), 'Choose a backup from the list'),
});

/** A folder for backups; empty goes back to the default beside the data file. Checked where it is used (db/host.ts). */
export const backupFolderInput = z.strictObject({ folder: plainText('Backup folder', 1000).transform((v) => v.trim()) });
