import type { WrappedKey } from '../db/key-custody';
import type { Outcome } from '../shared/outcome';

/** Messages between the main process and the database utility process. */
export interface DbRequest {
  id: number;
  channel: string;
  input: unknown;
}

/** The first message to the database process: the data key from the keychain (hex), or none (electron/key-at-launch.ts). */
export interface DbOpen {
  kind: 'open';
  key: string | null;
  /** A plain file's spare key, wrapped by the keychain, for encrypting it from Settings (electron/key-at-launch.ts). */
  spare: { key: string; wrapped: WrappedKey } | null;
}

export type DbMessage = { kind: 'ready' } | { kind: 'fatal'; message: string } | { kind: 'reply'; id: number; outcome: Outcome<unknown> };
