import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrateSqlite } from '../../db/migrate';
import { postgresShape, sqliteShape, type SchemaShape } from '../support/schema-snapshot';
import { TEST_ENGINE, testEngine } from '../support/db';

/**
 * The two engines' schemas are equal by construction, not by hand (docs/storage-engines.md): after
 * every migration each engine's schema — tables, columns with their types, nullability, CHECK
 * counts, indexes, unique sets, foreign keys, guarded tables — must match the other's, less the
 * differences named below, and the snapshot committed beside this file. After adding a migration,
 * write the snapshot again with NEEDLEBOOK_WRITE_SCHEMA_SNAPSHOT=1 (then prettier --write it) and read its diff in review.
 */
const SNAPSHOT = new URL('./schema-snapshot.json', import.meta.url);

/** What differs by engine on purpose, each with its reason. Anything else is a difference to mend. */
const ENGINE_ONLY: { table: string; column?: string; index?: string; engine: 'sqlite' | 'postgres'; why: string }[] = [
  {
    table: 'note_search',
    engine: 'postgres',
    column: '*',
    why: 'the note search index: FTS5 on SQLite, a table with a tsvector and its GIN index on PostgreSQL',
  },
  { table: 'note_search', engine: 'postgres', index: 'note_search_tsv(tsv)', why: 'the tsvector index of the same' },
  {
    table: 'note_draft_search',
    engine: 'sqlite',
    column: '*',
    why: 'drafts’ search entries kept out of the FTS5 note index, whose secure deletes cost more as it grows (migration 32); PostgreSQL keeps one table',
  },
  {
    table: 'assessment_outcome',
    engine: 'postgres',
    column: 'seq',
    why: 'insertion order: SQLite keeps it in rowid, PostgreSQL in a seq column (Dialect.insertionOrder)',
  },
  { table: 'visit_adjunct', engine: 'postgres', column: 'seq', why: 'the same' },
  { table: 'patient', engine: 'postgres', column: 'sort_name', why: 'the patient list sorts by a stored sort key on PostgreSQL, by an expression on SQLite' },
];

/** The differences between the two shapes, less the named ones: each a line naming table and what. */
export function differences(sqlite: SchemaShape, postgres: SchemaShape): string[] {
  const found: string[] = [];
  const allowed = (engine: string, table: string, what: { column?: string; index?: string }) =>
    ENGINE_ONLY.some(
      (d) =>
        d.engine === engine &&
        d.table === table &&
        ((what.column !== undefined && (d.column === what.column || d.column === '*')) || (what.index !== undefined && d.index === what.index)),
    );
  for (const table of new Set([...Object.keys(sqlite), ...Object.keys(postgres)])) {
    const [s, p] = [sqlite[table], postgres[table]];
    if (!s || !p) {
      // A whole table on one engine only is named with column '*'.
      if (allowed(s ? 'sqlite' : 'postgres', table, { column: '*' })) continue;
      found.push(`${table}: a table on ${s ? 'SQLite' : 'PostgreSQL'} only`);
      continue;
    }
    for (const column of new Set([...Object.keys(s.columns), ...Object.keys(p.columns)])) {
      if (s.columns[column] === p.columns[column]) continue;
      if (s.columns[column] === undefined && allowed('postgres', table, { column })) continue;
      if (p.columns[column] === undefined && allowed('sqlite', table, { column })) continue;
      found.push(`${table}.${column}: ${s.columns[column] ?? 'missing'} on SQLite, ${p.columns[column] ?? 'missing'} on PostgreSQL`);
    }
    if (s.checks !== p.checks) found.push(`${table}: ${s.checks} CHECK constraints on SQLite, ${p.checks} on PostgreSQL`);
    for (const index of new Set([...s.indexes, ...p.indexes])) {
      const [onS, onP] = [s.indexes.includes(index), p.indexes.includes(index)];
      if (onS === onP || (!onS && allowed('postgres', table, { index })) || (!onP && allowed('sqlite', table, { index }))) continue;
      found.push(`${table}: index ${index} on ${onS ? 'SQLite' : 'PostgreSQL'} only`);
    }
    if (JSON.stringify(s.unique) !== JSON.stringify(p.unique))
      found.push(`${table}: unique ${JSON.stringify(s.unique)} on SQLite, ${JSON.stringify(p.unique)} on PostgreSQL`);
    if (JSON.stringify(s.foreignKeys) !== JSON.stringify(p.foreignKeys))
      found.push(`${table}: foreign keys ${JSON.stringify(s.foreignKeys)} on SQLite, ${JSON.stringify(p.foreignKeys)} on PostgreSQL`);
    if (s.guarded !== p.guarded) found.push(`${table}: guarded on ${s.guarded ? 'SQLite' : 'PostgreSQL'} only`);
  }
  return found;
}

function freshSqlite(): SchemaShape {
  const raw = new BetterSqlite3(':memory:');
  try {
    migrateSqlite(raw);
    return sqliteShape(raw);
  } finally {
    raw.close();
  }
}

const committed = (): { sqlite: SchemaShape; postgres: SchemaShape } =>
  JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { sqlite: SchemaShape; postgres: SchemaShape };

describe(`schema parity (${TEST_ENGINE})`, () => {
  it('SQLite’s schema after every migration is the committed snapshot', () => {
    const now = freshSqlite();
    if (process.env.NEEDLEBOOK_WRITE_SCHEMA_SNAPSHOT === '1' && TEST_ENGINE === 'sqlite') {
      const before = existsSync(SNAPSHOT) ? committed() : { sqlite: {}, postgres: {} };
      writeFileSync(SNAPSHOT, `${JSON.stringify({ ...before, sqlite: now }, null, 2)}\n`);
    }
    expect(now).toEqual(committed().sqlite);
  });

  // Defined on the PostgreSQL run only (never skipped): it needs both engines.
  if (TEST_ENGINE === 'postgres')
    it('PostgreSQL’s schema is the committed snapshot, and equals SQLite’s but for the differences named', async () => {
      const db = await testEngine();
      const now = await postgresShape(db);
      if (process.env.NEEDLEBOOK_WRITE_SCHEMA_SNAPSHOT === '1') writeFileSync(SNAPSHOT, `${JSON.stringify({ ...committed(), postgres: now }, null, 2)}\n`);
      expect(differences(freshSqlite(), now)).toEqual([]);
      expect(now).toEqual(committed().postgres);
    });

  it('names a column, a CHECK or an index added on one engine only', () => {
    const { sqlite, postgres } = committed();
    const changed = structuredClone(postgres);
    changed.visit!.columns.mood = 'text';
    changed.consent!.checks += 1;
    changed.race!.indexes.push('race_by_name(name)');
    expect(differences(sqlite, changed).sort()).toEqual(
      [
        `consent: ${sqlite.consent!.checks} CHECK constraints on SQLite, ${sqlite.consent!.checks + 1} on PostgreSQL`,
        'race: index race_by_name(name) on PostgreSQL only',
        'visit.mood: missing on SQLite, text on PostgreSQL',
      ].sort(),
    );
    expect(differences(sqlite, postgres)).toEqual([]);
  });
});
