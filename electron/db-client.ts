import type { UtilityProcess } from 'electron';
import type { Channel } from '../shared/contract';
import type { Outcome } from '../shared/outcome';
import type { DbMessage, DbRequest } from './db-messages';

const LOST: Outcome<never> = {
  ok: false,
  error: { code: 'internal', message: 'The database process stopped; nothing more was saved. Restart Needlebook.', fields: {} },
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
  child.on('exit', () => {
    settleReady.reject(new Error('The database process exited before it was ready.'));
    for (const resolve of pending.values()) resolve(LOST);
    pending.clear();
  });

  return {
    ready,
    call: (channel, input) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        child.postMessage({ id, channel, input } satisfies DbRequest);
      }),
  };
}
