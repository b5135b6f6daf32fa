import { DomainError } from '../../shared/outcome';
import type { Seat } from '../../shared/session';
import type { Db } from '../engine/types';

/**
 * Who this connection is, as the clinic's server knows it: a person's login (clinic_person), or
 * the tables' owner — a solo PostgreSQL database, or the administrator's own tools — which is no
 * seat and works as a single-user database does. A login that is neither is refused.
 */
export async function seatOf(db: Db): Promise<Seat | null> {
  if (!db.dialect.seats) return null;
  const row = await db.get<{ login: string; owns: boolean }>(
    `SELECT current_user AS login, pg_has_role(current_user, c.relowner, 'MEMBER') AS owns FROM pg_class c WHERE c.oid = 'visit'::regclass`,
  );
  if (!row || row.owns) return null;
  const person = await db.get<Omit<Seat, 'login'>>('SELECT name, role, provider_id AS "providerId" FROM clinic_person WHERE login = ?', [row.login]);
  if (!person) {
    throw new DomainError(
      'forbidden',
      `The login ${row.login} is not one of the clinic’s people. The clinic’s owner adds people with “needlebook clinic person”.`,
    );
  }
  return { login: row.login, ...person };
}
