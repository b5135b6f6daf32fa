import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, ipcChannel, type Channel } from '../shared/contract';
import { parseInput } from '../shared/dispatch';
import type { Outcome } from '../shared/outcome';
import { isTrustedSender } from './security';

export type Forward = (channel: Channel, input: unknown) => Promise<Outcome<unknown>>;

const FORBIDDEN: Outcome<never> = { ok: false, error: { code: 'forbidden', message: 'Request refused', fields: {} } };

/**
 * One `ipcMain.handle` per contract channel. The input arrives as `unknown`, is parsed with the
 * channel's schema here in main, and only then handed to the database process.
 */
export function registerContract(ipcMain: Pick<IpcMain, 'handle'>, forward: Forward): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannel(channel), (event: IpcMainInvokeEvent, raw: unknown) => answer(channel, event, raw, forward));
  }
}

export async function answer(channel: Channel, event: Pick<IpcMainInvokeEvent, 'senderFrame'>, raw: unknown, forward: Forward): Promise<Outcome<unknown>> {
  if (!isTrustedSender(event.senderFrame)) return FORBIDDEN;
  const parsed = parseInput(channel, raw);
  if (!parsed.ok) return parsed;
  // The database process parses the raw input again with the same schema: it trusts no one either.
  return forward(channel, raw);
}
