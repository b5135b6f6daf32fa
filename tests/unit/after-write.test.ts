import { afterEach, describe, expect, it } from 'vitest';
import { afterWrite, queryClient } from '../../renderer/src/query';

/**
 * What a successful call marks stale in the renderer's cache (renderer/src/query.ts): after a
 * write, every read but the fixed ones; after a sign-in or an unlock, not the open channels'
 * good answers, which are the same whoever asks (three calls fewer ahead of Review's at launch).
 */
const ok = (value: unknown) => ({ ok: true, value });
const refused = { ok: false, error: { code: 'forbidden', message: 'Sign in first', fields: {} } };

function cacheBeforeSignIn() {
  queryClient.clear();
  const answers: [string, unknown][] = [
    ['getClinic', ok({ name: 'Riverside Needling' })],
    ['listProviders', ok([])],
    ['listProviders-refused', refused],
    ['recoveryKey', refused],
    ['listPhrases', ok([])],
    ['integrity', ok({ scope: 'since last verified', pending: false })],
  ];
  for (const [key, answer] of answers) {
    const [channel, variant] = key.split('-');
    queryClient.setQueryData([channel, variant ? { includeInactive: true } : {}], answer);
  }
}

const stale = () =>
  queryClient
    .getQueryCache()
    .getAll()
    .filter((q) => q.isStale() && q.state.isInvalidated)
    .map((q) => `${String(q.queryKey[0])}${Object.keys(q.queryKey[1] as object).length ? '-refused' : ''}`)
    .sort();

afterEach(() => queryClient.clear());

describe('reads marked stale after a call', () => {
  it.each([
    // A write: everything the screens show may have changed; the file's own checks stay.
    ['saveClinic', ['getClinic', 'listPhrases', 'listProviders', 'listProviders-refused', 'recoveryKey']],
    ['savePatient', ['getClinic', 'listPhrases', 'listProviders', 'listProviders-refused', 'recoveryKey']],
    // Who asks changed: what was refused before is asked again, as is anything that is not an open channel's.
    ['signIn', ['listPhrases', 'listProviders-refused', 'recoveryKey']],
    ['unlock', ['listPhrases', 'listProviders-refused', 'recoveryKey']],
    // Signing out or locking changes what may be shown: everything is asked again.
    ['signOut', ['getClinic', 'listPhrases', 'listProviders', 'listProviders-refused', 'recoveryKey']],
  ])('after %s', (channel, expected) => {
    cacheBeforeSignIn();
    afterWrite(channel);
    expect(stale()).toEqual(expected);
  });

  it('marks everything but the fixed reads when no call is named (another seat wrote)', () => {
    cacheBeforeSignIn();
    afterWrite();
    expect(stale()).toEqual(['getClinic', 'listPhrases', 'listProviders', 'listProviders-refused', 'recoveryKey']);
  });
});
