import type { Outcome } from '../shared/outcome';

/** Messages between the main process and the database utility process. */
export interface DbRequest {
  id: number;
  channel: string;
  input: unknown;
}

export type DbMessage = { kind: 'ready' } | { kind: 'fatal'; message: string } | { kind: 'reply'; id: number; outcome: Outcome<unknown> };
