import type { Seat } from '../shared/session';
import type { Db } from './engine/types';

/**
 * What every query module needs: the database (or the transaction it is in), the clock and who
 * is acting. Injected for tests.
 */
export interface DbContext {
  db: Db;
  now: () => Date;
  /** The OS account (or `cli`) — audit rows carry it; logs carry ids only. */
  actor: string;
  /** The provider signed in at the keyboard, if any: the audit's `provider_id`. */
  providerId?: () => number | null;
  /** On a clinic's server: the person whose login this seat uses (db/clinic/seat.ts). */
  seat?: Seat | null;
}

/** Who saved a draft last, as another seat is told when its save is refused: the person, else the OS account. */
export const savedBy = (ctx: DbContext): string => ctx.seat?.name ?? ctx.actor;

export const timestamp = (ctx: DbContext): string => ctx.now().toISOString();
