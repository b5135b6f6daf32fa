import BetterSqlite3 from 'better-sqlite3';
import type { DbContext } from './context';
import type { Db } from './engine/types';
import { migrateSqlite } from './migrate';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import { audit } from './queries/audit';

/**
 * The guards: every trigger the migrations create (the freeze on signed records, the append-only
 * audit log and ledger, the search sync) and, on PostgreSQL, the functions they call. What they
 * should be is read from a schema built fresh from the same migrations, so this list never needs
 * keeping by hand. A guard that is missing, altered or disabled is put back when a database opens,
 * and each one put back is audited; `needlebook check` reports them without changing anything.
 */
export interface Guard {
  name: string;
  table: string;
  /** The CREATE statement, whitespace-normalised for comparison. */
  sql: string;
  /** PostgreSQL can disable a trigger without dropping it. */
  enabled?: boolean;
  kind: 'trigger' | 'function';
}

const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim();

const PG_TRIGGERS = `
  SELECT t.tgname AS name, c.relname AS "table", replace(pg_get_triggerdef(t.oid), quote_ident(n.nspname) || '.', '') AS sql, t.tgenabled <> 'D' AS enabled
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = current_schema() AND NOT t.tgisinternal`;
/**
 * A function as compared: its body, whether it runs as its owner, and its settings (the fixed
 * search path of migration 25), the schema's own name written as @schema@ so the scratch
 * schema's and the clinic's compare. A search path loosened behind the app's back is drift too.
 */
const SCHEMA_MARK = '@schema@';
const PG_FUNCTIONS = `
  SELECT p.proname AS name, '' AS "table",
         p.prosrc || ' security ' || CASE WHEN p.prosecdef THEN 'definer' ELSE 'invoker' END || ' set ' ||
           replace(coalesce(array_to_string(p.proconfig, ' '), ''), quote_ident(n.nspname), '${SCHEMA_MARK}') AS sql,
         replace(replace(pg_get_functiondef(p.oid), quote_ident(n.nspname) || '.', ''), n.nspname, '${SCHEMA_MARK}') AS definition
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = current_schema() AND p.proname LIKE 'needlebook%'`;

interface PgFunction {
  name: string;
  table: string;
  sql: string;
  definition: string;
}

const SQLITE_TRIGGERS = `SELECT name, tbl_name AS "table", sql FROM sqlite_master WHERE type = 'trigger'`;

/** Triggers and (PostgreSQL) trigger functions as read, in the one form they are compared in. */
function asGuards(triggers: { name: string; table: string; sql: string; enabled?: boolean }[], functions: PgFunction[] = []): Guard[] {
  return [
    ...triggers.map((t) => ({ ...t, sql: normalise(t.sql), kind: 'trigger' as const })),
    ...functions.map((f) => ({ name: f.name, table: '', sql: normalise(f.sql), kind: 'function' as const })),
  ];
}

/** The guards a database at this schema version has, read from it. */
export async function currentGuards(db: Db): Promise<Guard[]> {
  if (db.dialect.kind === 'sqlite') return asGuards(await db.all(SQLITE_TRIGGERS));
  return asGuards(await db.all(PG_TRIGGERS), await db.all<PgFunction>(PG_FUNCTIONS));
}

/** Definitions to put a PostgreSQL function back, by name, with the scratch schema taken out. */
let pgFunctionDefinitions = new Map<string, string>();
let expectedSqlite: Guard[] | null = null;
let expectedPostgres: Guard[] | null = null;

/** SQLite: a fresh in-memory database migrated to the latest version. */
function sqliteExpected(): Guard[] {
  if (expectedSqlite) return expectedSqlite;
  const raw = new BetterSqlite3(':memory:');
  try {
    migrateSqlite(raw);
    expectedSqlite = asGuards(raw.prepare(SQLITE_TRIGGERS).all() as { name: string; table: string; sql: string }[]);
  } finally {
    raw.close();
  }
  return expectedSqlite;
}

class Discard extends Error {}

/**
 * PostgreSQL: the migrations run in a scratch schema inside a transaction that is rolled back,
 * so nothing of it remains. Definitions are read with their schema name taken out, in the scratch
 * schema and in the clinic's alike, so they compare and can be replayed in the clinic's schema.
 */
async function postgresExpected(db: Db): Promise<Guard[]> {
  if (expectedPostgres) return expectedPostgres;
  const scratch = `needlebook_guards_${process.pid}`;
  let found: Guard[] = [];
  try {
    await db.transaction(async (tx) => {
      await tx.exec(`CREATE SCHEMA ${scratch}; SET LOCAL search_path = ${scratch}`);
      for (const m of MIGRATIONS.slice(0, LATEST_VERSION)) await tx.exec(m.postgres);
      // Other text than the clinic schema's reads: a prepared statement keeps the search_path it was prepared with.
      const triggers = await tx.all<{ name: string; table: string; sql: string }>(`${PG_TRIGGERS} -- scratch`);
      const functions = await tx.all<PgFunction>(`${PG_FUNCTIONS} -- scratch`);
      found = asGuards(triggers, functions);
      pgFunctionDefinitions = new Map(functions.map((f) => [f.name, f.definition]));
      throw new Discard();
    });
  } catch (error) {
    if (!(error instanceof Discard)) throw error;
  }
  expectedPostgres = found;
  return found;
}

export interface GuardDrift {
  missing: Guard[];
  /** Present under the right name but different (rewritten, or disabled on PostgreSQL). */
  altered: Guard[];
  /**
   * Triggers on a guarded table that a database built fresh from the migrations does not have: one
   * can silence the guards or the audit log (a BEFORE INSERT that answers RAISE(IGNORE)).
   */
  extra: Guard[];
}

/** Compares a database's guards with what the migrations create; only at the latest version. */
export async function guardDrift(db: Db): Promise<GuardDrift> {
  const expected = db.dialect.kind === 'sqlite' ? sqliteExpected() : await postgresExpected(db);
  const current = new Map((await currentGuards(db)).map((g) => [`${g.kind} ${g.name}`, g]));
  const missing: Guard[] = [];
  const altered: Guard[] = [];
  for (const g of expected) {
    const now = current.get(`${g.kind} ${g.name}`);
    if (!now) missing.push(g);
    else if (now.sql !== g.sql || now.enabled === false) altered.push(g);
  }
  const names = new Set(expected.map((g) => `${g.kind} ${g.name}`));
  const guarded = new Set(expected.filter((g) => g.kind === 'trigger').map((g) => g.table));
  const extra = [...current.values()].filter((g) => g.kind === 'trigger' && guarded.has(g.table) && !names.has(`${g.kind} ${g.name}`));
  return { missing, altered, extra };
}

/** How `check` and the audit log name a trigger that should not be there. */
export const extraName = (g: Guard) => `${g.name} on ${g.table}`;

function restoreStatement(db: Db, g: Guard, schemaName: string): string {
  // Put back with its search path naming this schema (the definition was read in the scratch one).
  if (g.kind === 'function') return pgFunctionDefinitions.get(g.name)!.replaceAll(SCHEMA_MARK, schemaName);
  return `${db.dialect.catalog.dropTrigger(g.name, g.table).replace('DROP TRIGGER', 'DROP TRIGGER IF EXISTS')}; ${g.sql}`;
}

/**
 * Puts back every missing or altered guard and removes every extra trigger on a guarded table, in
 * one transaction, and audits each by name. Returns the names put back or removed (empty when all
 * was well).
 */
export async function restoreGuards(ctx: DbContext): Promise<string[]> {
  const drift = await guardDrift(ctx.db);
  const broken = [...drift.missing, ...drift.altered];
  if (broken.length === 0 && drift.extra.length === 0) return [];
  const schemaName = (await ctx.db.get<{ s: string }>(ctx.db.dialect.catalog.schema))!.s;
  await ctx.db.transaction(async (db) => {
    // Extras first: one may be what would swallow the audit rows written below.
    for (const g of drift.extra) {
      await db.exec(db.dialect.catalog.dropTrigger(g.name, g.table));
      await audit({ ...ctx, db }, 'guard', 'trigger', null, `extra ${extraName(g)} removed`);
    }
    // Functions first: the triggers put back after them call them.
    for (const g of [...broken].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'function' ? -1 : 1))) {
      await db.exec(restoreStatement(db, g, schemaName));
      await audit({ ...ctx, db }, 'guard', g.kind, null, `${drift.missing.includes(g) ? 'missing' : 'altered'} ${g.name} put back`);
    }
  });
  return [...drift.extra, ...broken].map((g) => g.name);
}
