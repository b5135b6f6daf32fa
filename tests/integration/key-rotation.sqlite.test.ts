import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRaw, opensWith, WRONG_KEY } from '../../db/engine/cipher';
import { idFileOf } from '../../db/file-identity';
import { keyFromRecovery } from '../../db/key-custody';
import { keyFromSecret } from '../../db/key-intake';
import { readKeyFile } from '../../db/key-file';
import type { RotationStep } from '../../db/key-rotation';

/**
 * Issue 31, point 2: `needlebook rekey --rotate` replaces the data key of a file and its backups —
 * after a recovery sheet was seen by someone who should not have seen it. The old passphrase and the
 * old recovery key open none of them afterwards; every row is as it was. Killed with SIGKILL after
 * every step, the file opens with the old passphrase (whichever key it is under by then) and a
 * second run finishes the rotation.
 */
const OLD = 'tempo run at the track';
const NEW = 'long slow distance sunday';
const STEPS: RotationStep[] = ['pending', 'file checkpointed', 'file copied', 'file encrypted', 'file compared', 'file swapped', 'backups', 'kept'];
const RECOVERY = /((?:[0-9A-Z]{4}-){13}[0-9A-Z]{3})/;
const seedDir = mkdtempSync(join(tmpdir(), 'needlebook-rotate-'));
const seeded = join(seedDir, 'needlebook.db');

function cli(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.NEEDLEBOOK_KEY;
  delete base.NEEDLEBOOK_NEW_KEY;
  const r = spawnSync(process.execPath, ['electron/needlebook.mjs', ...args], { encoding: 'utf8', env: { ...base, ...env } });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}
const rotate = (file: string, env: Record<string, string> = {}) =>
  cli(['rekey', '--db', file, '--rotate'], { NEEDLEBOOK_KEY: OLD, NEEDLEBOOK_NEW_KEY: NEW, ...env });

/** Every row of the clinical tables (the audit log aside: rotating adds its own row). */
function rowsOf(file: string, key: Buffer): string {
  const db = openRaw(file, { readonly: true }, key);
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
const backupsOf = (file: string) => readdirSync(join(file, '..', 'backups')).map((n) => join(file, '..', 'backups', n));

function copyOfSeeded(): string {
  const dir = mkdtempSync(join(tmpdir(), 'needlebook-rotate-'));
  const file = join(dir, 'needlebook.db');
  for (const suffix of ['', '.key']) cpSync(seeded + suffix, file + suffix);
  cpSync(idFileOf(seeded), idFileOf(file));
  cpSync(join(seedDir, 'backups'), join(dir, 'backups'), { recursive: true });
  return file;
}

let oldRecovery = '';
let original = '';
beforeAll(() => {
  const made = cli(['demo', '--db', seeded], { NEEDLEBOOK_KEY: OLD });
  expect(made.code).toBe(0);
  oldRecovery = RECOVERY.exec(made.err)?.[1] ?? '';
  expect(oldRecovery).not.toBe('');
  expect(cli(['backup', '--db', seeded], { NEEDLEBOOK_KEY: OLD }).code).toBe(0);
  original = rowsOf(seeded, keyFromRecovery(oldRecovery));
}, 180_000);

describe('needlebook rekey --rotate', () => {
  it('re-encrypts the file and its backups with a new key; the old passphrase and recovery key open none of them', () => {
    const file = copyOfSeeded();
    const oldKey = keyFromRecovery(oldRecovery);
    const done = rotate(file);
    expect(done).toMatchObject({ code: 0, out: expect.stringContaining('1 backups are encrypted with the new key') });
    const newRecovery = RECOVERY.exec(done.err)?.[1] ?? '';
    expect(newRecovery).not.toBe('');
    expect(newRecovery).not.toBe(oldRecovery);
    const newKey = keyFromRecovery(newRecovery);
    expect(rowsOf(file, newKey)).toBe(original);
    expect(readKeyFile(file)).toMatchObject({ recoveryConfirmed: false });
    expect(readKeyFile(file)?.rotation).toBeUndefined();
    for (const backup of backupsOf(file)) {
      expect(opensWith(backup, newKey)).toBe(true);
      expect(opensWith(backup, oldKey)).toBe(false);
    }
    expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: NEW }).code).toBe(0);
    expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: newRecovery }).code).toBe(0);
    expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: OLD })).toMatchObject({ code: 1, err: expect.stringContaining(WRONG_KEY) });
    expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: oldRecovery })).toMatchObject({ code: 1, err: expect.stringContaining(WRONG_KEY) });
    // The rotation is on record, by the system's word.
    const db = openRaw(file, { readonly: true }, newKey);
    try {
      expect(db.prepare("SELECT actor, detail FROM audit_log WHERE entity = 'data key' ORDER BY id DESC LIMIT 1").get()).toEqual({
        actor: 'needlebook rekey --rotate',
        detail: 'rotated; 1 backups re-encrypted',
      });
    } finally {
      db.close();
    }
  }, 240_000);

  it('with a wrong current passphrase changes nothing', () => {
    const file = copyOfSeeded();
    const refused = rotate(file, { NEEDLEBOOK_KEY: 'not the passphrase at all' });
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining(WRONG_KEY) });
    expect(readKeyFile(file)?.rotation).toBeUndefined();
    expect(rowsOf(file, keyFromSecret(file, OLD))).toBe(original);
  }, 120_000);

  // Each case runs the command line five times; a loaded machine takes minutes, a quiet one seconds.
  it.each(STEPS)(
    'killed after %s: the file opens, checks clean, and a second run finishes',
    (step) => {
      const file = copyOfSeeded();
      const killed = rotate(file, { NEEDLEBOOK_CRASH_AFTER: step });
      expect(killed.signal).toBe('SIGKILL');
      expect(existsSync(`${file}.encrypting`)).toBe(['file copied', 'file encrypted', 'file compared'].includes(step));
      if (step === 'kept') {
        // Done but for saying the new recovery key: the new passphrase opens it, the old one no longer.
        expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: NEW }).code).toBe(0);
        expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: OLD }).code).toBe(1);
        expect(rowsOf(file, keyFromSecret(file, NEW))).toBe(original);
        return;
      }
      // The old passphrase opens it whichever key it is under by now; every row is as it was.
      expect(rowsOf(file, keyFromSecret(file, OLD))).toBe(original);
      expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: OLD }).code).toBe(0);

      // Run again — here without --rotate: a rotation cut short is finished first, whatever was asked.
      const again = cli(['rekey', '--db', file], { NEEDLEBOOK_KEY: OLD, NEEDLEBOOK_NEW_KEY: NEW });
      expect(again).toMatchObject({ code: 0, out: expect.stringContaining('cut short') });
      const newKey = keyFromRecovery(RECOVERY.exec(again.err)?.[1] ?? '');
      expect(existsSync(`${file}.encrypting`)).toBe(false);
      expect(rowsOf(file, newKey)).toBe(original);
      for (const backup of backupsOf(file)) expect(opensWith(backup, newKey)).toBe(true);
      expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: NEW }).code).toBe(0);
      expect(cli(['check', '--db', file], { NEEDLEBOOK_KEY: OLD }).code).toBe(1);
    },
    300_000,
  );
});
