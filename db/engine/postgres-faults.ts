import { DomainError } from '../../shared/outcome';

/**
 * What the clinic's server answers that a person at a seat must understand: the server refusing
 * their login a right (a grant or row-level security, docs/clinic-mode.md), and the server not
 * answering at all. Each becomes a DomainError that says what happened and that nothing was saved;
 * anything else goes on as it was.
 */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '57P01', '57P02', '57P03']);

export const UNREACHABLE = 'The clinic’s database server is not answering. Nothing was saved; what you typed is kept, and Needlebook reconnects by itself.';

export function isConnectionFault(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message ?? '');
}

export function pgFault(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const e = error as { code?: string; message?: string; table?: string };
  if (e?.code === '42501') {
    if (/row-level security/.test(e.message ?? '')) {
      return new DomainError('forbidden', 'The clinic database refused it: you sign and write addenda only in your own name.', {
        providerId: 'Only your own provider',
      });
    }
    const what = /permission denied for (?:table|relation) (\w+)/.exec(e.message ?? '')?.[1];
    return new DomainError(
      'forbidden',
      `The clinic database refused it: your role does not allow this${what ? ` (${what.replace(/_/g, ' ')})` : ''}. Ask the clinic’s owner if you need it.`,
    );
  }
  if (e?.code === '28000' && /not permitted to log in/.test(e.message ?? '')) {
    return new DomainError('forbidden', 'The clinic database refused the sign-in: this login no longer has access. Ask the clinic’s owner.');
  }
  if (e?.code === '28P01' || e?.code === '28000') return new DomainError('forbidden', 'The clinic database refused the sign-in: check the login and password.');
  if (isConnectionFault(error)) return new DomainError('unreachable', UNREACHABLE);
  return error;
}
