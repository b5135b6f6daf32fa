import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../shared/clinic';
import { DomainError } from '../shared/outcome';
import { passcodeIsStrong, passcodeWaitSeconds, type Session } from '../shared/session';
import { timestamp, type DbContext } from './context';
import { audit, auditAlone } from './queries/audit';
import { getClinic } from './queries/clinic';
import { getProvider } from './queries/providers';
import { together } from './together';

/**
 * Who is at the keyboard: the provider chosen when the app opens, the audit's actor and the only
 * one who can sign. A provider may keep a passcode, stored as an scrypt hash with its own salt
 * (`scrypt$N$r$p$salt$hash`, base64); the app locks itself after the clinic's idle minutes.
 */
const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(passcode: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passcode.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPasscode(passcode: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(passcode, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export interface SessionState {
  providerId: number | null;
  locked: boolean;
  /** The passcode last typed to sign in or unlock is weaker than today's rule (shared/session.ts). */
  passcodeChangeDue?: boolean;
}

/** The stored hash less its key: the scheme, scrypt's parameters and the salt (not secret). */
const paramsOf = (stored: string | null): string | null => (stored === null ? null : stored.slice(0, stored.lastIndexOf('$')));

/**
 * Whether and how a provider's passcode is kept. On the clinic's server the hash is readable by no
 * login (migration 25): it answers the parameters, and checks a derived key itself.
 */
async function passcodeParams(ctx: DbContext, providerId: number): Promise<string | null> {
  if (ctx.db.dialect.serverSeals) return (await ctx.db.get<{ p: string | null }>('SELECT needlebook_passcode_params(?) AS p', [providerId]))?.p ?? null;
  return paramsOf((await ctx.db.get<{ h: string | null }>('SELECT passcode_hash AS h FROM provider WHERE id = ?', [providerId]))?.h ?? null);
}

type Attempt = 'ok' | 'wrong' | 'none' | { lockedUntil: string };

/**
 * One try at a provider's passcode, counted: after PASSCODE_FREE_TRIES wrong ones in a row each
 * further try waits longer, and each wrong one is audited. Its own transaction, so the count stays
 * though the caller then refuses. The clinic's server counts in needlebook_passcode_try, where no
 * login can reset it; on a file the app counts.
 */
async function tryPasscode(ctx: DbContext, providerId: number, typed: string): Promise<Attempt> {
  const params = await passcodeParams(ctx, providerId);
  if (params === null) return 'none';
  const [, n, r, p, salt] = params.split('$');
  const key = (await derive(typed, Buffer.from(salt ?? '', 'base64'), { N: Number(n), r: Number(r), p: Number(p) })).toString('base64');
  if (ctx.db.dialect.serverSeals) {
    const answer = (await ctx.db.transaction((db) => db.get<{ a: string }>('SELECT needlebook_passcode_try(?, ?) AS a', [providerId, key])))!.a;
    return answer.startsWith('locked ') ? { lockedUntil: answer.slice(7) } : (answer as Attempt);
  }
  // A damaged file open read-only counts nothing (it takes no writes); the check itself still holds.
  if (ctx.db.readOnly) return (await storedKeyMatches(ctx, providerId, key)) ? 'ok' : 'wrong';
  return ctx.db.transaction(async (db) => {
    const now = timestamp(ctx);
    const seen = await db.get<{ failures: number; until: string | null }>(
      'SELECT failures, locked_until AS until FROM passcode_attempt WHERE provider_id = ?',
      [providerId],
    );
    if (seen?.until && seen.until > now) return { lockedUntil: seen.until };
    if (await storedKeyMatches({ ...ctx, db }, providerId, key)) {
      await db.run('DELETE FROM passcode_attempt WHERE provider_id = ?', [providerId]);
      return 'ok';
    }
    const failures = (seen?.failures ?? 0) + 1;
    const wait = passcodeWaitSeconds(failures);
    const until = wait > 0 ? new Date(ctx.now().getTime() + wait * 1000).toISOString() : null;
    await db.run(
      `INSERT INTO passcode_attempt (provider_id, failures, locked_until) VALUES (?, ?, ?)
       ON CONFLICT (provider_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
      [providerId, failures, until],
    );
    await audit(
      { ...ctx, db, providerId: () => providerId },
      'sign-in',
      'provider',
      providerId,
      `wrong passcode ${failures}${until ? `, locked until ${until}` : ''}`,
    );
    return 'wrong';
  });
}

async function storedKeyMatches(ctx: DbContext, providerId: number, key: string): Promise<boolean> {
  const stored = (await ctx.db.get<{ h: string | null }>('SELECT passcode_hash AS h FROM provider WHERE id = ?', [providerId]))?.h ?? null;
  const expected = Buffer.from(stored?.slice(stored.lastIndexOf('$') + 1) ?? '', 'base64');
  const given = Buffer.from(key, 'base64');
  return expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);
}

/** Refuses a wrong passcode, or any while the provider's tries wait; passes where none is kept. */
async function checkPasscode(ctx: DbContext, state: SessionState, providerId: number, passcode: string | undefined): Promise<void> {
  if ((await passcodeParams(ctx, providerId)) === null) return;
  // No passcode typed is a wrong one, counted like any other.
  const answer = await tryPasscode(ctx, providerId, passcode ?? '');
  if (typeof answer === 'object') {
    const when = new Date(answer.lockedUntil).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' });
    throw new DomainError('forbidden', `Too many wrong passcodes: try again after ${when}.`, { passcode: `Too many wrong tries: wait until ${when}` });
  }
  if (answer === 'wrong') throw new DomainError('forbidden', 'That passcode is not right.', { passcode: 'That passcode is not right' });
  state.passcodeChangeDue = !passcodeIsStrong(passcode ?? '');
}

export const hasActiveProvider = async (ctx: DbContext): Promise<boolean> =>
  (await ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM provider WHERE active = 1'))!.n > 0;

export async function describeSession(ctx: DbContext, state: SessionState): Promise<Session> {
  // Asked together (one wait on a clinic's server, not three): the window asks for the session
  // first, and at a cold start it met the start-up work three times over (issue 38).
  const [provider, signInRequired, clinic] = await together([
    state.providerId === null ? Promise.resolve(null) : getProvider(ctx, state.providerId),
    hasActiveProvider(ctx),
    getClinic(ctx),
  ] as const);
  return {
    seat: ctx.seat ?? null,
    provider: provider && { id: provider.id, name: provider.name, credentials: provider.credentials },
    locked: state.locked,
    signInRequired,
    idleLockMinutes: clinic?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES,
    ...(state.passcodeChangeDue ? { passcodeChangeDue: true } : {}),
  };
}

export async function signIn(ctx: DbContext, state: SessionState, providerId: number, passcode: string | undefined): Promise<void> {
  if (ctx.seat && ctx.seat.providerId !== providerId) {
    throw new DomainError('forbidden', `This seat is signed in to the clinic as ${ctx.seat.name}: it charts and signs only as them.`, {
      providerId: `Signed in as ${ctx.seat.name}`,
    });
  }
  const provider = await getProvider(ctx, providerId);
  if (!provider.active) throw new DomainError('forbidden', `${provider.name} is inactive and cannot sign in.`, { providerId: `${provider.name} is inactive` });
  await checkPasscode(ctx, state, providerId, passcode);
  state.providerId = providerId;
  state.locked = false;
  await auditAlone({ ...ctx, providerId: () => providerId }, 'sign-in', 'provider', providerId);
}

export async function unlock(
  ctx: DbContext,
  state: SessionState,
  passcode: string | undefined,
  verifyLogin?: (password: string) => Promise<boolean>,
): Promise<void> {
  // A seat whose person keeps no passcode (the front desk) unlocks with their clinic database password.
  if (ctx.seat && (state.providerId === null || (await passcodeParams(ctx, state.providerId)) === null)) {
    if (!passcode) throw new DomainError('forbidden', 'Type your clinic password to unlock.', { passcode: 'Type your clinic password' });
    if (!verifyLogin || !(await verifyLogin(passcode))) {
      await auditAlone(ctx, 'unlock', 'person', null, 'wrong password');
      throw new DomainError('forbidden', 'That password is not right.', { passcode: 'That password is not right' });
    }
    state.locked = false;
    return void (await auditAlone(ctx, 'unlock', 'person', null));
  }
  if (state.providerId === null) throw new DomainError('forbidden', 'Nobody is signed in: choose who you are.');
  await checkPasscode(ctx, state, state.providerId, passcode);
  state.locked = false;
  await auditAlone(ctx, 'unlock', 'provider', state.providerId);
}

export async function setPasscode(ctx: DbContext, state: SessionState, providerId: number, current: string | undefined, next: string | null): Promise<void> {
  if (state.providerId !== providerId || state.locked) {
    throw new DomainError('forbidden', 'Only the provider signed in can set their own passcode.', { providerId: 'Sign in as this provider first' });
  }
  if ((await passcodeParams(ctx, providerId)) !== null) {
    const answer = current ? await tryPasscode(ctx, providerId, current) : 'wrong';
    if (answer !== 'ok') throw new DomainError('forbidden', 'The current passcode is not right.', { current: 'The current passcode is not right' });
  }
  const stored = next === null ? null : await hashPasscode(next);
  // On the clinic's server only needlebook_set_passcode writes it, and audits it there.
  if (ctx.db.dialect.serverSeals) await ctx.db.transaction((db) => db.get('SELECT needlebook_set_passcode(?, ?) AS done', [providerId, stored]));
  else {
    await ctx.db.transaction(async (db) => {
      await db.run('UPDATE provider SET passcode_hash = ?, has_passcode = ? WHERE id = ?', [stored, stored === null ? 0 : 1, providerId]);
      await db.run('DELETE FROM passcode_attempt WHERE provider_id = ?', [providerId]);
      await audit({ ...ctx, db }, 'update', 'provider', providerId, next === null ? 'passcode removed' : 'passcode set');
    });
  }
  state.passcodeChangeDue = false;
}

/**
 * A clinic owner removes a provider's forgotten passcode, so its person sets a new one. Only the
 * server does it, and audits it (needlebook_set_passcode refuses anyone else).
 */
export async function resetPasscode(ctx: DbContext, providerId: number): Promise<void> {
  await getProvider(ctx, providerId);
  await ctx.db.transaction((db) => db.get('SELECT needlebook_set_passcode(?, NULL) AS done', [providerId]));
}
