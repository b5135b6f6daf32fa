import type { DbContext } from './context';
import { SCHEMA_MARK, type Db } from './engine/types';
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

interface ReadGuard {
  name: string;
  table: string;
  sql: string;
  enabled?: boolean;
  definition?: string;
}

/** The guards a database has, with the definitions to put a function back by (db.dialect.guards). */
async function readGuards(db: Db, tag = ''): Promise<{ guards: Guard[]; definitions: Map<string, string> }> {
  const triggers = await db.all<ReadGuard>(`${db.dialect.guards.triggers}${tag}`);
  const functions = db.dialect.guards.functions ? await db.all<ReadGuard>(`${db.dialect.guards.functions}${tag}`) : [];
  return {
    guards: [
      ...triggers.map((t) => ({
        name: t.name,
        table: t.table,
        sql: normalise(t.sql),
        ...(t.enabled === undefined ? {} : { enabled: t.enabled }),
        kind: 'trigger' as const,
      })),
      ...functions.map((f) => ({ name: f.name, table: '', sql: normalise(f.sql), kind: 'function' as const })),
    ],
    definitions: new Map(functions.map((f) => [f.name, f.definition ?? ''])),
  };
}

/** The guards a database at this schema version has, read from it. */
export async function currentGuards(db: Db): Promise<Guard[]> {
  return (await readGuards(db)).guards;
}

/** What the guards should be, per engine, read once from a database built fresh from the migrations. */
const expectedByEngine = new Map<string, { guards: Guard[]; definitions: Map<string, string> }>();
async function expectedGuards(db: Db): Promise<{ guards: Guard[]; definitions: Map<string, string> }> {
  const known = expectedByEngine.get(db.dialect.kind);
  if (known) return known;
  const read = await db.dialect.guards.freshTwin(db, (twin, tag) => readGuards(twin, tag));
  expectedByEngine.set(db.dialect.kind, read);
  return read;
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
  const expected = (await expectedGuards(db)).guards;
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

async function restoreStatement(db: Db, g: Guard, schemaName: string): Promise<string> {
  // Put back with its search path naming this schema (the definition was read in the scratch one).
  if (g.kind === 'function') return (await expectedGuards(db)).definitions.get(g.name)!.replaceAll(SCHEMA_MARK, schemaName);
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
      await db.exec(await restoreStatement(db, g, schemaName));
      await audit({ ...ctx, db }, 'guard', g.kind, null, `${drift.missing.includes(g) ? 'missing' : 'altered'} ${g.name} put back`);
    }
  });
  return [...drift.extra, ...broken].map((g) => g.name);
}
