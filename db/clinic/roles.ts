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

/** Clinic settings: read by everyone, written by the owner (a practitioner sets only their own passcode). */
const SETTINGS = ['clinic', 'provider', 'provider_license', 'fee_schedule', 'clinic_mcid', 'app_setting', 'clinic_person'];
/** Append-only: inserted and read, never changed (their triggers refuse it anyway). */
const APPEND_ONLY = ['audit_log', 'signed_ledger', 'schema_history'];
/** Written only by an upgrade, which the owner runs: every seat reads it when it opens the database (db/migrate.ts). */
const UPGRADE_ONLY = ['schema_history'];
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
  'unsaved_draft',
  'note_search',
];
const DML = 'SELECT, INSERT, UPDATE, DELETE';

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
 */
export async function grantClinicRights(db: Db): Promise<void> {
  await ensureGroupRoles(db);
  const groups = Object.values(GROUP_ROLE).join(', ');
  const schema = (await db.get<{ s: string }>('SELECT current_schema() AS s'))!.s;
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const statements: string[] = [
    `GRANT USAGE ON SCHEMA ${q(schema)} TO ${groups}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${q(schema)} FROM ${groups}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${q(schema)} TO ${groups}`,
    `GRANT SELECT ON needlebook_schema TO ${groups}`,
  ];
  for (const [table, columns] of await tablesOf(db)) {
    const t = q(table);
    // The owner: everything, but the append-only tables only grow.
    statements.push(`GRANT ${APPEND_ONLY.includes(table) ? 'SELECT, INSERT' : DML} ON ${t} TO ${GROUP_ROLE.owner}`);
    // A practitioner charts: everything clinical; settings are read (their own passcode is theirs to set).
    if (UPGRADE_ONLY.includes(table)) statements.push(`GRANT SELECT ON ${t} TO ${GROUP_ROLE.practitioner}`);
    else if (APPEND_ONLY.includes(table)) statements.push(`GRANT SELECT, INSERT ON ${t} TO ${GROUP_ROLE.practitioner}`);
    else if (SETTINGS.includes(table)) statements.push(`GRANT SELECT ON ${t} TO ${GROUP_ROLE.practitioner}`);
    else statements.push(`GRANT ${DML} ON ${t} TO ${GROUP_ROLE.practitioner}`);
    if (table === 'provider') statements.push(`GRANT UPDATE (passcode_hash) ON provider TO ${GROUP_ROLE.practitioner}`);
    // The front desk: no note text at all; what it reads of a visit is what billing needs.
    if ((NOTE_TEXT_TABLES as readonly string[]).includes(table)) continue;
    const hidden = NOTE_TEXT_COLUMNS[table] ?? [];
    const readable = columns.filter((c) => !hidden.includes(c)).map(q);
    statements.push(`GRANT SELECT (${readable.join(', ')}) ON ${t} TO ${GROUP_ROLE.front_desk}`);
    if (table === 'audit_log') statements.push(`GRANT INSERT ON ${t} TO ${GROUP_ROLE.front_desk}`);
    else if (FRONT_DESK_WRITES.includes(table)) statements.push(`GRANT INSERT, UPDATE, DELETE ON ${t} TO ${GROUP_ROLE.front_desk}`);
  }
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
    const verb = exists ? 'ALTER' : 'CREATE';
    const rights = person.role === 'owner' ? 'CREATEROLE' : 'NOCREATEROLE';
    // The server quotes the login and the password itself (format's %I and %L): nothing typed is pasted into SQL.
    const create = await tx.get<{ sql: string }>(
      person.password === undefined
        ? `SELECT format('${verb} ROLE %I LOGIN ${rights}', ?::text) AS sql`
        : `SELECT format('${verb} ROLE %I LOGIN PASSWORD %L ${rights}', ?::text, ?::text) AS sql`,
      person.password === undefined ? [person.login] : [person.login, person.password],
    );
    await tx.exec(create!.sql);
    // An owner holds every group with the right to hand it on (they add people); anyone else holds their one group.
    for (const role of CLINIC_ROLES) {
      const group = GROUP_ROLE[role];
      if (person.role === 'owner') await tx.exec(`GRANT ${group} TO "${person.login}" WITH ADMIN OPTION`);
      else await tx.exec(role === person.role ? `GRANT ${group} TO "${person.login}"` : `REVOKE ${group} FROM "${person.login}"`);
    }
    await tx.run(
      `INSERT INTO clinic_person (login, name, role, provider_id, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (login) DO UPDATE SET name = excluded.name, role = excluded.role, provider_id = excluded.provider_id`,
      [person.login, person.name, person.role, person.providerId, now],
    );
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
    const disable = await tx.get<{ sql: string }>("SELECT format('ALTER ROLE %I NOLOGIN', ?::text) AS sql", [login]);
    await tx.exec(disable!.sql);
    for (const group of Object.values(GROUP_ROLE)) await tx.exec(`REVOKE ${group} FROM "${login}"`);
    await tx.run('DELETE FROM clinic_person WHERE login = ?', [login]);
  });
}
