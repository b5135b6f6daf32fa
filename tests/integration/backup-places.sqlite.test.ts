import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, utimesSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBackupFolder } from '../../db/backup';
import { placesFileOf } from '../../db/backup-places';
import { createDemoClinic } from '../../db/demo/demo';
import { openHost, type Host } from '../../db/host';
import type { BackupStatus } from '../../shared/backup';

/**
 * Issue 32, points 4 and 5: a second folder every backup is also written to, verified and rotated
 * in, each failure named with nothing partial left — on a real tiny full filesystem (a 64 KiB
 * tmpfs, mounted as root, as CI runs) — and the weekly restore drill.
 */
const fresh = () => join(mkdtempSync(join(tmpdir(), 'needlebook-places-')), 'clinic.db');
const cli = (...args: string[]) => spawnSync(process.execPath, ['electron/needlebook.mjs', ...args], { encoding: 'utf8' });
const statusOf = async (host: Host) => ((await host.handle('backupStatus', {})) as { ok: true; value: BackupStatus }).value;
/** Anything a backup could leave behind when it fails: the copy, or SQLite's files beside it. */
const leftovers = (folder: string) => readdirSync(folder).filter((n) => /\.partial|-wal$|-shm$|-journal$/.test(n));

async function demoHost(): Promise<{ file: string; host: Host }> {
  const file = fresh();
  const host = await openHost(file, { actor: 'test', log: () => {} });
  await createDemoClinic(host.engine, { today: new Date(), patients: 40 });
  return { file, host };
}

describe('a second backup folder', () => {
  it('writes, verifies and rotates each backup in both places, and keeps the choice beside the file through a restore', async () => {
    const { file, host } = await demoHost();
    const second = join(mkdtempSync(join(tmpdir(), 'needlebook-usb-')), 'Needlebook');
    for (const [folder, message] of [
      ['usb', 'Second backup folder must be a full path (starting at the drive or /)'],
      [defaultBackupFolder(file), 'Second backup folder must be another place than the backup folder'],
    ])
      expect(await host.handle('setSecondBackupFolder', { folder })).toMatchObject({ ok: false, error: { fields: { folder: message } } });
    expect(await host.handle('setSecondBackupFolder', { folder: second })).toMatchObject({ ok: true, value: { secondFolder: second } });
    await host.backupNow();
    const status = await statusOf(host);
    expect(status.backups).toHaveLength(1);
    expect(status.secondBackups.map((b) => b.name)).toEqual(status.backups.map((b) => b.name));
    expect(cli('check', '--db', join(second, status.secondBackups[0]!.name)).status).toBe(0);
    // A restore keeps the second folder: it is kept beside the file, not in it.
    await host.restore(join(second, status.secondBackups[0]!.name));
    expect((await statusOf(host)).secondFolder).toBe(second);
    await host.close();
    expect(existsSync(placesFileOf(file))).toBe(true);
    // `needlebook backup` writes to both as well.
    rmSync(join(second, status.secondBackups[0]!.name));
    const backup = cli('backup', '--db', file);
    expect(backup.status).toBe(0);
    expect(backup.stdout).toContain(`to ${second}/`);
    expect(readdirSync(second).filter((n) => n.startsWith('needlebook-'))).toHaveLength(1);
  });

  it('on a tiny full filesystem, names the failure and leaves nothing partial there, while the backup folder still gets its copy', async () => {
    // A real filesystem too small for the backup: 64 KiB of tmpfs, mounted as root (CI runs as root).
    const { file, host } = await demoHost();
    const mount = mkdtempSync(join(tmpdir(), 'needlebook-tiny-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
    try {
      const second = join(mount, 'Needlebook');
      expect(await host.handle('setSecondBackupFolder', { folder: second })).toMatchObject({ ok: true });
      const answer = await host.handle('backupNow', {});
      expect(answer).toMatchObject({
        ok: false,
        error: {
          code: 'storage',
          message: `Backed up to the backup folder only. The backup did not fit in ${second}: the disk there is full. Nothing of the backup was left there. Free some space there or choose another folder.`,
        },
      });
      expect(readdirSync(second)).toEqual([]);
      expect((await statusOf(host)).backups).toHaveLength(1);
      expect(leftovers(defaultBackupFolder(file))).toEqual([]);

      // The command line says the same, never SQLite's "database or disk is full".
      await host.close();
      const out = join(second, 'copy.db');
      const cliBackup = cli('backup', '--db', file, '--out', out);
      expect(cliBackup.status).toBe(1);
      expect(cliBackup.stderr).toBe(
        `needlebook: The backup did not fit in ${second}: the disk there is full. Nothing of the backup was left there. Free some space there or choose another folder.\n`,
      );
      expect(readdirSync(second)).toEqual([]);
    } finally {
      execFileSync('umount', [mount]);
    }
  });

  it('names a second folder that is gone (a drive unplugged) without making it again, and one that is read-only', async () => {
    const { host } = await demoHost();
    const drive = mkdtempSync(join(tmpdir(), 'needlebook-usb-'));
    const second = join(drive, 'Needlebook');
    await host.handle('setSecondBackupFolder', { folder: second });
    rmSync(drive, { recursive: true });
    expect(await host.handle('backupNow', {})).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining(`The backup folder ${second} is not there (a drive not connected, a folder moved or deleted).`) },
    });
    expect(existsSync(drive)).toBe(false);

    // A read-only filesystem (root ignores file permissions, so a read-only mount it is).
    const mount = mkdtempSync(join(tmpdir(), 'needlebook-ro-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
    try {
      mkdirSync(join(mount, 'Needlebook'));
      await host.handle('setSecondBackupFolder', { folder: join(mount, 'Needlebook') });
      execFileSync('mount', ['-o', 'remount,ro', mount]);
      expect(await host.handle('backupNow', {})).toMatchObject({
        ok: false,
        error: { message: expect.stringContaining(`The backup folder ${join(mount, 'Needlebook')} cannot be written to (read-only, or not yours to write).`) },
      });
      expect(readdirSync(join(mount, 'Needlebook'))).toEqual([]);
    } finally {
      execFileSync('umount', [mount]);
    }
    await host.close();
  });

  it('warns on Review when no backup has reached a second place for 7 days', async () => {
    const { file, host } = await demoHost();
    await host.backupNow();
    expect((await statusOf(host)).warnings).toEqual([]);
    // The file's backups go back more than a week, all of them beside it.
    const [made] = (await statusOf(host)).backups;
    const weekAgo = new Date(Date.now() - 8 * 86_400_000);
    utimesSync(join(defaultBackupFolder(file), made!.name), weekAgo, weekAgo);
    expect((await statusOf(host)).warnings).toEqual([expect.stringMatching(/^No backup has reached a second place for 7 days: /)]);
    const second = mkdtempSync(join(tmpdir(), 'needlebook-synced-'));
    await host.handle('setSecondBackupFolder', { folder: second });
    await host.backupNow();
    expect((await statusOf(host)).warnings).toEqual([]);
    await host.close();
  });
});

describe('the restore drill', () => {
  it('checks the latest backup in each place, keeps the result with its date, audits it, and a failure is a warning', async () => {
    const { file, host } = await demoHost();
    const second = mkdtempSync(join(tmpdir(), 'needlebook-synced-'));
    await host.handle('setSecondBackupFolder', { folder: second });
    await host.backupNow();
    const passed = await host.handle('restoreDrill', {});
    expect(passed).toMatchObject({
      ok: true,
      value: {
        drill: {
          ok: true,
          places: [
            { folder: defaultBackupFolder(file), ok: true },
            { folder: second, ok: true },
          ],
        },
        warnings: [],
      },
    });
    expect(await host.engine.get("SELECT detail FROM audit_log WHERE detail LIKE 'restore drill%' ORDER BY id DESC LIMIT 1")).toEqual({
      detail: expect.stringMatching(/^restore drill passed: needlebook-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.db ok; needlebook-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.db ok$/),
    });

    // The copy in the second place damaged, as a sync conflict leaves it.
    const copy = join(second, (await statusOf(host)).secondBackups[0]!.name);
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096 * 20);
    closeSync(fd);
    const failed = ((await host.handle('restoreDrill', {})) as { ok: true; value: BackupStatus }).value;
    expect(failed.drill).toMatchObject({ ok: false, places: [{ ok: true }, { ok: false, problem: expect.stringMatching(/is damaged/) }] });
    expect(failed.warnings).toEqual([expect.stringMatching(new RegExp(`^The last restore drill failed: ${second}: `))]);
    await host.close();
    // The result outlives the session: it is kept beside the file.
    const again = await openHost(file, { actor: 'test', log: () => {} });
    expect((await statusOf(again)).drill).toMatchObject({ ok: false });
    await again.close();
  });
});
