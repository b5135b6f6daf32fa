import { z } from 'zod';
import { plainText, recordId, requiredText } from './fields';

/**
 * The clinic's people (docs/clinic-mode.md): each signs in at a seat with their own PostgreSQL
 * login, in one of three roles whose rights the server holds. The owner adds and changes them.
 */
export const PERSON_ROLES = ['owner', 'practitioner', 'front_desk'] as const;
export const PERSON_ROLE_LABEL = { owner: 'Owner', practitioner: 'Practitioner', front_desk: 'Front desk' } as const;

/** A login as PostgreSQL takes it unquoted, and none of the server's own or Needlebook's roles. */
export const loginInput = plainText('Login', 63).refine((v) => /^[a-z_][a-z0-9_]*$/.test(v) && !/^(pg_|needlebook)/.test(v), {
  message: 'Login must be lower-case letters, digits or _, starting with a letter (not pg_ or needlebook)',
});

export const personInput = z
  .strictObject({
    login: loginInput,
    name: requiredText('Name', 200),
    role: z.enum(PERSON_ROLES, { error: 'Role must be owner, practitioner or front desk' }),
    providerId: recordId.nullable(),
    /** Their database password: needed for a new person, left out to keep an existing one's. */
    password: plainText('Password', 200)
      .refine((v) => v.length >= 12, 'Password must be at least 12 characters')
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.role === 'practitioner' && p.providerId === null) {
      ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'A practitioner charts as a provider: choose one' });
    }
    if (p.role === 'front_desk' && p.providerId !== null) {
      ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'The front desk does not chart: no provider' });
    }
  });

export interface Person {
  login: string;
  name: string;
  role: (typeof PERSON_ROLES)[number];
  providerId: number | null;
  createdAt: string;
}
