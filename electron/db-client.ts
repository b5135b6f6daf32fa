import type { UtilityProcess } from 'electron';
import type { Channel } from '../shared/contract';
import type { Outcome } from '../shared/outcome';
import type { DbMessage, DbRequest } from './db-messages';

const LOST: Outcome<never> = {
  ok: false,
  error: { code: 'internal', message: 'The database process stopped; nothing more was saved. Needlebook starts it again for recovery: try again.', fields: {} },
};

/** The main side of the database process: numbered requests, one pending promise each. */
export function connectDb(child: UtilityProcess): { ready: Promise<void>; call: (channel: Channel, input: unknown) => Promise<Outcome<unknown>> } {
  let nextId = 1;
  const pending = new Map<number, (o: Outcome<unknown>) => void>();
  let settleReady: { resolve: () => void; reject: (e: Error) => void };
  const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));

  child.on('message', (message: DbMessage) => {
    if (message.kind === 'ready') settleReady.resolve();
    else if (message.kind === 'fatal') settleReady.reject(new Error(message.message));
    else {
      pending.get(message.id)?.(message.outcome);
      pending.delete(message.id);
    }
  });
  let gone = false;
  child.on('exit', () => {
    gone = true;
    settleReady.reject(new Error('The database process exited before it was ready.'));
    for (const resolve of pending.values()) resolve(LOST);
    pending.clear();
  });

  return {
    ready,
    call: (channel, input) =>
      new Promise((resolve) => {
        // A process that is gone answers nothing more: said at once rather than waited on for ever.
        if (gone) return resolve(LOST);
        const id = nextId++;
        pending.set(id, resolve);
        child.postMessage({ id, channel, input } satisfies DbRequest);
      }),
  };
}

/** What the recovery screen says when the database process had to be started again. */
export const DB_STOPPED = 'The database process stopped unexpectedly while your data file was open.';
/** A process that keeps dying is not started for ever: after this many, calls say it stopped. */
const MAX_RESTARTS = 3;

/**
 * The database process, watched: if it dies (a crash in the native driver on a damaged page, the
 * OS ending it), a new one is started in recovery mode — it does not open the data file again,
 * which may be what killed the first, and serves only the recovery screen (db/host.ts,
 * `recoverOnly`) — so the window shows what happened and the backups, never a dead end. `ready`
 * settles once, with the first process that opens (or refuses at open, a `fatal`); calls never
 * reject: a process that is gone answers as an error, which the window shows.
 */
export function superviseDb(start: (recovery: string | null) => UtilityProcess): {
  ready: Promise<void>;
  call: (channel: Channel, input: unknown) => Promise<Outcome<unknown>>;
} {
  let restarts = 0;
  let settle: { resolve: () => void; reject: (e: Error) => void };
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let current: ReturnType<typeof connectDb>;
  const launch = (recovery: string | null) => {
    const child = start(recovery);
    const link = connectDb(child);
    current = link;
    link.ready.then(
      () => settle.resolve(),
      () => undefined,
    );
    child.on('message', (message: DbMessage) => {
      if (message.kind === 'fatal') settle.reject(new Error(message.message));
    });
    child.on('exit', () => {
      if (restarts >= MAX_RESTARTS) return settle.reject(new Error('The database process keeps stopping. Restart Needlebook.'));
      restarts++;
      launch(DB_STOPPED);
    });
  };
  launch(null);
  return {
    ready,
    call: (channel, input) => {
      // The process on duty when the call is made answers it, or says it stopped.
      const link = current;
      return link.ready.then(
        () => link.call(channel, input),
        (error: unknown) =>
          ({ ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error), fields: {} } }) as Outcome<never>,
      );
    },
  };
}
