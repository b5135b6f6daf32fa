import type { Database } from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS } from './migrations';

export class DatabaseTooNewError extends Error {
  constructor(readonly fileVersion: number) {
    super(
      `This data file was written by a newer Needlebook (schema version ${fileVersion}); ` +
        `this copy understands up to version ${LATEST_VERSION}. Update Needlebook to open it — the file was not changed.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the file forward to `target` (the latest by default). All pending migrations run in one
 * transaction: a failure leaves the file exactly as it was. Migrations only ever move forward.
 */
export function migrate(db: Database, target = LATEST_VERSION): number {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) throw new DatabaseTooNewError(current);
  if (target < current) throw new Error(`Cannot migrate backwards from ${current} to ${target}`);
  if (current === target) return current;
  db.transaction(() => {
    for (let v = current + 1; v <= target; v++) {
      db.exec(MIGRATIONS[v - 1]!);
    }
    // user_version lives in the file header and is part of this transaction.
    db.pragma(`user_version = ${target}`);
  })();
  const problems = db.pragma('foreign_key_check') as unknown[];
  if (problems.length > 0) throw new Error(`Migration to ${target} left ${problems.length} broken references`);
  return target;
}
