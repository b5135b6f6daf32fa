import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
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

/** Overwrites three pages near the end of a closed data file. */
function damage(file: string): void {
  const raw = new BetterSqlite3(file);
  const pages = raw.pragma('page_count', { simple: true }) as number;
  raw.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096 * 3, 0xa5), 0, 4096 * 3, (pages - 5) * 4096);
  closeSync(fd);
}

describe('storage faults, named', () => {
  it('never opens an empty (0-byte) file as a new clinic: it is served for recovery only, and left as it is', async () => {
    const file = fresh();
    writeFileSync(file, '');
    const host = await openHost(file, { actor: 'test', log: () => {} });
    expect(host.unusable).toBe('The data file is empty (0 bytes): its contents were lost, by a failed copy, sync or full disk.');
    expect(await host.handle('savePatient', { firstName: 'Nia', lastName: 'Okoro', dateOfBirth: '1992-05-14', sex: 'female' })).toMatchObject({
      ok: false,
      error: { code: 'storage', message: `${host.unusable} Nothing was saved. Restore the latest good backup.` },
    });
    expect(await host.handle('recovery', {})).toMatchObject({ ok: true, value: { problem: host.unusable, canOpenReadOnly: false, backups: [] } });
    await host.close();
    expect(statSync(file).size).toBe(0);
  });

  it('says a file that is not a database is not one', async () => {
    const file = fresh();
    writeFileSync(file, 'Front desk notes: call Ana about Tuesday.\n'.repeat(200));
    const host = await openHost(file, { actor: 'test', log: () => {} });
    expect(host.unusable).toBe(
      'The data file does not begin as a database should: its first bytes are damaged or overwritten, or it is another kind of file (or an encrypted one, opened without its key).',
    );
    expect(() => host.engine).toThrow(host.unusable!);
    await host.close();
  });

  it('opens a damaged file read-only, says so, refuses writes by name, and restores the latest good backup', async () => {
    const file = await demoFile();
    let host = await openHost(file, { actor: 'test', log: () => {} });
    await host.backupNow();
    const patients = await host.engine.all('SELECT id, first_name FROM patient ORDER BY id');
    await host.close();
    // Pages near the end overwritten: what a failing disk or an interrupted copy leaves.
    damage(file);

    host = await openHost(file, { actor: 'test', log: () => {} });
    expect(host.damaged).toMatch(/^The data file is damaged \(SQLite quick_check: .+\)\. Needlebook opened it read-only/);
    const report = await host.handle('integrity', {});
    expect(report).toMatchObject({ ok: true, value: { damaged: host.damaged } });
    const refused = await host.handle('savePatient', { firstName: 'Nia', lastName: 'Okoro', dateOfBirth: '1992-05-14', sex: 'female' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'storage', message: expect.stringMatching(/^The data file is damaged, so Needlebook opened it read-only\. Nothing was saved\./) },
    });

    const restored = await host.handle('restoreLatestBackup', {});
    expect(restored).toMatchObject({ ok: true });
    expect(host.damaged).toBeNull();
    expect(await host.engine.all('SELECT id, first_name FROM patient ORDER BY id')).toEqual(patients);
    expect(await host.engine.check()).toBe('ok');
    // The damaged file is kept aside, under a name no restore offers.
    const kept = readdirSync(join(dirname(file), 'backups')).filter((n) => /^damaged-.*\.db$/.test(n));
    expect(kept).toHaveLength(1);
    expect(await host.engine.get("SELECT detail FROM audit_log WHERE action = 'restore'")).toEqual({
      detail: expect.stringMatching(new RegExp(`^from needlebook-[0-9a-f]{8}-\\d{4}-\\d{2}-\\d{2}\\.db; the state before kept as ${kept[0]}$`)),
    });
    await host.close();
  });

  it('says when no backup can replace a damaged file', async () => {
    const file = await demoFile();
    damage(file);
    const host = await openHost(file, { actor: 'test', log: () => {} });
    expect(await host.handle('restoreLatestBackup', {})).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: `There is no backup in ${join(dirname(file), 'backups')} to restore.` },
    });
    await host.close();
  });

  it('names a full disk, keeps the file consistent and saves nothing', async () => {
    const file = await demoFile();
    const host = await openHost(file, { actor: 'test', log: () => {} });
    const raw = (host.engine as SqliteEngine).connection;
    // The file may not grow: what a full disk does to the next page SQLite needs. Saves go on
    // (into the file's free pages) until one needs a new page.
    raw.pragma(`max_page_count = ${raw.pragma('page_count', { simple: true }) as number}`);
    const count = async () => ((await host.engine.get('SELECT count(*) AS n FROM patient')) as { n: number }).n;
    const before = await count();
    let saved = 0;
    let refused: unknown = null;
    for (let i = 0; i < 200 && refused === null; i++) {
      const outcome = await host.handle('savePatient', {
        firstName: 'Nia',
        lastName: `Okoro ${i}`,
        dateOfBirth: '1992-05-14',
        sex: 'female',
        races: Array.from({ length: 30 }, (_, r) => ({ name: `Race ${r} ${'x'.repeat(100)}`, date: '2026-06-01', distance: 'Marathon' })),
        primarySport: 'Trail running',
      });
      if (outcome.ok) saved++;
      else refused = outcome;
    }
    expect(refused).toMatchObject({ ok: false, error: { code: 'storage', message: expect.stringMatching(/^The disk is full\. Nothing was saved/) } });
    expect(await count()).toBe(before + saved);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    await host.close();
  });

  it('under a real file-size limit (ulimit -f), refuses the save that cannot be written by name and keeps the file whole', async () => {
    const file = await demoFile();
    const before = (new BetterSqlite3(file, { readonly: true }).prepare('SELECT count(*) AS n FROM patient').get() as { n: number }).n;
    // The data file and its WAL may grow by about 300 KB: the operating system refuses the write past that (EFBIG).
    const blocks = Math.ceil(statSync(file).size / 1024) + 300;
    const run = spawnSync('bash', ['-c', `ulimit -f ${blocks}; exec "$0" --import tsx tests/support/file-limit-child.ts "$1"`, process.execPath, file], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { saved?: number; refused?: { code: string; message: string } });
    const saved = lines.flatMap((l) => (l.saved === undefined ? [] : [l.saved]));
    const refused = lines.at(-1)?.refused;
    expect(saved.length).toBeGreaterThan(0);
    expect(refused).toMatchObject({ code: 'storage', message: expect.stringMatching(/^The disk (is full|could not be written or read)\. Nothing was saved/) });

    const raw = new BetterSqlite3(file);
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      // Every save that said so is there; the refused one left nothing behind.
      const ids = (raw.prepare("SELECT id FROM patient WHERE last_name LIKE 'Okoro %' ORDER BY id").all() as { id: number }[]).map((r) => r.id);
      expect(ids).toEqual(saved);
      expect((raw.prepare('SELECT count(*) AS n FROM patient').get() as { n: number }).n).toBe(before + saved.length);
      expect(raw.prepare('SELECT count(*) AS n FROM race WHERE patient_id NOT IN (SELECT id FROM patient)').get()).toEqual({ n: 0 });
    } finally {
      raw.close();
    }
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
