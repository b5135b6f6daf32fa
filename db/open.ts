import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrate';

export interface OpenOptions {
  /** Stop at this schema version (tests of migrations only). */
  targetVersion?: number;
}

/**
 * Opens (creating if needed) a Needlebook file and brings it up to date. The pragmas are set on
 * every open because SQLite does not remember foreign_keys or synchronous in the file.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: a signed note must survive a power cut the moment it is saved.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.targetVersion);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
