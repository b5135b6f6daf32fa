import type { Person } from '../../shared/people';
import type { DbContext } from '../context';

/** The clinic's people, by name (docs/clinic-mode.md); a solo file has none. */
export function listPeople(ctx: DbContext): Promise<Person[]> {
  return ctx.db.all<Person>('SELECT login, name, role, provider_id AS "providerId", created_at AS "createdAt" FROM clinic_person ORDER BY lower(name), login');
}
