import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { dailyBackup, defaultBackupFolder } from '../../db/backup';
import { idBeside } from '../../db/file-identity';
import { createDemoClinic } from '../../db/demo/demo';
import { openSqlite, type SqliteEngine } from '../../db/engine/sqlite';
import { openHost, type Host } from '../../db/host';
import { LATEST_VERSION } from '../../db/migrations';
import { versionFixtures } from './migration-fixtures';
import { DAMAGE, DAMAGE_KINDS } from '../support/damage';

/** Backups and restore on real files: verified copies, every row equal elsewhere, and a restore that refuses bad files. */
const fresh = () => join(mkdtempSync(join(tmpdir(), 'needlebook-backup-')), 'clinic.db');
const cli = (...args: string[]) => spawnSync(process.execPath, ['electron/needlebook.mjs', ...args], { encoding: 'utf8' });

/** Every table's rows, for comparing two files row by row. */
function everyRow(file: string): Record<string, unknown[]> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'note_search_%' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()]));
  } finally {
    db.close();
  }
}

async function demoHost(): Promise<{ file: string; host: Host }> {
  const file = fresh();
  const host = await openHost(file, { actor: 'test', log: () => {} });
  await createDemoClinic(host.engine, { today: new Date(), patients: 40 });
  return { file, host };
}

describe('backups and restore', () => {
  it('makes a verified backup that opens on another path with every record equal, row by row', async () => {
    const { file, host } = await demoHost();
    await host.backupNow();
    const status = (await host.handle('backupStatus', {})) as { ok: true; value: { folder: string; backups: { name: string; bytes: number }[] } };
    expect(status.value.folder).toBe(defaultBackupFolder(file));
    const [made] = status.value.backups;
    expect(made!.name).toMatch(/^needlebook-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.db$/);
    const before = everyRow(file);
    await host.close();

    const elsewhere = join(mkdtempSync(join(tmpdir(), 'needlebook-other-machine-')), 'restored.db');
    copyFileSync(join(defaultBackupFolder(file), made!.name), elsewhere);
    const after = everyRow(elsewhere);
    // The backup's own audit row is written after the copy is taken.
    expect({ ...after, audit_log: undefined }).toEqual({ ...before, audit_log: undefined });
    expect(after.audit_log).toEqual((before.audit_log as { action: string }[]).filter((r) => r.action !== 'backup'));
    const check = cli('check', '--db', elsewhere);
    expect(check.stdout).toMatch(/signed records: \d+ verified in \d+ ms, ok/);
    expect(check.status).toBe(0);
  });

  it('backs up to a folder the user chose, refuses one it cannot use by name, and keeps the choice through a restore', async () => {
    const { file, host } = await demoHost();
    const blocker = join(mkdtempSync(join(tmpdir(), 'needlebook-blocked-')), 'a-file');
    writeFileSync(blocker, 'not a folder');
    for (const [folder, message] of [
      ['backups', 'Backup folder must be a full path (starting at the drive or /)'],
      [join(blocker, 'backups'), `Backup folder ${join(blocker, 'backups')} cannot be written to: choose a folder you can save files in`],
      ['/tmp/x\u0007y', 'Backup folder contains a control character (U+0007), which cannot be stored'],
    ])
      expect(await host.handle('setBackupFolder', { folder })).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { folder: message } } });

    const chosen = join(mkdtempSync(join(tmpdir(), 'needlebook-usb-')), 'Needlebook backups');
    expect(await host.handle('setBackupFolder', { folder: chosen })).toMatchObject({
      ok: true,
      value: { folder: chosen, defaultFolder: defaultBackupFolder(file) },
    });
    await host.backupNow();
    const [made] = readdirSync(chosen);
    expect(made).toMatch(/^needlebook-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.db$/);
    expect(existsSync(defaultBackupFolder(file))).toBe(false);
    // The backup holds the choice too, but a restore keeps the folder in use whatever the restored file says.
    await host.restore(join(chosen, made!));
    expect(await host.handle('backupStatus', {})).toMatchObject({ ok: true, value: { folder: chosen } });
    await host.close();
    // And the choice is the data file's: it holds when the file is opened again.
    const again = await openHost(file, { actor: 'test', log: () => {} });
    expect(await again.handle('backupStatus', {})).toMatchObject({ ok: true, value: { folder: chosen } });
    expect(await again.handle('setBackupFolder', { folder: '' })).toMatchObject({ ok: true, value: { folder: defaultBackupFolder(file) } });
    await again.close();
  });

  it('restores: the current state is kept as a backup, the change is gone, and the restore is audited', async () => {
    const { host } = await demoHost();
    await host.backupNow();
    const name = ((await host.handle('backupStatus', {})) as { ok: true; value: { backups: { name: string }[] } }).value.backups[0]!.name;
    await host.engine.run("UPDATE patient SET first_name = 'Changed' WHERE id = 1");
    const restored = await host.handle('restoreBackup', { name });
    expect(restored.ok).toBe(true);
    expect(await host.engine.get('SELECT first_name AS n FROM patient WHERE id = 1')).not.toEqual({ n: 'Changed' });
    const backups = (restored as { ok: true; value: { folder: string; backups: { name: string }[] } }).value;
    const safety = backups.backups.find((b) => b.name.startsWith('pre-restore-'))!;
    const kept = new BetterSqlite3(join(backups.folder, safety.name), { readonly: true });
    expect(kept.prepare('SELECT first_name AS n FROM patient WHERE id = 1').get()).toEqual({ n: 'Changed' });
    kept.close();
    expect(await host.engine.get("SELECT action, detail FROM audit_log WHERE action = 'restore' AND entity = 'data file'")).toEqual({
      action: 'restore',
      detail: `from ${name}; the state before kept as ${safety.name}`,
    });
    await host.close();
  });

  it('refuses a damaged file, a file that is not a Needlebook database, one from a newer version, and an empty one, each in its own words', async () => {
    const { file, host } = await demoHost();
    const dir = join(mkdtempSync(join(tmpdir(), 'needlebook-bad-')));
    const damaged = join(dir, 'damaged.db');
    await (host.engine as SqliteEngine).connection.backup(damaged);
    const raw = new BetterSqlite3(damaged);
    const pages = raw.pragma('page_count', { simple: true }) as number;
    raw.close();
    const bytes = Buffer.alloc(4096 * 4, 0x5a);
    // Pages near the end overwritten, as a failing disk leaves them.
    const fd = openSync(damaged, 'r+');
    writeSync(fd, bytes, 0, bytes.length, (pages - 6) * 4096);
    closeSync(fd);
    const other = join(dir, 'other.db');
    const o = new BetterSqlite3(other);
    o.exec('CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT); PRAGMA user_version = 3');
    o.close();
    const newer = join(dir, 'newer.db');
    await (host.engine as SqliteEngine).connection.backup(newer);
    const n = new BetterSqlite3(newer);
    n.pragma(`user_version = ${LATEST_VERSION + 1}`);
    n.close();
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'Patient list, do not lose');
    const refusals: [string, RegExp][] = [
      [damaged, /damaged.db is damaged \(SQLite integrity check/],
      [other, /other.db is a SQLite database but not a Needlebook data file/],
      [newer, new RegExp(`newer.db was written by a newer Needlebook \\(schema ${LATEST_VERSION + 1}`)],
      [empty, /empty.db is not a Needlebook data file/],
      [text, /notes.db is not a Needlebook data file/],
    ];
    for (const [from, message] of refusals) await expect(host.restore(from)).rejects.toThrow(message);
    // Nothing was touched: no safety copy was even needed.
    expect(existsSync(defaultBackupFolder(file))).toBe(false);
    await host.close();
  });

  it('brings a restored backup from an older version up to date', async () => {
    const { file, host } = await demoHost();
    const old = join(mkdtempSync(join(tmpdir(), 'needlebook-old-')), 'v12.db');
    const engine = openSqlite(old, { targetVersion: 12 });
    await versionFixtures[12]!.seed(engine);
    await engine.close();
    // A backup from before files had ids: whose it is no one can tell, so the restore asks first.
    await expect(host.restore(old)).rejects.toThrow(/^v12\.db was made before backups carried their data file's identity/);
    const id = host.fileId;
    await host.restore(old, { otherFile: true });
    expect(host.fileId).toBe(id);
    expect(await host.engine.schemaVersion()).toBe(LATEST_VERSION);
    expect(await host.engine.get('SELECT name FROM clinic')).toEqual({ name: 'Stride Acupuncture' });
    await host.close();
    expect(existsSync(file)).toBe(true);
  });

  it('backs up and restores from the command line; restore needs the app closed', async () => {
    const { file, host } = await demoHost();
    await host.close();
    const out = join(mkdtempSync(join(tmpdir(), 'needlebook-cli-backup-')), 'copy.db');
    const backup = cli('backup', '--db', file, '--out', out);
    expect(backup.stdout).toMatch(/^Backed up .* \(\d+ bytes\), verified\.$/m);
    expect(backup.status).toBe(0);
    const daily = cli('backup', '--db', file);
    expect(daily.status).toBe(0);
    expect(readdirSync(defaultBackupFolder(file)).some((n) => /^needlebook-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.db$/.test(n))).toBe(true);

    const open = await openHost(file, { actor: 'test' });
    const busy = cli('restore', '--db', file, '--from', out);
    expect(busy.stderr).toContain(`Needlebook is already open on ${file}`);
    await open.close();
    const restore = cli('restore', '--db', file, '--from', out);
    expect(restore.stdout).toContain(`Restored ${file} from ${out}`);
    expect(restore.status).toBe(0);

    // A damaged data file cannot be copied whole: refused, naming the damage, and nothing of it is left in the folder.
    const before = readdirSync(defaultBackupFolder(file)).sort();
    // Three of the audit log's pages, not the schema's: the file still opens, and its pages fault when read.
    // (A restored file was rewritten by VACUUM, so where a table's pages lie is read, not assumed.)
    const raw = new BetterSqlite3(file);
    const leaves = raw.prepare("SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf' ORDER BY pageno DESC LIMIT 3").all() as {
      pageno: number;
    }[];
    raw.close();
    const fd = openSync(file, 'r+');
    for (const { pageno } of leaves) writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, (pageno - 1) * 4096);
    closeSync(fd);
    rmSync(
      join(
        defaultBackupFolder(file),
        readdirSync(defaultBackupFolder(file)).find((n) => /^needlebook-/.test(n))!,
      ),
    );
    const damaged = cli('backup', '--db', file);
    expect(damaged.stderr).toMatch(
      /The backup needlebook-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.db could not be made: the data file is damaged \(SQLite integrity check: (?!\*\*\*)/,
    );
    expect(damaged.status).toBe(1);
    expect(readdirSync(defaultBackupFolder(file)).sort()).toEqual(before.filter((n) => !/^needlebook-/.test(n)));
  });

  /**
   * Issue 32's table, and more: whatever happened to the data file, `check` says it is not intact,
   * and a restore — from the command line and from the app's host — needs nothing from the damaged
   * file: it is moved aside under a name with the time, and the backup's records are back.
   */
  describe.each(DAMAGE_KINDS)('a data file that is %s', (kind) => {
    async function damagedWithBackup() {
      const { file, host } = await demoHost();
      await host.backupNow();
      const backup = join(defaultBackupFolder(file), listed(await host.handle('backupStatus', {}))[0]!);
      await host.close();
      const expected = everyRow(backup);
      DAMAGE[kind](file);
      return { file, backup, expected };
    }
    const listed = (o: unknown) => (o as { ok: true; value: { backups: { name: string }[] } }).value.backups.map((b) => b.name);
    /** What a restore must bring back: every row of the backup (the restore's own audit row aside). */
    const sameRecords = (file: string, expected: Record<string, unknown[]>) => {
      const after = everyRow(file);
      expect({ ...after, audit_log: undefined }).toEqual({ ...expected, audit_log: undefined });
    };
    /** The damaged file kept aside under a name with the time, never offered by a restore. */
    const keptAside = (file: string) => readdirSync(defaultBackupFolder(file)).filter((n) => /^damaged-\d{4}-\d{2}-\d{2}T[\d-]+Z\.db$/.test(n));

    it('is not intact to `needlebook check`, and `needlebook restore` brings the records back', async () => {
      const { file, backup, expected } = await damagedWithBackup();
      const check = cli('check', '--db', file);
      expect(check.status).toBe(1);
      expect(check.stderr).toMatch(kind === 'missing' ? /no data file at/ : /needlebook: .+/);
      const restore = cli('restore', '--db', file, '--from', backup);
      expect(restore.stderr.replace(/^\[needlebook\] data file not opened: .*\n/m, '')).toBe('');
      expect(restore.status).toBe(0);
      expect(restore.stdout).toContain(`Restored ${file} from ${backup}`);
      sameRecords(file, expected);
      expect(cli('check', '--db', file).status).toBe(0);
      expect(keptAside(file)).toHaveLength(kind === 'missing' ? 0 : 1);
    });

    it('opens in the app for recovery, offers the backup with what it holds, and its restore brings the records back', async () => {
      const { file, backup, expected } = await damagedWithBackup();
      const host = await openHost(file, { actor: 'test', session: true, log: () => {} });
      const recovery = await host.handle('recovery', {});
      if (kind === 'missing') {
        // A missing file is a new clinic to the app (its first start): nothing to recover.
        expect(recovery).toMatchObject({ ok: true, value: { problem: null } });
        await host.close();
        return;
      }
      expect(recovery).toMatchObject({
        ok: true,
        value: {
          problem: expect.stringMatching(/^The data file /),
          // Whether what is left reads back depends on which pages were hit; a file that did not open cannot.
          canOpenReadOnly: kind === 'random pages' ? true : ['header destroyed', 'empty', 'not a database'].includes(kind) ? false : expect.any(Boolean),
          backups: [{ name: basename(backup), patients: (expected.patient as unknown[]).length, signedVisits: expect.any(Number) }],
        },
      });
      // The one click: no sign-in is asked for, since a damaged file may have no providers left to read.
      expect(await host.handle('restoreBackup', { name: basename(backup) })).toMatchObject({ ok: true });
      expect(host.unusable).toBeNull();
      expect(host.damaged).toBeNull();
      await host.close();
      sameRecords(file, expected);
      expect(keptAside(file)).toHaveLength(1);
    });
  });

  it('keeps two data files in one folder apart: each its own backups, its own Restore list, and a warning before the other’s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'needlebook-shared-folder-'));
    const files = { mara: join(dir, 'mara.db'), theo: join(dir, 'theo.db') };
    const hosts = {
      mara: await openHost(files.mara, { actor: 'test', log: () => {} }),
      theo: await openHost(files.theo, { actor: 'test', log: () => {} }),
    };
    await createDemoClinic(hosts.mara.engine, { today: new Date(), patients: 12 });
    await createDemoClinic(hosts.theo.engine, { today: new Date(), patients: 7 });
    const folder = defaultBackupFolder(files.mara);
    expect(defaultBackupFolder(files.theo)).toBe(folder);
    expect(hosts.mara.fileId).toMatch(/^[0-9a-f]{8}$/);
    expect(hosts.theo.fileId).not.toBe(hosts.mara.fileId);
    // Each backed up on several days, and both again today, one after the other.
    for (const name of ['mara', 'theo'] as const) {
      const raw = (hosts[name].engine as SqliteEngine).connection;
      for (const day of [3, 2, 1]) await dailyBackup(raw, folder, hosts[name].fileId, new Date(Date.now() - day * 86_400_000));
    }
    await hosts.mara.backupNow();
    await hosts.theo.backupNow();
    await hosts.mara.backupNow();
    const listed = async (host: Host) =>
      ((await host.handle('backupStatus', {})) as { ok: true; value: { backups: { name: string; fileId: string | null }[] } }).value.backups;
    for (const name of ['mara', 'theo'] as const) {
      const own = await listed(hosts[name]);
      expect(own).toHaveLength(4);
      expect(own.every((b) => b.name.startsWith(`needlebook-${hosts[name].fileId}-`) && b.fileId === hosts[name].fileId)).toBe(true);
    }
    expect(readdirSync(folder).filter((n) => n.startsWith('needlebook-'))).toHaveLength(8);
    // Each backup holds its own file's records.
    const patientsIn = (f: string) => {
      const raw = new BetterSqlite3(f, { readonly: true });
      const n = (raw.prepare('SELECT count(*) AS n FROM patient').get() as { n: number }).n;
      raw.close();
      return n;
    };
    expect(patientsIn(join(folder, (await listed(hosts.theo))[0]!.name))).toBe(7);
    expect(patientsIn(join(folder, (await listed(hosts.mara))[0]!.name))).toBe(12);

    // Theo's backup chosen for Mara's file by hand: a warning, and only when asked again is it restored.
    const theirs = join(folder, (await listed(hosts.theo))[0]!.name);
    await expect(hosts.mara.restore(theirs)).rejects.toThrow(/is a backup of another data file, not of this one/);
    expect(await hosts.mara.handle('restoreBackup', { name: basename(theirs) })).toMatchObject({
      ok: false,
      error: { code: 'conflict', fields: { otherFile: expect.stringMatching(/backup of another data file/) } },
    });
    const maraId = hosts.mara.fileId;
    await hosts.mara.restore(theirs, { otherFile: true });
    // The file keeps its identity: its next backups are still its own, never Theo's.
    expect(hosts.mara.fileId).toBe(maraId);
    expect(idBeside(files.mara)).toBe(maraId);
    const theoToday = (await listed(hosts.theo))[0]!.name;
    await hosts.mara.close();
    await hosts.theo.close();

    // At start the app backs up a file whose own backup of today is missing, whatever another file made today.
    rmSync(join(folder, theoToday));
    const theoDaily = () => readdirSync(folder).filter((n) => n.startsWith(`needlebook-${hosts.theo.fileId}-`));
    const before = theoDaily().length;
    const theo = await openHost(files.theo, { actor: 'test', session: true, log: () => {} });
    await expect.poll(() => theoDaily().length).toBe(before + 1);
    await theo.close();

    // A hand copy beside the original is a file of its own from its first open: none of Mara's backups are its.
    cpSync(files.mara, join(dir, 'mara-test.db'));
    const copy = await openHost(join(dir, 'mara-test.db'), { actor: 'test', log: () => {} });
    expect(copy.fileId).not.toBe(maraId);
    expect(await listed(copy)).toEqual([]);
    await copy.close();
  });
});
