import type { z } from 'zod';
import { DomainError, fieldErrorsFrom } from '../../shared/outcome';
import { loginInput, PERSON_ROLES, personInput } from '../../shared/people';
import type { Db } from '../engine/types';

/**
 * Clinic seats' rights, held by PostgreSQL itself (docs/clinic-mode.md): each person signs in with
 * their own login, a member of one of three group roles, and the grants below decide what that
 * login may read and write — whatever program it uses. Row-level security (migration 21) adds that
 * nobody signs as another provider. The tables' owner (who runs `clinic init` and the migrations)
 * is none of these and answers only to the triggers.
 */
export const CLINIC_ROLES = PERSON_ROLES;
export type ClinicRole = (typeof CLINIC_ROLES)[number];

export const GROUP_ROLE: Record<ClinicRole, string> = {
  owner: 'needlebook_owner',
  practitioner: 'needlebook_practitioner',
  front_desk: 'needlebook_front_desk',
};

/**
 * Note text: what the front desk may not read. Whole tables (addenda, saved
 * phrases and protocols) and, on the tables it needs for billing, the columns that hold what the
 * practitioner wrote. It still reads what is billed from — dates, minutes, points, rounds, codes —
 * and the scores Review counts progress by (pain, outcome measures, the PSFS).
 */
export const NOTE_TEXT_TABLES = ['addendum', 'phrase', 'protocol'] as const;
export const NOTE_TEXT_COLUMNS: Record<string, readonly string[]> = {
  visit: ['subjective', 'objective', 'assessment_text', 'plan', 'home_care', 'next_visit_plan', 'tcm', 'safety_warnings', 'safety_override'],
  assessment: ['chief_complaint', 'training_load', 'injury_history', 'biomechanics', 'rom', 'palpation', 'assessment_text', 'plan_text', 'tcm'],
  assessment_ortho_test: ['note'],
  assessment_trigger_point: ['note'],
  visit_adjunct: ['note'],
  visit_adverse_event: ['note'],
  // The search index: the front desk's billing rewrites a visit's entry of what was needled and
  // billed (db/queries/treatment-search.ts), so it may write entries, never read what they say.
  note_search: ['body', 'tsv'],
};

/** Clinic settings: read by everyone, written by the owner. */
const SETTINGS = ['clinic', 'provider', 'provider_license', 'fee_schedule', 'clinic_mcid', 'app_setting'];
/** Append-only, and each login reads its own rows only (row-level security, migration 25). */
const AUDIT = 'audit_log';
/**
 * Written by the server alone (migration 25): the ledger by its seal trigger, wrong passcodes by
 * needlebook_passcode_try, the clinic's people by the owner's functions, the migration record by an
 * upgrade (which the tables' owner runs). Read, where at all, only.
 */
const READ_ONLY = ['signed_ledger', 'clinic_person', 'schema_history'];
const NO_ACCESS = ['passcode_attempt'];
/** The passcode's hash: readable by no clinic login (its functions answer yes or no). */
const SECRET_COLUMNS: Record<string, readonly string[]> = { provider: ['passcode_hash'] };
/** Written by the server's functions alone (needlebook_set_passcode). */
const SERVER_COLUMNS: Record<string, readonly string[]> = { provider: ['passcode_hash', 'has_passcode'] };
/** What the front desk writes: patients, consents, the safety screen, billing and payments, and what those writes derive. */
const FRONT_DESK_WRITES = [
  'patient',
  'race',
  'patient_name_part',
  'patient_safety',
  'consent',
  'billing_line',
  'billing_line_diagnosis',
  'payment',
  'review_row',
  'review_stale',
  'review_day',
  'derived_filled',
  // Where the last verification of the whole ledger ended (migration 30): kept by whichever seat verified.
  'ledger_verified',
  'unsaved_draft',
  'note_search',
];
const DML = 'SELECT, INSERT, UPDATE, DELETE';
/**
 * The server's hashes of signed records (migrations 25 and 36): one record's, and a run of one
 * kind's, which the whole ledger's verification calls. The same logins may call both.
 */
const LEDGER_HASHES = ['needlebook_content_hash(text, integer)', 'needlebook_content_hashes(text, integer, integer)'];
/** The server's functions a login calls itself; every other function of the app's is for triggers and policies only. */
const CALLABLE: Record<ClinicRole, readonly string[]> = {
  owner: [
    'needlebook_person_save(text, text, text, integer, text)',
    'needlebook_person_login(text, text, text)',
    'needlebook_person_remove(text)',
    ...LEDGER_HASHES,
  ],
  practitioner: LEDGER_HASHES,
  front_desk: [],
};
const EVERYONE_CALLS = ['needlebook_passcode_params(integer)', 'needlebook_passcode_try(integer, text)', 'needlebook_set_passcode(integer, text)'];

/** Parsed with the contract's own schema (shared/people.ts): the command line is held to the app's rules. */
function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = fieldErrorsFrom(result.error);
  throw new DomainError('invalid_input', Object.values(fields)[0]!, fields);
}

async function tablesOf(db: Db): Promise<Map<string, string[]>> {
  const rows = await db.all<{ t: string; c: string }>(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> 'needlebook_schema' ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const { t, c } of rows) tables.set(t, [...(tables.get(t) ?? []), c]);
  return tables;
}

/** The three group roles, made once per server (roles are the server's, not one database's). */
export async function ensureGroupRoles(db: Db): Promise<void> {
  for (const role of Object.values(GROUP_ROLE)) {
    await db.exec(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF;
    END $$`);
  }
}

/**
 * Grants each group role its rights on every table of the clinic's schema, from nothing: run by
 * `clinic init` and after each upgrade, so a table a migration adds is never left open or shut.
 * Nobody but the tables' owner may create anything: no temporary tables in the database (one named
 * like a table could stand in for it in a careless search path), no objects in the schema.
 */
export async function grantClinicRights(db: Db): Promise<void> {
  await ensureGroupRoles(db);
  const groups = Object.values(GROUP_ROLE).join(', ');
  const { s: schema, d: database } = (await db.get<{ s: string; d: string }>('SELECT current_schema() AS s, current_database() AS d'))!;
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const statements: string[] = [
    `REVOKE TEMPORARY ON DATABASE ${q(database)} FROM PUBLIC`,
    `REVOKE CREATE ON SCHEMA ${q(schema)} FROM PUBLIC`,
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA ${q(schema)} TO ${groups}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${q(schema)} FROM ${groups}`,
    `REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${q(schema)} FROM PUBLIC, ${groups}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${q(schema)} TO ${groups}`,
    `GRANT SELECT ON needlebook_schema TO ${groups}`,
  ];
  // Policies and triggers call the rest; what a login calls itself is named.
  const helpers = [
    'needlebook_signs_as(integer)',
    'needlebook_is_clinic_owner()',
    'needlebook_owns_tables()',
    'needlebook_importing()',
    'needlebook_may_use_passcode(integer)',
  ];
  statements.push(`GRANT EXECUTE ON FUNCTION ${[...helpers, ...EVERYONE_CALLS].join(', ')} TO ${groups}`);
  for (const role of CLINIC_ROLES) if (CALLABLE[role].length) statements.push(`GRANT EXECUTE ON FUNCTION ${CALLABLE[role].join(', ')} TO ${GROUP_ROLE[role]}`);
  for (const [table, columns] of await tablesOf(db)) {
    const t = q(table);
    if (NO_ACCESS.includes(table)) continue;
    if (READ_ONLY.includes(table)) {
      statements.push(`GRANT SELECT ON ${t} TO ${groups}`);
      continue;
    }
    const secret = SECRET_COLUMNS[table] ?? [];
    const serverOnly = SERVER_COLUMNS[table] ?? [];
    const only = (leftOut: readonly string[]) =>
      leftOut.length
        ? `(${columns
            .filter((c) => !leftOut.includes(c))
            .map(q)
            .join(', ')})`
        : '';
    const [readable, writable] = [only(secret), only(serverOnly)];
    if (table === AUDIT) {
      statements.push(`GRANT SELECT, INSERT ON ${t} TO ${groups}`);
      continue;
    }
    // The owner: everything but the server's own columns.
    statements.push(`GRANT SELECT ${readable}, INSERT ${writable}, UPDATE ${writable}, DELETE ON ${t} TO ${GROUP_ROLE.owner}`);
    // A practitioner charts: everything clinical; settings are read.
    if (SETTINGS.includes(table)) statements.push(`GRANT SELECT ${readable} ON ${t} TO ${GROUP_ROLE.practitioner}`);
    else statements.push(`GRANT ${DML} ON ${t} TO ${GROUP_ROLE.practitioner}`);
    // The front desk: no note text at all; what it reads of a visit is what billing needs.
    if ((NOTE_TEXT_TABLES as readonly string[]).includes(table)) continue;
    const hidden = [...(NOTE_TEXT_COLUMNS[table] ?? []), ...secret];
    statements.push(
      `GRANT SELECT (${columns
        .filter((c) => !hidden.includes(c))
        .map(q)
        .join(', ')}) ON ${t} TO ${GROUP_ROLE.front_desk}`,
    );
    if (FRONT_DESK_WRITES.includes(table)) statements.push(`GRANT INSERT, UPDATE, DELETE ON ${t} TO ${GROUP_ROLE.front_desk}`);
  }
  // Owners added before version 25 held CREATEROLE and their groups with admin option: people are
  // now added through the server's functions, and on PostgreSQL 15 CREATEROLE reaches any role.
  const people = await db.all<{ login: string }>('SELECT p.login FROM clinic_person p JOIN pg_roles r ON r.rolname = p.login');
  for (const { login } of people) statements.push(`ALTER ROLE ${q(login)} NOCREATEROLE`, `REVOKE ADMIN OPTION FOR ${groups} FROM ${q(login)}`);
  await db.transaction(async (tx) => {
    for (const s of statements) await tx.exec(s);
  });
}

/** A person as the command line and the app give them (shared/people.ts). */
export type PersonInput = z.input<typeof personInput>;

/**
 * Adds a person: their login (a member of their role's group; an owner may add people, so can
 * create logins) and their row in clinic_person. Run by the tables' owner or an owner.
 */
export async function addPerson(db: Db, given: PersonInput, now: string): Promise<void> {
  const person = parsed(personInput, given);
  await db.transaction(async (tx) => {
    const exists = await tx.get('SELECT 1 AS one FROM pg_roles WHERE rolname = ?', [person.login]);
    // A login the server has for something else is never taken over (its password changed, its groups granted).
    if (exists && !(await tx.get('SELECT 1 AS one FROM clinic_person WHERE login = ?', [person.login]))) {
      throw new DomainError('conflict', `The server already has a login ${person.login} that is not one of the clinic’s people: choose another login`, {
        login: 'That login is taken on the server',
      });
    }
    if (!exists && person.password === undefined) {
      throw new DomainError('invalid_input', 'A new person needs a password (at least 12 characters)', { password: 'Password is required for a new person' });
    }
    // The login, its password and its groups are set by the server (migration 25), so an owner needs no CREATEROLE.
    await tx.get('SELECT needlebook_person_login(?, ?, ?) AS done', [person.login, person.password ?? null, person.role]);
    // The people table is the server's to write (migration 25): checked there, and audited.
    await tx.get('SELECT needlebook_person_save(?, ?, ?, ?::integer, ?) AS done', [person.login, person.name, person.role, person.providerId, now]);
  });
}

/**
 * Takes a person's access away: their login may no longer sign in, holds no group (so even a
 * connection still open loses every right at its next statement), and leaves the clinic's people.
 * What they wrote stays, under their name; the audit log keeps their login.
 */
export async function removePerson(db: Db, given: string): Promise<void> {
  const login = parsed(loginInput, given);
  await db.transaction(async (tx) => {
    if (!(await tx.get('SELECT 1 AS one FROM clinic_person WHERE login = ?', [login]))) {
      throw new DomainError('not_found', `${login} is not one of the clinic’s people`, { login: 'Not one of the clinic’s people' });
    }
    await tx.get('SELECT needlebook_person_remove(?) AS done', [login]);
  });
}
