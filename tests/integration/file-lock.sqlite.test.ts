import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHost } from '../../db/host';
import { lockPathOf } from '../../db/file-lock';

/** One process at a time owns a data file: the lock beside it, on a real file and real processes. */
describe('the lock beside a data file', () => {
  const fresh = () => join(mkdtempSync(join(tmpdir(), 'needlebook-lock-')), 'clinic.db');
  const cli = (...args: string[]) => spawnSync(process.execPath, ['electron/needlebook.mjs', ...args], { encoding: 'utf8' });

  it('refuses a second opener while the first holds the file, in this process and from the command line', async () => {
    const file = fresh();
    const first = await openHost(file, { actor: 'test', program: 'Needlebook', log: () => {} });
    try {
      expect(JSON.parse(readFileSync(lockPathOf(file), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), program: 'Needlebook' });
      await expect(openHost(file, { actor: 'test' })).rejects.toThrow(`Needlebook is already open on ${file} (Needlebook, process ${process.pid}`);
      const run = cli('cases', '--db', file);
      expect(run.stderr).toContain(`Needlebook is already open on ${file}`);
      expect(run.status).toBe(1);
      // Reading without writing (check) needs no lock.
      expect(cli('check', '--db', file).status).toBe(0);
    } finally {
      await first.close();
    }
    expect(existsSync(lockPathOf(file))).toBe(false);
    const second = await openHost(file, { actor: 'test' });
    await second.close();
  });

  it('takes over a lock left by a process that is gone, and audits it', async () => {
    const file = fresh();
    await (await openHost(file, { actor: 'test' })).close();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    writeFileSync(lockPathOf(file), JSON.stringify({ pid: deadPid, host: hostname(), program: 'Needlebook', since: '2026-11-01T08:00:00Z' }));
    const host = await openHost(file, { actor: 'test' });
    try {
      expect(await host.engine.all("SELECT action, entity, entity_id AS id, detail FROM audit_log WHERE entity = 'lock'")).toEqual([
        { action: 'update', entity: 'lock', id: deadPid, detail: 'stale lock of a process that is gone taken over' },
      ]);
    } finally {
      await host.close();
    }
  });

  it('holds a lock taken on another machine (a shared drive): its process cannot be asked', async () => {
    const file = fresh();
    writeFileSync(lockPathOf(file), JSON.stringify({ pid: 1, host: 'front-desk-pc', program: 'Needlebook', since: '2026-11-01T08:00:00Z' }));
    await expect(openHost(file, { actor: 'test' })).rejects.toThrow(
      `Needlebook is already open on ${file} (Needlebook on front-desk-pc, since 2026-11-01T08:00:00Z)`,
    );
  });
});
