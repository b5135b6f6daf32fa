import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../shared/clinic';
import { DomainError } from '../shared/outcome';
import type { Session } from '../shared/session';
import type { DbContext } from './context';
import { audit, auditAlone } from './queries/audit';
import { getClinic } from './queries/clinic';
import { getProvider } from './queries/providers';

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

export async function passcodeMatches(passcode: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(passcode, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export interface SessionState {
  providerId: number | null;
  locked: boolean;
}

async function storedHash(ctx: DbContext, providerId: number): Promise<string | null> {
  return (await ctx.db.get<{ h: string | null }>('SELECT passcode_hash AS h FROM provider WHERE id = ?', [providerId]))?.h ?? null;
}

/** A wrong passcode is refused after the same wait whether or not the provider has one. */
async function checkPasscode(ctx: DbContext, providerId: number, passcode: string | undefined): Promise<void> {
  const hash = await storedHash(ctx, providerId);
  if (hash === null) return;
  if (!passcode || !(await passcodeMatches(passcode, hash))) {
    await auditAlone({ ...ctx, providerId: () => providerId }, 'sign-in', 'provider', providerId, 'wrong passcode');
    throw new DomainError('forbidden', 'That passcode is not right.', { passcode: 'That passcode is not right' });
  }
}

export const hasActiveProvider = async (ctx: DbContext): Promise<boolean> =>
  (await ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM provider WHERE active = 1'))!.n > 0;

export async function describeSession(ctx: DbContext, state: SessionState): Promise<Session> {
  const provider = state.providerId === null ? null : await getProvider(ctx, state.providerId);
  return {
    seat: ctx.seat ?? null,
    provider: provider && { id: provider.id, name: provider.name, credentials: provider.credentials },
    locked: state.locked,
    signInRequired: await hasActiveProvider(ctx),
    idleLockMinutes: (await getClinic(ctx))?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES,
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
  await checkPasscode(ctx, providerId, passcode);
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
  if (ctx.seat && (state.providerId === null || (await storedHash(ctx, state.providerId)) === null)) {
    if (!passcode) throw new DomainError('forbidden', 'Type your clinic password to unlock.', { passcode: 'Type your clinic password' });
    if (!verifyLogin || !(await verifyLogin(passcode))) {
      await auditAlone(ctx, 'unlock', 'person', null, 'wrong password');
      throw new DomainError('forbidden', 'That password is not right.', { passcode: 'That password is not right' });
    }
    state.locked = false;
    return void (await auditAlone(ctx, 'unlock', 'person', null));
  }
  if (state.providerId === null) throw new DomainError('forbidden', 'Nobody is signed in: choose who you are.');
  await checkPasscode(ctx, state.providerId, passcode);
  state.locked = false;
  await auditAlone(ctx, 'unlock', 'provider', state.providerId);
}

export async function setPasscode(ctx: DbContext, state: SessionState, providerId: number, current: string | undefined, next: string | null): Promise<void> {
  if (state.providerId !== providerId || state.locked) {
    throw new DomainError('forbidden', 'Only the provider signed in can set their own passcode.', { providerId: 'Sign in as this provider first' });
  }
  const hash = await storedHash(ctx, providerId);
  if (hash !== null && !(current && (await passcodeMatches(current, hash)))) {
    throw new DomainError('forbidden', 'The current passcode is not right.', { current: 'The current passcode is not right' });
  }
  const stored = next === null ? null : await hashPasscode(next);
  await ctx.db.transaction(async (db) => {
    await db.run('UPDATE provider SET passcode_hash = ? WHERE id = ?', [stored, providerId]);
    await audit({ ...ctx, db }, 'update', 'provider', providerId, next === null ? 'passcode removed' : 'passcode set');
  });
}
