import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS, CHANNEL_NAMES, OPEN_CHANNELS, type ChannelKind } from '../../shared/channels';
import { CHANNELS, contract } from '../../shared/contract';
import type { DbContext } from '../../db/context';
import type { Db } from '../../db/engine/types';
import { createService } from '../../db/service';
import { isWrite, READS } from '../../renderer/src/query';

/**
 * A channel's kind (shared/channels.ts) decides how the service runs it, and what the renderer
 * does after it: checked for every channel against a database that records what is asked of it.
 */
class Stop extends Error {}

function recordingService() {
  const asked: string[] = [];
  const refuse = () => {
    asked.push('statement');
    throw new Stop();
  };
  const db = {
    dialect: { kind: 'sqlite' },
    readOnly: false,
    get: refuse,
    all: refuse,
    run: refuse,
    insert: refuse,
    exec: refuse,
    transaction: () => {
      asked.push('transaction');
      throw new Stop();
    },
  } as unknown as Db;
  const ctx: DbContext = { db, now: () => new Date('2026-12-06T10:00:00Z'), actor: 'test' };
  const service = createService(ctx, { appVersion: 'test', databaseFile: '', schemaVersion: async () => 0 });
  return { service, asked };
}

/** The first thing each kind asks of the database. */
const FIRST: Partial<Record<ChannelKind, string>> = {
  write: 'transaction',
  'quiet write': 'transaction',
  export: 'transaction',
  'audited read': 'transaction',
};

describe('channel kinds (shared/channels.ts)', () => {
  it('names every channel of the contract once, and nothing else', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual([...CHANNELS].sort());
    for (const c of OPEN_CHANNELS) expect(Object.hasOwn(contract, c)).toBe(true);
  });

  it.each(CHANNEL_NAMES.filter((c) => FIRST[CHANNEL_KINDS[c]]))('runs %s in one transaction, before any statement', async (channel) => {
    const { service, asked } = recordingService();
    const input = channel === 'listPatients' ? { search: 'ana' } : {};
    await Promise.resolve()
      .then(() => (service[channel] as (i: unknown) => Promise<unknown>)(input))
      .catch((e: unknown) => {
        if (!(e instanceof Stop) && !(e instanceof TypeError)) throw e;
      });
    expect(asked[0]).toBe('transaction');
  });

  it.each(CHANNEL_NAMES.filter((c) => CHANNEL_KINDS[c] === 'read'))('reads %s outside any transaction of its own', async (channel) => {
    const { service, asked } = recordingService();
    await Promise.resolve()
      .then(() => (service[channel] as (i: unknown) => Promise<unknown>)({ includeInactive: true }))
      .catch(() => undefined);
    expect(asked).not.toContain('transaction');
  });

  it('gives the renderer its reads, and a write for every call that changes what a screen shows', () => {
    expect([...READS].sort()).toEqual(CHANNEL_NAMES.filter((c) => ['read', 'audited read'].includes(CHANNEL_KINDS[c])).sort());
    for (const c of CHANNEL_NAMES) expect(isWrite(c), c).toBe(['write', 'steps'].includes(CHANNEL_KINDS[c]));
  });
});
