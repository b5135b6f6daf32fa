import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDemoClinic } from '../../db/demo/demo';
import type { SqliteEngine } from '../../db/engine/sqlite';
import { openHost } from '../../db/host';

/** Each storage fault produced for real, and the message it gets: what happened, what to do, nothing saved. */
const fresh = () => join(mkdtempSync(join(tmpdir(), 'needlebook-fault-')), 'clinic.db');

async function demoFile(): Promise<string> {
  const file = fresh();
  const host = await openHost(file, { actor: 'test', log: () => {} });
  await createDemoClinic(host.engine, { today: new Date(), patients: 12 });
  await host.close();
  return file;
}

describe('storage faults, named', () => {
  it('refuses an empty (0-byte) file instead of opening it as a new clinic', async () => {
    const file = fresh();
    writeFileSync(file, '');
    await expect(openHost(file, { actor: 'test' })).rejects.toThrow(`${file} is empty (0 bytes): it is not a Needlebook data file. Nothing was changed.`);
  });

  it('says a file that is not a database is not one', async () => {
    const file = fresh();
    writeFileSync(file, 'Front desk notes: call Ana about Tuesday.\n'.repeat(200));
    await expect(openHost(file, { actor: 'test' })).rejects.toThrow(`${file}: The data file is not a Needlebook database. Nothing was saved.`);
  });

  it('says a damaged file is damaged when it opens, not "something went wrong" on each visit', async () => {
    const file = await demoFile();
    const raw = new BetterSqlite3(file);
    const pages = raw.pragma('page_count', { simple: true }) as number;
    raw.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0xa5), 0, 4096 * 3, (pages - 5) * 4096);
    closeSync(fd);
    await expect(openHost(file, { actor: 'test' })).rejects.toThrow(/is damaged \(SQLite (quick_check|integrity)|The data file is damaged/);
  });

  it('names a full disk, keeps the file consistent and saves nothing', async () => {
    const file = await demoFile();
    const host = await openHost(file, { actor: 'test', log: () => {} });
    const raw = (host.engine as SqliteEngine).connection;
    // The file may not grow: what a full disk does to the next page SQLite needs.
    raw.pragma(`max_page_count = ${raw.pragma('page_count', { simple: true }) as number}`);
    const before = await host.engine.get('SELECT count(*) AS n FROM patient');
    const outcome = await host.handle('savePatient', {
      firstName: 'Nia',
      lastName: 'Okoro',
      dateOfBirth: '1992-05-14',
      sex: 'female',
      races: Array.from({ length: 30 }, (_, i) => ({ name: `Race ${i} ${'x'.repeat(100)}`, date: '2026-06-01', distance: 'Marathon' })),
      primarySport: 'Trail running',
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'storage', message: expect.stringMatching(/^The disk is full\. Nothing was saved/) } });
    expect(await host.engine.get('SELECT count(*) AS n FROM patient')).toEqual(before);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    await host.close();
  });

  it('names a read-only data file', async () => {
    const file = await demoFile();
    const host = await openHost(file, { actor: 'test', log: () => {} });
    // SQLite's own read-only switch: the error a read-only file or folder gives on the first write.
    (host.engine as SqliteEngine).connection.pragma('query_only = ON');
    const outcome = await host.handle('savePatient', { firstName: 'Nia', lastName: 'Okoro', dateOfBirth: '1992-05-14', sex: 'female' });
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'storage', message: expect.stringMatching(/^The data file or its folder is read-only\. Nothing was saved/) },
    });
    (host.engine as SqliteEngine).connection.pragma('query_only = OFF');
    await host.close();
  });
});
