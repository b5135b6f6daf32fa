import { userInfo } from 'node:os';
import type { ServiceImpl } from '../shared/contract';
import { dispatch } from '../shared/dispatch';
import type { Outcome } from '../shared/outcome';
import { openEngine } from './engine/open';
import { lockDataFile } from './file-lock';
import { isPostgresUrl, type Engine } from './engine/types';
import { restoreGuards } from './guards';
import { audit } from './queries/audit';
import { sealExisting } from './queries/ledger';
import { createService } from './service';
import pkg from '../package.json' with { type: 'json' };

export interface Host {
  engine: Engine;
  service: ServiceImpl;
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
  const lock = isPostgresUrl(target) || target === ':memory:' ? null : lockDataFile(target, options.program ?? options.actor ?? 'Needlebook');
  let engine: Engine;
  try {
    engine = await openEngine(target);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const base = { db: engine, now: () => new Date(), actor: options.actor ?? osUser() };
  let guardsRestored: string[];
  try {
    // A guard dropped behind the app's back is put back (and audited) before anything is written;
    // a file from before the ledger has its signed records sealed once.
    guardsRestored = await restoreGuards(base);
    await engine.transaction(async (db) => {
      await sealExisting({ ...base, db });
      if (options.session) await audit({ ...base, db }, 'start', 'app', null);
      if (lock?.tookOver) await audit({ ...base, db }, 'update', 'lock', lock.tookOver.pid, 'stale lock of a process that is gone taken over');
    });
  } catch (error) {
    await engine.close();
    lock?.release();
    throw error;
  }
  const service = createService(base, {
    appVersion: pkg.version,
    databaseFile: engine.location,
    schemaVersion: () => engine.schemaVersion(),
    guardsRestored,
    requireSignIn: options.session ?? false,
  });
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return {
    engine,
    service,
    handle: (channel, input) =>
      dispatch(service, channel, input, (error, c) => {
        // Only the channel and the error's kind: never input values, names or note text.
        const kind = error instanceof Error ? `${error.name}${'code' in error ? ` ${String(error.code)}` : ''}` : typeof error;
        log(`[needlebook] ${c} failed: ${kind}`);
      }),
    close: async () => {
      if (options.session) await engine.transaction((db) => audit({ ...base, db }, 'stop', 'app', null)).catch(() => undefined);
      await engine.close();
      lock?.release();
    },
  };
}
