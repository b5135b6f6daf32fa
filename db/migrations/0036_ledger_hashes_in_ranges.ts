import { PIN_FUNCTIONS, SHAPES } from './0025_server_holds';

/**
 * Version 36 (issue 38): the clinic's server hashes a run of signed records in one statement.
 *
 * PostgreSQL only. Verifying the whole ledger called needlebook_content_hash (migration 25) once per
 * signed record: for each, row_to_json of the record and of every child row, each turned into text
 * by needlebook_row_text (json_each and string_agg in a SQL function planned at every call), one
 * sub-select per child table. At 18,000 patients (202,504 records) that was 81 s of one backend's
 * CPU, about 400 µs a record, where the app hashes the same file in about 24 µs a record.
 *
 * `needlebook_content_hashes(kind, after_id, how_many)` gives the content hash of the next
 * `how_many` signed records of a kind with an id above `after_id`, in id order, byte for byte what
 * needlebook_content_hash gives for each (the hash's definition does not change: the ledger's
 * stored hashes and the app's own on a file stay as they are):
 *
 * - a row's text is built by an expression over its columns, not through JSON: each column in the
 *   table's order as `name=value;`, NULL left out, an integer as its text, a string or a float as
 *   to_json writes it (the same escaping and, with extra_float_digits = 1, the same digits as
 *   row_to_json), a boolean as 1 or 0. The expression is read from the catalog at each call
 *   (needlebook_row_sql), so a column a later migration appends is hashed as row_to_json would show
 *   it; a column of any other type is written by needlebook_row_text itself, as before.
 * - each child table's rows are read once for the whole run, by the range of parent ids, their
 *   texts sorted and joined per parent in one grouped pass, and joined to the parents.
 *
 * Called, as needlebook_content_hash is, by the clinic's owners and practitioners only
 * (db/clinic/roles.ts); it runs as the tables' owner with the fixed search path of migration 25.
 * The seal still hashes its one record with needlebook_content_hash.
 */

/**
 * A signed record's shape as migration 25 wrote it for the server (its SHAPES): that migration's
 * text never changes, so neither does this one's. What counts as signed, on the records' alias `r`.
 */
const signedOn = (kind: string) => {
  const { signed } = SHAPES[kind]!;
  return signed === 'true' ? signed : `r.${signed}`;
};

/**
 * One kind's branch: the last id of the run, then the run hashed in one statement. In the query,
 * $1 and $2 bound the parents' ids (after, last], $3 is the kind as bytes and $4 the NUL byte that
 * separates the parts; each %s is a table's row text, filled in by format() from the catalog.
 */
const branch = (kind: string) => {
  const s = SHAPES[kind]!;
  const parts = ["convert_to(%s, 'UTF8')", ...s.children.map((_, i) => `convert_to(coalesce(c${i + 1}.t, ''), 'UTF8')`)];
  const joins = s.children.map(
    ([table, fk], i) => `
      LEFT JOIN (SELECT x.k, string_agg(x.t, E'\\n' ORDER BY x.t COLLATE "C") AS t
                 FROM (SELECT c.${fk} AS k, %s AS t FROM ${table} c WHERE c.${fk} > $1 AND c.${fk} <= $2) x GROUP BY x.k) c${i + 1} ON c${i + 1}.k = r.id`,
  );
  const rowSql = [`needlebook_row_sql('${s.table}', 'r')`, ...s.children.map(([table]) => `needlebook_row_sql('${table}', 'c')`)];
  return `WHEN '${kind}' THEN
    SELECT max(s.id) INTO last_id FROM (SELECT r.id FROM ${s.table} r WHERE r.id > after_id AND ${signedOn(kind)} ORDER BY r.id LIMIT how_many) s;
    query := format($q$SELECT r.id, encode(sha256($3 || $4 || ${parts.join(' || $4 || ')}), 'hex')
      FROM ${s.table} r${joins.join('')}
      WHERE r.id > $1 AND r.id <= $2 AND ${signedOn(kind)} ORDER BY r.id$q$,
      ${rowSql.join(', ')});`;
};

const sql = `
-- Version 36 changes the clinic's server only (PostgreSQL): a run of signed records hashed in one statement.
`;

export default sql;
export const postgres = `
-- One table's row as needlebook_row_text(row_to_json(row)) writes it, as an SQL expression on the
-- table's alias: its columns in order, each as name=value; or nothing when NULL.
-- plpgsql, as every function of the app's since migration 35: planned once a session.
CREATE FUNCTION needlebook_row_sql(tbl text, alias text) RETURNS text LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN (SELECT coalesce(string_agg(
    CASE
      WHEN a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
        THEN format($e$coalesce(%L || %I.%I::text || ';', '')$e$, a.attname || '=', alias, a.attname)
      WHEN a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'float4'::regtype, 'float8'::regtype, 'numeric'::regtype)
        THEN format($e$coalesce(%L || to_json(%I.%I)::text || ';', '')$e$, a.attname || '=', alias, a.attname)
      WHEN a.atttypid = 'bool'::regtype
        THEN format($e$coalesce(%1$L || CASE WHEN %2$I.%3$I THEN '1' WHEN NOT %2$I.%3$I THEN '0' END || ';', '')$e$, a.attname || '=', alias, a.attname)
      ELSE format($e$needlebook_row_text(json_build_object(%L, %I.%I))$e$, a.attname, alias, a.attname)
    END, ' || ' ORDER BY a.attnum), $e$''$e$)
  FROM pg_attribute a
  WHERE a.attrelid = tbl::regclass AND a.attnum > 0 AND NOT a.attisdropped);
END $fn$;

-- The content hash of each of the next how_many signed records of a kind after after_id, in id
-- order: what needlebook_content_hash gives for each, in one pass.
CREATE FUNCTION needlebook_content_hashes(kind text, after_id integer, how_many integer)
  RETURNS TABLE (record_id integer, content_hash text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET extra_float_digits = 1 AS $fn$
#variable_conflict use_column
DECLARE
  last_id integer;
  query text;
BEGIN
  IF how_many IS NULL OR how_many < 1 THEN RAISE EXCEPTION 'how_many must be at least 1' USING ERRCODE = '22023'; END IF;
  CASE kind
  ${Object.keys(SHAPES).map(branch).join('\n  ')}
  ELSE RAISE EXCEPTION 'not a kind of signed record: %', kind;
  END CASE;
  IF last_id IS NULL THEN RETURN; END IF;
  RETURN QUERY EXECUTE query USING after_id, last_id, convert_to(kind, 'UTF8'), '\\x00'::bytea;
END $fn$;
REVOKE ALL ON FUNCTION needlebook_row_sql(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION needlebook_content_hashes(text, integer, integer) FROM PUBLIC;

${PIN_FUNCTIONS}
`;
