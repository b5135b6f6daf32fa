import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../db/migrations';

/** Runs the real bin entry against a clinic database, as `npx needlebook --db postgres://…` does. */
const needlebook = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['electron/needlebook.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('needlebook command line on PostgreSQL', () => {
  const schema = `cli_${randomBytes(6).toString('hex')}`;
  const base = new URL(process.env.NEEDLEBOOK_TEST_PG!);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const client = new pg.Client({ connectionString: base.toString() });
  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
  });
  afterAll(() => client.end());

  it('creates the demo clinic on the server, checks it, lists its cases, and refuses a second demo', async () => {
    const demo = needlebook('demo', '--db', url.toString());
    expect(demo.err).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/^Demo clinic created in postgres:\/\/needlebook@127\.0\.0\.1:\d+\/.*: 1 clinic, 2 providers, 36 patients, \d+ races\.$/m);
    const counts = await client.query(
      `SELECT (SELECT count(*) FROM ${schema}.patient)::int AS patients, (SELECT count(*) FROM ${schema}.visit WHERE signed_at IS NOT NULL)::int AS signed`,
    );
    expect(counts.rows[0]).toMatchObject({ patients: 36 });
    expect(counts.rows[0].signed).toBeGreaterThan(100);

    const check = needlebook('check', '--db', url.toString());
    expect(check.out).toContain(`schema version: ${LATEST_VERSION} (this Needlebook: ${LATEST_VERSION})`);
    expect(check.out).toContain('guards: ok');
    expect(check.code).toBe(0);

    const cases = needlebook('cases', '--db', url.toString(), '--json');
    expect(cases.code).toBe(0);
    const list = JSON.parse(cases.out) as { phase: string }[];
    expect(new Set(list.map((c) => c.phase))).toEqual(new Set(['acute', 'subacute', 'chronic', 'maintenance']));

    const review = needlebook('call', 'reviewCases', '--db', url.toString(), '--input', '{"filter":"not_improving"}');
    expect(review.code).toBe(0);
    expect((JSON.parse(review.out) as { counts: { all: number } }).counts.all).toBeGreaterThan(20);

    const again = needlebook('demo', '--db', url.toString());
    expect(again.code).toBe(1);
    expect(again.err).toContain('already has 36 patients');
  });

  it('says plainly when a guard trigger is gone', async () => {
    await client.query(`ALTER TABLE ${schema}.visit DISABLE TRIGGER visit_signed`);
    const check = needlebook('check', '--db', url.toString());
    expect(check.out).toContain('guards: altered visit_signed');
    expect(check.code).toBe(1);
    await client.query(`ALTER TABLE ${schema}.visit ENABLE TRIGGER visit_signed`);
  });

  it('names the server it could not reach, without the password', () => {
    const wrong = new URL(base);
    wrong.port = '9';
    wrong.password = 's3cret';
    const check = needlebook('check', '--db', wrong.toString());
    expect(check.code).toBe(1);
    expect(check.out).toContain('connection: failed');
    expect(check.out + check.err).not.toContain('s3cret');
  });
});
