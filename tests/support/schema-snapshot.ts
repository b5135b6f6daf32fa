import type { RawDb as Database } from '../../db/engine/cipher';
import type { Db } from '../../db/engine/types';

/**
 * A database's schema as the two engines can be compared on (tests/integration/schema-parity.test.ts):
 * per table, its columns with a type, nullability, how many CHECK constraints it has, its indexes,
 * unique column sets and foreign keys, and whether it carries guard triggers. Types go through one
 * short mapping — PostgreSQL's integer, bigint and smallint are `integer`; text and varchar `text`;
 * double precision, real and numeric `real`; bytea `blob` — which is all the app's migrations use.
 * CHECKs are counted, not compared as text: each engine prints an expression its own way.
 */
export interface TableShape {
  columns: Record<string, string>;
  checks: number;
  indexes: string[];
  unique: string[];
  foreignKeys: string[];
  guarded: boolean;
}
export type SchemaShape = Record<string, TableShape>;

const PG_TYPES: Record<string, string> = {
  integer: 'integer',
  bigint: 'integer',
  smallint: 'integer',
  text: 'text',
  'character varying': 'text',
  'double precision': 'real',
  real: 'real',
  numeric: 'real',
  bytea: 'blob',
};

const sortShape = (shape: SchemaShape): SchemaShape =>
  Object.fromEntries(
    Object.keys(shape)
      .sort()
      .map((t) => {
        const s = shape[t]!;
        return [
          t,
          {
            columns: Object.fromEntries(Object.keys(s.columns).map((c) => [c, s.columns[c]!])),
            checks: s.checks,
            indexes: [...s.indexes].sort(),
            unique: [...s.unique].sort(),
            foreignKeys: [...s.foreignKeys].sort(),
            guarded: s.guarded,
          },
        ];
      }),
  );

/** SQLite, read from the file's own catalog. */
export function sqliteShape(raw: Database): SchemaShape {
  const shape: SchemaShape = {};
  const tables = raw
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")
    .all() as { name: string; sql: string }[];
  const virtual = new Set(
    (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").all() as { name: string }[]).map((r) => r.name),
  );
  const triggered = new Set((raw.prepare("SELECT DISTINCT tbl_name AS t FROM sqlite_master WHERE type = 'trigger'").all() as { t: string }[]).map((r) => r.t));
  for (const { name, sql } of tables) {
    // An FTS5 table's own storage tables belong to it, not to the schema.
    if ([...virtual].some((v) => name.startsWith(`${v}_`))) continue;
    const columns: Record<string, string> = {};
    for (const c of raw.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`).all(name) as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }[]) {
      columns[c.name] = `${c.type.toLowerCase()}${c.notnull || c.pk ? ' not null' : ''}`;
    }
    const indexes: string[] = [];
    const unique: string[] = [];
    for (const ix of raw.prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?)').all(name) as {
      name: string;
      unique: number;
      origin: string;
      partial: number;
    }[]) {
      const cols = (raw.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(ix.name) as { name: string | null }[]).map(
        (r) => r.name ?? '<expr>',
      );
      if (ix.origin === 'c') indexes.push(`${ix.name}(${cols.join(', ')})${ix.unique ? ' unique' : ''}${ix.partial ? ' partial' : ''}`);
      else if (ix.origin === 'u') unique.push(cols.join(', '));
    }
    const foreignKeys = (
      raw.prepare('SELECT "from", "table", "to" FROM pragma_foreign_key_list(?)').all(name) as { from: string; table: string; to: string }[]
    ).map((f) => `${f.from} -> ${f.table}(${f.to ?? 'id'})`);
    shape[name] = { columns, checks: (sql.match(/\bCHECK\s*\(/gi) ?? []).length, indexes, unique, foreignKeys, guarded: triggered.has(name) };
  }
  for (const v of virtual) shape[v] = { columns: {}, checks: 0, indexes: [], unique: [], foreignKeys: [], guarded: triggered.has(v) };
  return sortShape(shape);
}

/** PostgreSQL, read from the catalog for the connection's schema. */
export async function postgresShape(db: Db): Promise<SchemaShape> {
  const shape: SchemaShape = {};
  const columns = await db.all<{ t: string; c: string; type: string; nullable: string }>(
    `SELECT c.table_name AS t, c.column_name AS c, c.data_type AS type, c.is_nullable AS nullable
       FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'needlebook_schema'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  for (const c of columns) {
    const table = (shape[c.t] ??= { columns: {}, checks: 0, indexes: [], unique: [], foreignKeys: [], guarded: false });
    table.columns[c.c] = `${PG_TYPES[c.type] ?? c.type}${c.nullable === 'NO' ? ' not null' : ''}`;
  }
  const constraints = await db.all<{ t: string; kind: string; cols: string; ref: string | null; refcols: string | null }>(
    `SELECT rel.relname AS t, con.contype AS kind,
            (SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, n)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS cols,
            ref.relname AS ref,
            (SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, n)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS refcols
       FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace
       LEFT JOIN pg_class ref ON ref.oid = con.confrelid
      WHERE n.nspname = current_schema()`,
  );
  for (const c of constraints) {
    const table = shape[c.t];
    if (!table) continue;
    if (c.kind === 'c') table.checks++;
    else if (c.kind === 'u') table.unique.push(c.cols);
    else if (c.kind === 'f') table.foreignKeys.push(`${c.cols} -> ${c.ref}(${c.refcols})`);
  }
  const indexes = await db.all<{ t: string; name: string; cols: string; uniq: boolean; partial: boolean }>(
    `SELECT tbl.relname AS t, ix.relname AS name, i.indisunique AS uniq, i.indpred IS NOT NULL AS partial,
            (SELECT string_agg(coalesce(a.attname, '<expr>'), ', ' ORDER BY k.n) FROM unnest(i.indkey::smallint[]) WITH ORDINALITY k(attnum, n)
               LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS cols
       FROM pg_index i JOIN pg_class ix ON ix.oid = i.indexrelid JOIN pg_class tbl ON tbl.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = tbl.relnamespace
      WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)`,
  );
  for (const ix of indexes) shape[ix.t]?.indexes.push(`${ix.name}(${ix.cols})${ix.uniq ? ' unique' : ''}${ix.partial ? ' partial' : ''}`);
  const guarded = await db.all<{ t: string }>(
    `SELECT DISTINCT c.relname AS t FROM pg_trigger tr JOIN pg_class c ON c.oid = tr.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND NOT tr.tgisinternal AND tr.tgname NOT LIKE '%\\_notify'`,
  );
  for (const g of guarded) if (shape[g.t]) shape[g.t]!.guarded = true;
  return sortShape(shape);
}
