import { openRaw } from './engine/cipher';
import { firstProblem, readOnlySqlite } from './engine/sqlite';
import { backupTo, checkDatabaseFile } from './backup';
import { verifyLedgerToHead, type HeadedReport } from './queries/ledger';
import type { BackupFile } from '../shared/backup';

/**
 * The heavy work on a data file that no practitioner's call should wait behind (issue 38): SQLite's
 * quick_check, the whole ledger re-hashed, a backup copied and checked, a backup's check. Each opens the file on
 * its own read-only connection, so it can run on a worker thread (db/off-path.ts) while the database
 * process's own connection keeps answering; an encrypted file is opened with the data key the worker
 * was handed in its message (db/engine/cipher.ts), never through the environment.
 */
export type FileTask =
  | { kind: 'quickCheck'; file: string }
  | { kind: 'verify'; file: string; at: string }
  | { kind: 'backup'; file: string; dest: string }
  | { kind: 'checkFile'; file: string };

export interface FileTaskResult {
  quickCheck: string;
  verify: HeadedReport;
  backup: BackupFile;
  checkFile: { version: number };
}

/** 'ok', or the first problem SQLite's quick_check names. */
function quickCheck(file: string): string {
  const raw = openRaw(file, { readonly: true, fileMustExist: true });
  try {
    const report = String(raw.pragma('quick_check', { simple: true }));
    return report === 'ok' ? 'ok' : firstProblem(report);
  } finally {
    raw.close();
  }
}

/**
 * The whole ledger verified inside one read transaction: in WAL mode that is one snapshot, so a
 * record signed on the main connection meanwhile is either wholly in what is read (row and seal)
 * or wholly out of it, never half.
 */
async function verifyFile(file: string, at: string): Promise<HeadedReport> {
  const engine = readOnlySqlite(file);
  try {
    engine.connection.exec('BEGIN');
    try {
      return await verifyLedgerToHead(engine, at);
    } finally {
      engine.connection.exec('COMMIT');
    }
  } finally {
    await engine.close();
  }
}

/** A backup made from a connection of its own: VACUUM INTO reads one snapshot, then the copy is checked in full (db/backup.ts). */
async function backupFile(file: string, dest: string): Promise<BackupFile> {
  const raw = openRaw(file, { readonly: true, fileMustExist: true });
  try {
    return await backupTo(raw, dest);
  } finally {
    raw.close();
  }
}

export async function runFileTask<T extends FileTask>(task: T): Promise<FileTaskResult[T['kind']]> {
  const t: FileTask = task;
  switch (t.kind) {
    case 'quickCheck':
      return quickCheck(t.file) as FileTaskResult[T['kind']];
    case 'verify':
      return (await verifyFile(t.file, t.at)) as FileTaskResult[T['kind']];
    case 'backup':
      return (await backupFile(t.file, t.dest)) as FileTaskResult[T['kind']];
    case 'checkFile':
      // A backup's whole check (integrity_check and its ledger re-hashed): the restore drill's, the recovery screen's.
      return (await checkDatabaseFile(t.file)) as FileTaskResult[T['kind']];
  }
}
