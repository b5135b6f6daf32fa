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
  /**
   * The day's pass over Review's rows in slices (db/queries/review-rows.ts, `passTheDay`): which
   * day it is for, the cases it has brought to today, and those of them turned to a kept next row
   * (made again later with a next of their own). One object per open database, shared by every
   * context made from it (copies of a context keep the same object).
   */
  reviewPass?: { mark: string; done: Set<number>; turned: Set<number>; running: Promise<void> | null };
}

/** Who saved a draft last, as another seat is told when its save is refused: the person, else the OS account. */
export const savedBy = (ctx: DbContext): string => ctx.seat?.name ?? ctx.actor;

export const timestamp = (ctx: DbContext): string => ctx.now().toISOString();

/**
 * Whether this seat may read note text: not the front desk, whose login the clinic's server refuses
 * it (db/clinic/roles.ts). Screens the front desk also uses (a case's timeline, billing) leave the
 * text out for it rather than be refused whole.
 */
export const readsNoteText = (ctx: DbContext): boolean => ctx.seat?.role !== 'front_desk';
