import { describe, expect, it } from 'vitest';
import { signedVisitOnFile } from '../support/charting';
import type { reopenableDb } from '../support/db';
import { TEST_ENGINE } from '../support/db';

/**
 * Plain-SQL tampering with a signed record on a real database, the way a stray tool would: a
 * separate connection, none of the app's settings (no recursive_triggers on SQLite). Every form
 * is refused by the database itself and the record with its rows stays as signed.
 */
describe(`tampering with a signed visit by plain SQL (${TEST_ENGINE})`, () => {
  const snapshot = async (place: ReturnType<typeof reopenableDb>, id: number) => ({
    visit: await place.raw(`SELECT subjective, signed_at FROM visit WHERE id = ${id}`),
    rows: await place.raw(`SELECT point_code FROM visit_acupoint WHERE visit_id = ${id} ORDER BY position`),
    leads: await place.raw(`SELECT count(*) AS n FROM visit_lead_pair WHERE visit_id = ${id}`),
    addenda: await place.raw('SELECT id, text FROM addendum ORDER BY id'),
    audit: await place.raw('SELECT count(*) AS n FROM audit_log'),
  });

  it('refuses every form and leaves the record as signed', async () => {
    const t = await signedVisitOnFile();
    const before = await snapshot(t.place, t.signed);
    const now = "'2026-03-10T00:00:00Z'";
    const attempts: [string, string][] = [
      ['UPDATE', `UPDATE visit SET subjective = 'edited' WHERE id = ${t.signed}`],
      ['UPDATE of the signature', `UPDATE visit SET signed_at = NULL, signed_by = NULL WHERE id = ${t.signed}`],
      ['DELETE', `DELETE FROM visit WHERE id = ${t.signed}`],
      [
        'UPSERT',
        `INSERT INTO visit (id, case_id, provider_id, started_at, created_at, updated_at) VALUES (${t.signed}, ${t.caseId}, ${t.provider}, '2026-03-02T10:00', ${now}, ${now}) ON CONFLICT (id) DO UPDATE SET subjective = 'edited'`,
      ],
      ['re-parenting a signed visit’s rows onto a draft', `UPDATE visit_acupoint SET visit_id = ${t.draft} WHERE visit_id = ${t.signed}`],
      [
        're-parenting a draft’s rows onto the signed visit',
        `UPDATE visit_acupoint SET visit_id = ${t.signed}, position = position + 10 WHERE visit_id = ${t.draft}`,
      ],
      ['deleting a signed visit’s rows', `DELETE FROM visit_lead_pair WHERE visit_id = ${t.signed}`],
      ['UPDATE of an addendum', `UPDATE addendum SET text = 'nothing happened'`],
      ['DELETE from the audit log', 'DELETE FROM audit_log'],
      ...(TEST_ENGINE === 'sqlite'
        ? ([
            [
              'INSERT OR REPLACE',
              `INSERT OR REPLACE INTO visit (id, case_id, provider_id, started_at, created_at, updated_at) VALUES (${t.signed}, ${t.caseId}, ${t.provider}, '2026-03-02T10:00', ${now}, ${now})`,
            ],
            [
              'REPLACE INTO',
              `REPLACE INTO visit (id, case_id, provider_id, started_at, created_at, updated_at) VALUES (${t.signed}, ${t.caseId}, ${t.provider}, '2026-03-02T10:00', ${now}, ${now})`,
            ],
            [
              'REPLACE of a signed visit’s row',
              `INSERT OR REPLACE INTO visit_acupoint (visit_id, position, point_code, side) VALUES (${t.signed}, 0, 'LI4', 'B')`,
            ],
            [
              'REPLACE of an addendum',
              `REPLACE INTO addendum (id, record_kind, record_id, author_id, written_at, text) SELECT id, record_kind, record_id, author_id, written_at, 'nothing happened' FROM addendum`,
            ],
            [
              'REPLACE of an audit row',
              `REPLACE INTO audit_log (id, at, actor, action, entity) SELECT id, at, 'someone', action, entity FROM audit_log LIMIT 1`,
            ],
          ] as [string, string][])
        : ([
            ['TRUNCATE of the audit log', 'TRUNCATE audit_log'],
            ['TRUNCATE of a signed visit’s rows', 'TRUNCATE visit_acupoint CASCADE'],
          ] as [string, string][])),
    ];
    const refused: string[] = [];
    for (const [what, sql] of attempts) {
      try {
        await t.place.raw(sql);
      } catch (error) {
        if (/signed|addenda|append-only|never|cannot/.test(String(error))) refused.push(what);
      }
    }
    expect(refused).toEqual(attempts.map(([what]) => what));
    expect(await snapshot(t.place, t.signed)).toEqual(before);
  });
});
