import type { Database } from 'better-sqlite3';

/** What every query module needs: the connection, the clock and who is acting. Injected for tests. */
export interface DbContext {
  db: Database;
  now: () => Date;
  /** The OS account (or `cli`) — audit rows carry it; logs carry ids only. */
  actor: string;
}

export const timestamp = (ctx: DbContext): string => ctx.now().toISOString();
