import type { z } from 'zod';
import { DomainError } from '../../shared/outcome';
import type { PatientPage, PatientRow, PatientSort, patientListQuery } from '../../shared/patient';
import { ageOn, localIsoDate, parseTypedDate } from '../../shared/validation/dates';
import type { DbContext } from '../context';
import type { Dialect } from '../engine/types';
import { searchWords } from '../../shared/names';
import { limitClause } from '../engine/paging';

type Query = z.output<typeof patientListQuery>;

/** Each sort is backed by an index on (column, id), so every page is a short index range scan. */
const SORT_COLUMN: Record<PatientSort, string> = {
  name: 'p.sort_name',
  dateOfBirth: 'p.date_of_birth',
  updatedAt: 'p.updated_at',
};

interface Cursor {
  sort: PatientSort;
  direction: 'asc' | 'desc';
  key: string;
  id: number;
  /** The count of the first page, carried along: the list counts once per query, not per page. */
  total: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.direction, c.key, c.id, c.total])).toString('base64url');
}

function decodeCursor(text: string, q: Query, field: 'after' | 'before'): Cursor {
  try {
    const [sort, direction, key, id, total] = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown[];
    if (sort === q.sort && direction === q.direction && typeof key === 'string' && Number.isInteger(id) && Number.isInteger(total)) {
      return { sort: q.sort, direction: q.direction, key, id: id as number, total: total as number };
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError('invalid_input', 'The page position is out of date; start from the first page', {
    [field]: 'Page position does not match this sort order',
  });
}

/** Search box: a full date matches the date of birth, a year matches the birth year, words match name starts. */
function searchFilter(search: string, dialect: Dialect): { sql: string[]; params: string[] } {
  const text = search.trim();
  if (text === '') return { sql: [], params: [] };
  const date = parseTypedDate(text);
  if (date) return { sql: ['p.date_of_birth = ?'], params: [date] };
  if (/^\d{4}$/.test(text)) return { sql: ['p.date_of_birth LIKE ?'], params: [`${text}-%`] };
  const words = searchWords(text);
  if (words.length === 0) return { sql: [], params: [] };
  // Each word must start a word of the names: a range read on the name parts' index, folded as the
  // parts were (shared/names.ts). U+10FFFF sorts after every character, so [w, w + U+10FFFF) is "starts with w".
  // The patients who match every word are found among the parts alone, then looked up by id: at
  // 18,000 patients a word matches hundreds, and PostgreSQL, left to join each word's matches to
  // `patient`, read the whole table into a hash ("ana re", 13 ms p95), or walked it in name order
  // until 26 matched, all the way to the "t"s for "thorne" (35 ms).
  const matches = words.map(() => 'SELECT patient_id FROM patient_name_part WHERE part >= ? AND part < ?').join(' INTERSECT ');
  return {
    sql: [dialect.inQuery('p.id', matches)],
    params: words.flatMap((w) => [w, `${w}\u{10FFFF}`]),
  };
}

interface RawRow extends Omit<PatientRow, 'age' | 'nextRace' | 'archived'> {
  sortKey: string;
  /** JSON text from SQLite, an object already from PostgreSQL. */
  nextRace: string | PatientRow['nextRace'];
  archivedAt: string | null;
}

/**
 * One page of the patient list by keyset: the page after (or before) a cursor of (sort key, id).
 * Never offset paging, so page 50 costs what page 1 costs.
 */
export async function listPatients(ctx: DbContext, q: Query): Promise<PatientPage> {
  if (q.after && q.before) {
    throw new DomainError('invalid_input', 'Ask for the page after or before a position, not both', { before: 'Give either after or before' });
  }
  const today = localIsoDate(ctx.now());
  const column = SORT_COLUMN[q.sort];
  const filter = searchFilter(q.search, ctx.db.dialect);
  const where = [...filter.sql];
  if (!q.includeArchived) where.push('p.archived_at IS NULL');
  const baseParams: (string | number)[] = [...filter.params];

  const cursorText = q.after ?? q.before;
  const backwards = q.before !== undefined;
  const cursor = cursorText ? decodeCursor(cursorText, q, backwards ? 'before' : 'after') : null;
  // The first page's count and the page are asked for together: one wait on PostgreSQL.
  const counted = cursor
    ? null
    : ctx.db.get<{ n: number | string }>(`SELECT count(*) AS n FROM patient p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, [...baseParams]);

  // Walking backwards is walking forwards in the opposite order, then flipping the page.
  const ascending = (q.direction === 'asc') !== backwards;
  const pageWhere = [...where];
  const params = [...baseParams];
  if (cursor) {
    pageWhere.push(`(${column}, p.id) ${ascending ? '>' : '<'} (?, ?)`);
    params.push(cursor.key, cursor.id);
  }
  const order = ascending ? 'ASC' : 'DESC';
  const page$ = ctx.db.all<RawRow>(
    `SELECT p.id, p.first_name AS "firstName", p.last_name AS "lastName", p.date_of_birth AS "dateOfBirth", p.sex,
              p.primary_sport AS "primarySport", p.weekly_volume AS "weeklyVolume", p.volume_unit AS "volumeUnit",
              p.training_phase AS "trainingPhase", p.archived_at AS "archivedAt", p.updated_at AS "updatedAt",
              ${column} AS "sortKey",
              (SELECT ${ctx.db.dialect.jsonObject([
                ['name', 'r.name'],
                ['date', 'r.race_date'],
                ['distance', 'r.distance'],
              ])}
                 FROM race r WHERE r.patient_id = p.id AND r.race_date >= ? ORDER BY r.race_date, r.id LIMIT 1) AS "nextRace"
       FROM patient p
       ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
       ORDER BY ${column} ${order}, p.id ${order}
       ${limitClause(q.limit + 1)}`,
    [today, ...params],
  );
  const [count, raw] = await Promise.all([counted, page$]);
  const total = cursor?.total ?? Number(count!.n);

  const more = raw.length > q.limit;
  const page = raw.slice(0, q.limit);
  if (backwards) page.reverse();
  const cursorAt = (r: RawRow | undefined): string | null =>
    r ? encodeCursor({ sort: q.sort, direction: q.direction, key: r.sortKey, id: r.id, total }) : null;

  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : cursorText !== undefined;
  return {
    rows: page.map(({ sortKey: _k, nextRace, archivedAt, ...r }) => ({
      ...r,
      age: ageOn(r.dateOfBirth, today),
      nextRace: typeof nextRace === 'string' ? (JSON.parse(nextRace) as PatientRow['nextRace']) : nextRace,
      archived: archivedAt !== null,
    })),
    total,
    next: hasNext && page.length > 0 ? cursorAt(page[page.length - 1]) : null,
    previous: hasPrevious && page.length > 0 ? cursorAt(page[0]) : null,
  };
}
