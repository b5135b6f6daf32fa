import { describe, expect, it } from 'vitest';
import { GROUP_ROLE, grantClinicRights } from '../../db/clinic/roles';
import type { Db } from '../../db/engine/types';
import { LEDGER_KINDS, LEDGER_SHAPES, verifyLedger, type LedgerKind } from '../../db/queries/ledger';
import { copySignedVisits } from '../bench/signed-records';
import { chartVisit, draftAssessment, itbsClinic, type ItbsClinic } from '../support/charting';
import { valueOf } from '../support/db';

/**
 * The clinic's server hashes a run of signed records in one statement (migration 36,
 * needlebook_content_hashes), byte for byte as its per-record function (needlebook_content_hash,
 * migration 25) hashes each, which stays the definition: the seals already in the ledger verify.
 * The whole ledger is verified a chunk of records at a time, never one statement for a kind.
 */

/** Every signed record of a kind, hashed by the per-record function. */
async function perRecord(db: Db, kind: LedgerKind): Promise<[number, string][]> {
  const shape = LEDGER_SHAPES[kind];
  const rows = await db.all<{ id: number; h: string }>(`SELECT id, needlebook_content_hash(?, id) AS h FROM ${shape.table} WHERE ${shape.signed} ORDER BY id`, [
    kind,
  ]);
  return rows.map((r) => [Number(r.id), r.h]);
}

/** The same, by the ranged function, `size` records a statement. */
async function ranged(db: Db, kind: LedgerKind, size: number): Promise<{ hashes: [number, string][]; statements: number }> {
  const hashes: [number, string][] = [];
  let statements = 0;
  for (let after = 0; ; statements++) {
    const rows = await db.all<{ id: number; h: string }>('SELECT record_id AS id, content_hash AS h FROM needlebook_content_hashes(?, ?, ?)', [
      kind,
      after,
      size,
    ]);
    if (rows.length === 0) break;
    expect(rows.length).toBeLessThanOrEqual(size);
    hashes.push(...rows.map((r): [number, string] => [Number(r.id), r.h]));
    after = Number(rows.at(-1)!.id);
  }
  return { hashes, statements };
}

/** Text that JSON escapes, in every way PostgreSQL's escaping and the app's row text could part. */
const AWKWARD = [
  'He said "stop" at mile 20 \\ then C:\\runs\\',
  'line one\nline two\ttabbed\r\u0001\u001f\u007f end',
  'Ünïcödé café (e\u0301) 日本語 🏃‍♀️ \u2028\u2029 \uFEFF',
  '',
  'null',
  'true',
  '{"json": [1, 2.5, null]}',
  '</script><b>',
  ' leading and trailing ',
];

const FLOATS = ['0.1', '2.5', '1e-5', '123456.7', '3.3333333', '0.30000001', '0.333333333333', '16777217', '-0', '1e-40', '1e15', '123456789012345680000'];
/** A lead pair's current, within its check (0, 20]: some through float4 first (0.1 becomes 0.10000000149011612). */
const INTENSITIES = ['0.1', '2.5', '19.999999', '0.30000001', '1e-5', '3.3333333', '0.333333333333', '20', '7.1'];

async function awkwardVisit(t: ItbsClinic, startedAt: string, i: number): Promise<number> {
  const visit = await chartVisit(t, startedAt);
  const text = (k: number) => AWKWARD[(i + k) % AWKWARD.length]!;
  // Straight into the draft's columns, as stored: what the service's own checks would tidy is kept as it is.
  await t.db.run('UPDATE visit SET subjective = ?, objective = ?, plan = ?, home_care = ?, assessment_text = NULL, pain_after = NULL WHERE id = ?', [
    text(0),
    text(1),
    text(2),
    text(3),
    visit.id,
  ]);
  // Floats as text, so that -0 and the float4 rounding reach the server as written.
  await t.db.run('UPDATE visit_acupoint SET gauge_mm = ?::double precision, depth = ?, technique = NULL WHERE visit_id = ? AND position = 0', [
    FLOATS[i % FLOATS.length],
    text(4),
    visit.id,
  ]);
  await t.db.run('UPDATE visit_lead_pair SET intensity_ma = ?::real WHERE visit_id = ?', [INTENSITIES[i % INTENSITIES.length], visit.id]);
  valueOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id }));
  return visit.id;
}

describe('the server hashes signed records in runs (postgres)', () => {
  it('gives every kind byte for byte the per-record hash: floats, NULLs, booleans, unicode and JSON escapes, columns of other types', async () => {
    const t = await itbsClinic();
    // Columns of every other kind a later migration might add, appended after the app's own (and one
    // added and dropped): each is hashed as row_to_json shows it.
    await t.db.exec(`
      ALTER TABLE visit ADD COLUMN nb_gone text;
      ALTER TABLE visit ADD COLUMN nb_flag boolean, ADD COLUMN nb_f8 double precision, ADD COLUMN nb_num numeric,
        ADD COLUMN nb_jsonb jsonb, ADD COLUMN nb_json json, ADD COLUMN nb_at timestamptz, ADD COLUMN nb_big bigint,
        ADD COLUMN nb_vc varchar(60), ADD COLUMN nb_ints integer[], ADD COLUMN nb_day date, ADD COLUMN nb_r real;
      ALTER TABLE visit DROP COLUMN nb_gone;
      ALTER TABLE visit_adjunct ADD COLUMN nb_flag boolean;
    `);
    const ids: number[] = [];
    for (let i = 0; i < 9; i++) ids.push(await awkwardVisit(t, `2026-03-${String(2 + i).padStart(2, '0')}T10:00`, i));
    // The other columns, set on drafts before they are signed: every value, and NULL.
    const others: (string | boolean | null)[][] = [
      [
        true,
        '0.1',
        '2.50',
        '{"b": [1, "x\\"y"], "a": null}',
        ' { "a" : 1 } ',
        '2026-03-02T10:00:00Z',
        '9007199254740993',
        'café "quoted"',
        '{1,2,NULL}',
        '2026-03-02',
        '0.1',
      ],
      [false, '1e21', 'NaN', 'true', 'null', null, '-1', '', '{}', null, '1e-7'],
      [null, 'NaN', '-0.000', 'null', '"just a string"', '2026-03-02T10:00:00.123456+05:30', '0', null, null, '2026-12-31', 'Infinity'],
      [true, '-0', '1e-20', '[]', '[1,  2]', null, null, '\n\t\\', '{-1}', null, '-0'],
    ];
    for (const [k, values] of others.entries()) {
      const visit = await chartVisit(t, `2026-04-${String(2 + k).padStart(2, '0')}T10:00`, { adjuncts: [{ kind: 'cupping', minutes: 5 }] });
      await t.db.run(
        `UPDATE visit SET nb_flag = ?, nb_f8 = ?::double precision, nb_num = ?::numeric, nb_jsonb = ?::jsonb, nb_json = ?::json, nb_at = ?::timestamptz,
           nb_big = ?::bigint, nb_vc = ?, nb_ints = ?::integer[], nb_day = ?::date, nb_r = ?::real WHERE id = ?`,
        [...values, visit.id],
      );
      await t.db.run('UPDATE visit_adjunct SET nb_flag = ?, note = ? WHERE visit_id = ?', [values[0], AWKWARD[k], visit.id]);
      valueOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id }));
      ids.push(visit.id);
    }
    // Assessments with their children (a real score of every kind), addenda and consents, the awkward values written as stored.
    for (const [i, score] of ['52', '0.1', '33.333332', '1e-5'].entries()) {
      const a = await draftAssessment(t, {
        assessedOn: `2026-03-0${i + 2}`,
        assessmentText: 'ITBS',
        orthoTests: [{ name: 'Ober', side: 'R', result: 'positive' }],
      });
      await t.db.run('UPDATE assessment SET chief_complaint = ?, sleep_hours = ?::double precision, pain_worst = NULL WHERE id = ?', [
        AWKWARD[i],
        FLOATS[i],
        a.id,
      ]);
      await t.db.run('UPDATE assessment_outcome SET score = ?::double precision WHERE assessment_id = ?', [score, a.id]);
      await t.db.run('UPDATE assessment_ortho_test SET note = ? WHERE assessment_id = ?', [AWKWARD[i + 1], a.id]);
      valueOf(await t.call('signAssessment', { id: a.id, providerId: t.mara.id }));
    }
    for (const [i, id] of ids.slice(0, AWKWARD.length).entries())
      await t.db.run("INSERT INTO addendum (record_kind, record_id, author_id, written_at, text) VALUES ('visit', ?, ?, '2026-03-20T09:00:00Z', ?)", [
        id,
        t.mara.id,
        AWKWARD[i] || 'Seen again',
      ]);
    valueOf(await t.call('addConsent', { patientId: t.ana.id, kind: 'acupuncture', signedOn: '2026-03-01', formVersion: 'ACU "2026" é' }));
    valueOf(await t.call('addConsent', { patientId: t.ana.id, kind: 'electroacupuncture', signedOn: '2026-03-01', formVersion: 'v1' }));

    // What the rows hold, so the test does test them: the awkward values are stored as given.
    expect(await t.db.get('SELECT count(*) AS n FROM visit WHERE nb_jsonb IS NOT NULL AND signed_at IS NOT NULL')).toEqual({ n: 4 });
    expect((await t.db.get<{ s: string }>('SELECT subjective AS s FROM visit WHERE id = ?', [ids[1]]))!.s).toBe(AWKWARD[1]);
    for (const kind of LEDGER_KINDS) {
      const expected = await perRecord(t.db, kind);
      expect(expected.length).toBeGreaterThan(1);
      // Runs of 1, 2 and 3: every record alone, and children gathered across the edges of runs.
      for (const size of [1, 2, 3, 1000]) {
        const { hashes, statements } = await ranged(t.db, kind, size);
        expect(hashes, `${kind}, runs of ${size}`).toEqual(expected);
        expect(statements).toBe(Math.ceil(expected.length / size));
      }
    }
    // And the seals made at signing (by the per-record function) verify through the runs.
    const report = await verifyLedger(t.db);
    expect(report.problems).toEqual([]);
    expect(report.checked).toBe((await t.db.get<{ n: number }>('SELECT count(*) - 1 AS n FROM signed_ledger'))!.n);
  });

  it('is called by the same logins as the per-record function: owners and practitioners, never the front desk or PUBLIC', async () => {
    const t = await itbsClinic();
    await grantClinicRights(t.db);
    const FUNCTIONS = ['needlebook_content_hash(text, integer)', 'needlebook_content_hashes(text, integer, integer)', 'needlebook_row_sql(text, text)'];
    const may = await t.db.all<{ role: string; fn: string; may: boolean }>(
      `SELECT r AS role, f AS fn, has_function_privilege(r, f, 'EXECUTE') AS may
         FROM unnest(?::text[]) WITH ORDINALITY AS roles(r, i), unnest(?::text[]) WITH ORDINALITY AS fns(f, j) ORDER BY i, j`,
      [Object.values(GROUP_ROLE), FUNCTIONS],
    );
    expect(may.map((m) => `${m.role} ${m.fn.replace(/\(.*/, '')} ${m.may}`)).toEqual([
      'needlebook_owner needlebook_content_hash true',
      'needlebook_owner needlebook_content_hashes true',
      'needlebook_owner needlebook_row_sql false',
      'needlebook_practitioner needlebook_content_hash true',
      'needlebook_practitioner needlebook_content_hashes true',
      'needlebook_practitioner needlebook_row_sql false',
      'needlebook_front_desk needlebook_content_hash false',
      'needlebook_front_desk needlebook_content_hashes false',
      'needlebook_front_desk needlebook_row_sql false',
    ]);
    const forPublic = await t.db.all(
      `SELECT p.proname FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
        WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND a.grantee = 0
          AND p.proname IN ('needlebook_content_hash', 'needlebook_content_hashes', 'needlebook_row_sql')`,
    );
    expect(forPublic).toEqual([]);
    // Run as the tables' owner, with migration 25's fixed search path and float digits.
    const definer = await t.db.all<{ f: string; definer: boolean; config: string[] }>(
      `SELECT proname AS f, prosecdef AS definer, proconfig AS config FROM pg_proc
        WHERE pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND proname IN ('needlebook_content_hash', 'needlebook_content_hashes') ORDER BY 1`,
    );
    expect(
      definer.map((d) => [d.f, d.definer, d.config.includes('extra_float_digits=1'), d.config.some((c) => c.startsWith('search_path=pg_catalog, '))]),
    ).toEqual([
      ['needlebook_content_hash', true, true, true],
      ['needlebook_content_hashes', true, true, true],
    ]);
    await expect(t.db.all("SELECT * FROM needlebook_content_hashes('patient', 0, 10)")).rejects.toThrow(/not a kind of signed record/);
    await expect(t.db.all("SELECT * FROM needlebook_content_hashes('visit', 0, 0)")).rejects.toThrow(/how_many/);
  });

  it('verifies a kind in chunks, never one statement for the whole kind, and still names a record damaged by hand in a later chunk', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00', { leadPairs: [] });
    valueOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id }));
    await copySignedVisits(t.db, 2100);
    // Every statement the verification sends, with how many rows each answered.
    const sent: { sql: string; rows: number }[] = [];
    const watched: Db = Object.create(t.db, {
      all: {
        value: async <T>(sql: string, params?: unknown) => {
          const rows = await t.db.all<T>(sql, params as never);
          sent.push({ sql, rows: rows.length });
          return rows;
        },
      },
    }) as Db;
    const clean = await verifyLedger(watched);
    expect(clean.problems).toEqual([]);
    expect(clean.checked).toBe(2101);
    const hashing = sent.filter((s) => /needlebook_content_hash/.test(s.sql));
    // No statement calls the per-record function for every row, and none hashes more than a chunk.
    expect(hashing.every((s) => s.sql.includes('needlebook_content_hashes('))).toBe(true);
    // Visits in runs of 250 (and the statement that finds none left), then the kinds with nothing signed.
    expect(hashing.map((s) => s.rows)).toEqual([...Array<number>(8).fill(250), 101, 0, 0, 0, 0]);
    expect(Math.max(...sent.map((s) => s.rows))).toBeLessThanOrEqual(5000);

    const ids = (await t.db.all<{ id: number }>('SELECT id FROM visit WHERE signed_at IS NOT NULL ORDER BY id')).map((r) => Number(r.id));
    const [inSecond, inThird] = [ids[1500]!, ids[2050]!];
    await t.db.exec('ALTER TABLE visit DISABLE TRIGGER visit_signed; ALTER TABLE visit_acupoint DISABLE TRIGGER visit_acupoint_frozen');
    await t.db.run("UPDATE visit SET subjective = 'changed later' WHERE id = ?", [inThird]);
    await t.db.run("UPDATE visit_acupoint SET side = 'L' WHERE visit_id = ? AND point_code = 'GB34'", [inSecond]);
    const report = await verifyLedger(t.db);
    expect(report.checked).toBe(2101);
    expect(report.problems).toEqual([inSecond, inThird].map((id) => ({ kind: 'visit', id, problem: `visit ${id} was altered after it was signed` })));
  });
});
