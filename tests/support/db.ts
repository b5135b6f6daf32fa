import type { Database } from 'better-sqlite3';
import type { ServiceImpl } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import type { Outcome } from '../../shared/outcome';
import type { DbContext } from '../../db/context';
import { openDatabase } from '../../db/open';
import { createService } from '../../db/service';
import { testClock } from './clock';

/** `:memory:` with every migration, a standing clock and a fixed actor. */
export function testDb(options: { targetVersion?: number } = {}) {
  const db: Database = openDatabase(':memory:', options);
  const clock = testClock();
  const ctx: DbContext = { db, now: clock.now, actor: 'test' };
  const service: ServiceImpl = createService(ctx, { appVersion: 'test', databaseFile: ':memory:' });
  /** Calls a channel the way the UI does: unknown input through the contract's schema. */
  const call = (channel: string, input: unknown): Outcome<unknown> =>
    dispatch(service, channel, input, (e) => {
      throw e;
    });
  return { db, clock, ctx, service, call };
}

export function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}

export function errorOf<T>(outcome: Outcome<T>) {
  if (outcome.ok) throw new Error('expected an error, got ok');
  return outcome.error;
}
