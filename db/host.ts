import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ServiceImpl } from '../shared/contract';
import { dispatch } from '../shared/dispatch';
import type { Outcome } from '../shared/outcome';
import { openDatabase } from './open';
import { createService } from './service';
import pkg from '../package.json' with { type: 'json' };

export interface Host {
  db: Database;
  service: ServiceImpl;
  /** Answers one call from `unknown` input: what IPC and the harness hand over. */
  handle(channel: unknown, input: unknown): Outcome<unknown>;
  close(): void;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Opens a data file for real use (the app's database process, the harness, the command line):
 * the wall clock, the OS account as the audit actor, and errors logged by id only.
 */
export function openHost(file: string, options: { actor?: string; log?: (line: string) => void } = {}): Host {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = openDatabase(file);
  const service = createService({ db, now: () => new Date(), actor: options.actor ?? osUser() }, { appVersion: pkg.version, databaseFile: file });
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return {
    db,
    service,
    handle: (channel, input) =>
      dispatch(service, channel, input, (error, c) => {
        // Only the channel and the error's kind: never input values, names or note text.
        const kind = error instanceof Error ? `${error.name}${'code' in error ? ` ${String(error.code)}` : ''}` : typeof error;
        log(`[needlebook] ${c} failed: ${kind}`);
      }),
    close: () => db.close(),
  };
}
