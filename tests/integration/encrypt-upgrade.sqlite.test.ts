import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPlainFile, openRaw } from '../../db/engine/cipher';
import type { EncryptStep } from '../../db/encrypt-file';
import { idFileOf } from '../../db/file-identity';
import { keyFromSecret } from '../../db/key-intake';

/**
 * Issue 31, point 3: a plain data file made encrypted by `needlebook encrypt`, killed with SIGKILL
 * after every step. Whatever step it died at, the file is whole — the plain one or the encrypted
 * one, every row as it was — `needlebook check` passes, and running it again finishes the job.
 */
const PASSPHRASE = 'hill repeats before breakfast';
const STEPS: EncryptStep[] = ['checkpointed', 'copied', 'encrypted', 'compared', 'swapped'];
const seedDir = mkdtempSync(join(tmpdir(), 'needlebook-encrypt-'));
const seeded = join(seedDir, 'needlebook.db');

function cli(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.NEEDLEBOOK_KEY;
  const r = spawnSync(process.execPath, ['electron/needlebook.mjs', ...args], { encoding: 'utf8', env: { ...base, ...env } });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** Every row of the clinical tables (the audit log aside: encrypting adds its own row). */
function rowsOf(file: string): string {
  const db = openRaw(file, { readonly: true }, isPlainFile(file) ? null : keyFromSecret(file, PASSPHRASE));
  try {
    return JSON.stringify(
      ['patient', 'care_case', 'visit', 'assessment', 'addendum', 'signed_ledger', 'billing_line'].map((t) =>
        db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
      ),
    );
  } finally {
    db.close();
  }
}

function copyOfSeeded(): string {
  const dir = mkdtempSync(join(tmpdir(), 'needlebook-encrypt-'));
  const file = join(dir, 'needlebook.db');
  cpSync(seeded, file);
  cpSync(idFileOf(seeded), idFileOf(file));
  cpSync(join(seedDir, 'backups'), join(dir, 'backups'), { recursive: true });
  return file;
}

let original = '';
beforeAll(() => {
  expect(cli(['demo', '--db', seeded, '--unencrypted']).code).toBe(0);
  expect(cli(['backup', '--db', seeded]).code).toBe(0);
  original = rowsOf(seeded);
}, 180_000);

describe('needlebook encrypt', () => {
  it('encrypts a plain file whole, lists its plain backups, and encrypts them on request', () => {
    const file = copyOfSeeded();
    const done = cli(['encrypt', '--db', file], { NEEDLEBOOK_KEY: PASSPHRASE });
    expect(done).toMatchObject({ code: 0, out: expect.stringMatching(/^Encrypted .+: \d+ tables compared row by row/) });
    expect(done.err).toMatch(/(?:[0-9A-Z]{4}-){13}[0-9A-Z]{3}/);
    expect(isPlainFile(file)).toBe(false);
    expect(existsSync(`${file}.encrypting`)).toBe(false);
    expect(rowsOf(file)).toBe(original);
    expect(done.out).toMatch(/1 backups are not encrypted/);
    expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: PASSPHRASE }).code).toBe(0);

    const backups = cli(['encrypt', '--db', file, '--backups'], { NEEDLEBOOK_KEY: PASSPHRASE });
    expect(backups).toMatchObject({ code: 0, out: expect.stringContaining('Encrypted the backup') });
    const folder = join(file, '..', 'backups');
    for (const b of readdirSync(folder)) expect(isPlainFile(join(folder, b))).toBe(false);
  });

  it.each(STEPS)('killed after %s: the file is whole, checks clean, and a second run finishes', (step) => {
    const file = copyOfSeeded();
    const killed = cli(['encrypt', '--db', file], { NEEDLEBOOK_KEY: PASSPHRASE, NEEDLEBOOK_CRASH_AFTER: step });
    expect(killed.signal).toBe('SIGKILL');
    // Before the swap the plain file is the truth; from the swap on, the encrypted one.
    expect(isPlainFile(file)).toBe(step !== 'swapped');
    expect(rowsOf(file)).toBe(original);
    expect(cli(['check', '--db', file], isPlainFile(file) ? {} : { NEEDLEBOOK_KEY: PASSPHRASE }).code).toBe(0);

    const again = cli(['encrypt', '--db', file], { NEEDLEBOOK_KEY: PASSPHRASE });
    expect(again.code).toBe(0);
    expect(isPlainFile(file)).toBe(false);
    expect(existsSync(`${file}.encrypting`)).toBe(false);
    expect(rowsOf(file)).toBe(original);
    expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: PASSPHRASE }).code).toBe(0);
  });
});
