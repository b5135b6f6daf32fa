import type { Outcome } from '../../shared/outcome';

/** What the harness's database thread is opened with (tests/harness/db-thread.ts). */
export interface HarnessDb {
  dbFile: string;
  /** The file's passphrase or recovery key, or null for a plain file. */
  key: string | null;
  keyInWindow: boolean;
  recoverOnly: string | null;
  /** Whether the host's log lines are passed back. */
  log: boolean;
}

/** Messages from the database thread: as the app's database process says them (electron/db-messages.ts), with the open's time and log lines. */
export type ThreadMessage =
  | { kind: 'ready'; openMs: number }
  | { kind: 'fatal'; message: string }
  | { kind: 'log'; line: string }
  | { kind: 'closed' }
  | { kind: 'reply'; id: number; outcome: Outcome<unknown> };
