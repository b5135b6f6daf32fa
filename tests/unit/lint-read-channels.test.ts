import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS } from '../../shared/channels';
import { READ_CHANNELS } from '../../build/lint-read-channels.mjs';

/**
 * The lint rule that keeps every read in the renderer's query layer (eslint.config.js) names the
 * read channels by hand; this holds its list to the kinds declared in shared/channels.ts, from which
 * the renderer's READS come.
 */
describe('the one-way-to-read lint list', () => {
  it('names exactly the read and audited-read channels', () => {
    const reads = Object.entries(CHANNEL_KINDS)
      .filter(([, kind]) => kind === 'read' || kind === 'audited read')
      .map(([channel]) => channel);
    expect([...READ_CHANNELS].sort()).toEqual(reads.sort());
  });
});
