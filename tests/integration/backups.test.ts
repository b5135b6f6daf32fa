import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultBackupFolder } from '../../db/backup';
import { createDemoClinic } from '../../db/demo/demo';
import { openSqlite, type SqliteEngine } from '../../db/engine/sqlite';
import { openHost, type Host } from '../../db/host';
import { LATEST_VERSION } from '../../db/migrations';
import { versionFixtures } from './migration-fixtures';

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
    expect(made!.name).toMatch(/^needlebook-\d{4}-\d{2}-\d{2}\.db$/);
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
    expect(made).toMatch(/^needlebook-\d{4}-\d{2}-\d{2}\.db$/);
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
    await host.restore(old);
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
    expect(readdirSync(defaultBackupFolder(file)).some((n) => /^needlebook-\d{4}-\d{2}-\d{2}\.db$/.test(n))).toBe(true);

    const open = await openHost(file, { actor: 'test' });
    const busy = cli('restore', '--db', file, '--from', out);
    expect(busy.stderr).toContain(`Needlebook is already open on ${file}`);
    await open.close();
    const restore = cli('restore', '--db', file, '--from', out);
    expect(restore.stdout).toContain(`Restored ${file} from ${out}`);
    expect(restore.status).toBe(0);

    // A damaged data file gives a damaged copy: refused, and nothing of it is left in the folder.
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
    expect(damaged.stderr).toMatch(/The backup needlebook-\d{4}-\d{2}-\d{2}\.db is damaged \(SQLite integrity check: (?!\*\*\*)/);
    expect(damaged.status).toBe(1);
    expect(readdirSync(defaultBackupFolder(file)).sort()).toEqual(before.filter((n) => !/^needlebook-/.test(n)));
  });
});
