import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/engine/sqlite';
import { createService } from '../../db/service';
import { dispatch } from '../../shared/dispatch';
import { testClock } from '../support/clock';

/** A real file, the app's engine on it, and another program that takes the write lock. */
function contested(busyTimeoutMs: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'needlebook-busy-')), 'clinic.db');
  const db = openSqlite(file, { busyTimeoutMs });
  const clock = testClock();
  const service = createService({ db, now: clock.now, actor: 'test' }, { appVersion: 'test', databaseFile: file, schemaVersion: () => db.schemaVersion() });
  const save = () =>
    dispatch(service, 'savePatient', { firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female' }, (e) => {
      throw e;
    });
  const other = new BetterSqlite3(file);
  return { db, save, other, file };
}

describe('writes that wait for another writer (SQLite)', () => {
  it('waits out a short write lock held by another process, then saves', async () => {
    const { db, save, other, file } = contested(3000);
    other.close();
    // Another program: takes the write lock, holds it 400 ms, commits.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3-multiple-ciphers'); const d = new D(${JSON.stringify(file)}); d.exec('BEGIN IMMEDIATE'); console.log('locked');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400); d.exec('COMMIT'); d.close();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    // The save starts while the other program still holds the lock (it has not committed or exited),
    // and lands: it waited for the lock rather than failing. How long it waited is the bench's to measure.
    const exited = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
    expect(holder.exitCode).toBeNull();
    const outcome = await save();
    expect(outcome.ok).toBe(true);
    await exited;
    await db.close();
  });

  it('says the data file is busy, and saves nothing, when the lock outlasts the wait', async () => {
    const { db, save, other } = contested(400);
    other.exec('BEGIN IMMEDIATE');
    const outcome = await save();
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'busy', message: 'The data file is busy: another program is writing to it. Nothing was saved; try again in a moment.', fields: {} },
    });
    other.exec('COMMIT');
    expect(other.prepare('SELECT count(*) AS n FROM patient').get()).toEqual({ n: 0 });
    expect((await save()).ok).toBe(true);
    other.close();
    await db.close();
  });
});
