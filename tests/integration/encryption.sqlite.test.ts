import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDataKey, WRONG_KEY } from '../../db/engine/cipher';
import { openHost } from '../../db/host';
import { keyFromSecret } from '../../db/key-intake';
import { keyFileOf, readKeyFile } from '../../db/key-file';

/**
 * Issue 31's "done when", tried as someone who copies the file would: a new data file made by the
 * command line is encrypted; the stock sqlite3 shell reads nothing of it; a word charted in a note
 * is in no byte of the file, its WAL or a backup; the key opens it (passphrase or recovery key),
 * and a wrong one changes nothing.
 */
const PASSPHRASE = 'long run on the river path';
const WORD = 'Quillwortsplint';
const dir = mkdtempSync(join(tmpdir(), 'needlebook-cipher-'));
const file = join(dir, 'needlebook.db');

function cli(args: string[], key: string | null) {
  const env = { ...process.env };
  delete env.NEEDLEBOOK_KEY;
  if (key !== null) env.NEEDLEBOOK_KEY = key;
  const r = spawnSync(process.execPath, ['electron/needlebook.mjs', ...args], { encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const holdsWord = (path: string) => existsSync(path) && readFileSync(path).includes(Buffer.from(WORD));
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let recoveryKey = '';
beforeAll(() => {
  const made = cli(['demo', '--db', file], PASSPHRASE);
  expect(made.code).toBe(0);
  recoveryKey = /((?:[0-9A-Z]{4}-){13}[0-9A-Z]{3})/.exec(made.err)?.[1] ?? '';
  expect(recoveryKey).not.toBe('');
}, 120_000);
afterAll(() => useDataKey(null));

describe('a new data file is encrypted at rest', () => {
  it('keeps its key wrapped beside it, never in clear, and the stock sqlite3 shell reads nothing of it', () => {
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
    const kept = readKeyFile(file)!;
    expect(kept.wrapped.custody).toBe('passphrase');
    expect(readFileSync(keyFileOf(file), 'utf8')).not.toContain(keyFromSecret(file, PASSPHRASE).toString('hex'));
    const shell = spawnSync('sqlite3', [file, 'SELECT count(*) FROM patient;'], { encoding: 'utf8' });
    expect(shell.status).not.toBe(0);
    expect(shell.stderr).toMatch(/not a database/);
    expect(shell.stdout).toBe('');
  });

  it('opens with its passphrase or its recovery key; without one or with another it is refused and left as it was', () => {
    const before = digest(file);
    expect(cli(['check', '--db', file], null)).toMatchObject({ code: 1, err: expect.stringContaining('This data file is encrypted') });
    expect(cli(['check', '--db', file], 'another long passphrase')).toMatchObject({ code: 1, err: expect.stringContaining(WRONG_KEY) });
    const otherRecovery = '0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-000';
    expect(cli(['check', '--db', file], otherRecovery).code).toBe(1);
    expect(digest(file)).toBe(before);
    expect(cli(['check', '--db', file], PASSPHRASE)).toMatchObject({ code: 0, out: expect.stringContaining('integrity_check: ok') });
    expect(cli(['cases', '--db', file, '--json'], recoveryKey.toLowerCase()).code).toBe(0);
  });

  it('holds a charted word in no byte of the file, its WAL or its backup, while the app finds it through the key', async () => {
    useDataKey(keyFromSecret(file, PASSPHRASE));
    const host = await openHost(file, { actor: 'test', log: () => {} });
    try {
      const open = await host.engine.get<{ caseId: number; providerId: number }>(
        `SELECT c.id AS "caseId", (SELECT min(id) FROM provider) AS "providerId" FROM care_case c ORDER BY c.id LIMIT 1`,
      );
      const draft = await host.handle('createVisit', { caseId: open!.caseId, providerId: open!.providerId, startedAt: '2026-12-01T09:00' });
      expect(draft.ok).toBe(true);
      const id = (draft as { value: { id: number } }).value.id;
      const saved = await host.handle('saveVisit', {
        id,
        providerId: open!.providerId,
        startedAt: '2026-12-01T09:00',
        faceMinutes: 30,
        subjective: `Calf tight after the tempo run; ${WORD} taping helped.`,
      });
      expect(saved.ok).toBe(true);
      // The control: the word was written, and reads back through the key.
      const found = await host.handle('searchNotes', { query: WORD });
      expect(found).toMatchObject({ ok: true, value: [expect.objectContaining({ recordId: id })] });
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect(holdsWord(`${file}-wal`)).toBe(false);
      expect(holdsWord(file)).toBe(false);
      await host.backupNow();
    } finally {
      await host.close();
    }
    const folder = join(dir, 'backups');
    const backups = readdirSync(folder);
    expect(backups.length).toBeGreaterThan(0);
    for (const name of backups) {
      expect(readFileSync(join(folder, name)).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
      expect(holdsWord(join(folder, name))).toBe(false);
    }
    for (const name of readdirSync(dir)) if (!name.startsWith('backups')) expect(holdsWord(join(dir, name))).toBe(false);
  });

  it('restores a backup with the key, and refuses it without', () => {
    const backup = join(
      dir,
      'backups',
      readdirSync(join(dir, 'backups')).find((n) => n.startsWith('needlebook-'))!,
    );
    const target = join(mkdtempSync(join(tmpdir(), 'needlebook-cipher-restore-')), 'needlebook.db');
    const refused = cli(['restore', '--db', target, '--from', backup], null);
    expect(refused.code).toBe(1);
    expect(existsSync(target)).toBe(false);
    expect(cli(['restore', '--db', target, '--from', backup], 'another long passphrase').code).toBe(1);
    expect(existsSync(target)).toBe(false);
    const restored = cli(['restore', '--db', target, '--from', backup], recoveryKey);
    expect(restored).toMatchObject({ code: 0, out: expect.stringContaining('Restored') });
    expect(readFileSync(target).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
    expect(cli(['check', '--db', target], recoveryKey)).toMatchObject({ code: 0 });
  });

  it('changes its passphrase with needlebook rekey: the old one no longer opens it, the recovery key still does', () => {
    const keyFile = readFileSync(keyFileOf(file), 'utf8');
    const refused = spawnSync(process.execPath, ['electron/needlebook.mjs', 'rekey', '--db', file], {
      encoding: 'utf8',
      env: { ...process.env, NEEDLEBOOK_KEY: 'not the passphrase at all', NEEDLEBOOK_NEW_KEY: 'a brand new passphrase' },
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(WRONG_KEY);
    expect(readFileSync(keyFileOf(file), 'utf8')).toBe(keyFile);
    const changed = spawnSync(process.execPath, ['electron/needlebook.mjs', 'rekey', '--db', file], {
      encoding: 'utf8',
      env: { ...process.env, NEEDLEBOOK_KEY: PASSPHRASE, NEEDLEBOOK_NEW_KEY: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(0);
    expect(cli(['check', '--db', file], 'a brand new passphrase').code).toBe(0);
    expect(cli(['check', '--db', file], PASSPHRASE)).toMatchObject({ code: 1, err: expect.stringContaining(WRONG_KEY) });
    expect(cli(['check', '--db', file], recoveryKey).code).toBe(0);
  });
});
