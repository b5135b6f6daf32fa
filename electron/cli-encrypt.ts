import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultBackupFolder } from '../db/backup';
import { readPlaces } from '../db/backup-places';
import { isPlainFile, useDataKey } from '../db/engine/cipher';
import { encryptFile, plainBackupsIn, type EncryptStep } from '../db/encrypt-file';
import { lockDataFile } from '../db/file-lock';
import { openHost } from '../db/host';
import { keyFromRecovery, MIN_PASSPHRASE, newDataKey, recoveryKeyOf } from '../db/key-custody';
import { keepKeyByPassphrase, keyFromSecret, keyGiven, keyOpening, looksLikeRecoveryKey } from '../db/key-intake';
import { rotateDataKey, rotationPending, type Rotation, type RotationStep } from '../db/key-rotation';
import { readKeyFile } from '../db/key-file';
import { auditAlone } from '../db/queries/audit';
import { getSetting } from '../db/queries/app-settings';
import { askHidden } from './cli-prompt';

const USAGE = `Usage: needlebook encrypt --db FILE [--backups]

Encrypts a plain data file (one made before encryption, or with --unencrypted): an encrypted copy
is written beside it, compared with it table by table and by the ledger, and put in its place with
one rename; the plain file is then gone. Nothing is lost if the computer stops half-way: run it
again. The passphrase comes from NEEDLEBOOK_KEY or is asked for (at least ${MIN_PASSPHRASE} characters); the
recovery key is said once. Plain backups are listed; --backups encrypts them too, with the same key.

  --db FILE   the data file
  --backups   encrypt the plain backups in the backup folders as well`;

const out = (line: string) => process.stdout.write(`${line}\n`);

/** The SIGKILL test's seam: the process stops dead after the named step, as a power cut would. */
function crashPoint(step: EncryptStep): void {
  if (process.env.NEEDLEBOOK_CRASH_AFTER === step) process.kill(process.pid, 'SIGKILL');
}

async function secretFor(question: string): Promise<string> {
  const given = process.env.NEEDLEBOOK_KEY;
  if (given) return given;
  if (!process.stdin.isTTY) throw new Error('set NEEDLEBOOK_KEY to the new passphrase, or run in a terminal to be asked');
  const first = await askHidden(question);
  if (looksLikeRecoveryKey(first)) return first;
  if ((await askHidden('The same passphrase again: ')) !== first) throw new Error('the two passphrases differ; nothing was changed');
  return first;
}

async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { db: { type: 'string' }, backups: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return (out(USAGE), 0);
  if (!values.db) throw new Error('--db FILE names the data file to encrypt');
  const file = resolve(values.db);
  if (!existsSync(file)) throw new Error(`no data file at ${file}`);
  const lock = lockDataFile(file, 'needlebook encrypt');
  let made: Buffer | null = null;
  let key: Buffer;
  try {
    if (isPlainFile(file)) {
      const kept = readKeyFile(file);
      const secret = await secretFor(`Passphrase to keep ${basename(file)}'s key (at least ${MIN_PASSPHRASE} characters): `);
      // An earlier run that stopped half-way left its key beside the file: the same key is used again.
      if (kept) key = keyFromSecret(file, secret);
      else if (looksLikeRecoveryKey(secret)) key = keyFromRecovery(secret);
      else {
        made = newDataKey();
        keepKeyByPassphrase(file, made, secret, false);
        key = made;
      }
      const done = encryptFile(file, key, crashPoint);
      out(`Encrypted ${file}: ${done.tables} tables compared row by row, then swapped in; the plain file is gone.`);
    } else {
      key = keyFromSecret(file, await secretFor('Passphrase or recovery key: '));
      out(`${file} is encrypted already.`);
    }
  } finally {
    lock.release();
  }
  useDataKey(key);
  const host = await openHost(file, { actor: 'needlebook encrypt' });
  let folders: string[];
  try {
    if (made) await auditAlone({ db: host.engine, now: () => new Date(), actor: 'needlebook encrypt' }, 'update', 'data file', null, 'encrypted at rest');
    const chosen = await getSetting({ db: host.engine, now: () => new Date(), actor: 'needlebook encrypt' }, 'backup_folder').catch(() => null);
    folders = [chosen ?? defaultBackupFolder(file), readPlaces(file).secondFolder].filter((f): f is string => f !== null);
  } finally {
    await host.close();
  }
  if (made)
    process.stderr.write(
      `Its recovery key opens it if the passphrase is lost — write it down and keep it away from this computer; it is not shown again:\n\n    ${recoveryKeyOf(made)}\n\n`,
    );
  const plainBackups = folders.flatMap(plainBackupsIn);
  if (plainBackups.length === 0) return 0;
  if (!values.backups) {
    out(`${plainBackups.length} backups are not encrypted (needlebook encrypt --db FILE --backups encrypts them with the same key):`);
    for (const b of plainBackups) out(`  ${b}`);
    return 0;
  }
  for (const b of plainBackups) {
    encryptFile(b, key);
    out(`Encrypted the backup ${b}.`);
  }
  return 0;
}

export const encryptCommand = { summary: 'Encrypt a plain data file (and, with --backups, its plain backups)', usage: USAGE, run };

const REKEY_USAGE = `Usage: needlebook rekey --db FILE [--rotate]

Changes the passphrase that keeps an encrypted data file's key: the current passphrase or recovery
key from NEEDLEBOOK_KEY (or asked for), the new passphrase from NEEDLEBOOK_NEW_KEY (or asked for
twice, at least ${MIN_PASSPHRASE} characters; it may be the same one). A key the app kept in this computer's
keychain is kept by the passphrase from then on.

Without --rotate the data key, the file and its backups stay as they are, so the recovery key and
every backup still open them.

With --rotate the data key itself is replaced — when a recovery sheet or the passphrase was seen
by someone who should not have: the file and every backup the old key opens are re-encrypted with
a new key (each copied, rekeyed, compared and swapped in by one rename), and a new recovery key is
said once; the old one opens none of them from then on. Killed half-way, the file opens with the
old key or the new one, and running it again with the old passphrase or recovery key finishes it.

  --db FILE   the data file
  --rotate    replace the data key, re-encrypting the file and its backups`;

/** The SIGKILL test's seam for a rotation: the process stops dead after the named step. */
function rotationCrashPoint(step: RotationStep): void {
  if (process.env.NEEDLEBOOK_CRASH_AFTER === step) process.kill(process.pid, 'SIGKILL');
}

async function newPassphrase(): Promise<string> {
  const given = process.env.NEEDLEBOOK_NEW_KEY ?? '';
  if (given) return given;
  if (!process.stdin.isTTY) throw new Error('set NEEDLEBOOK_NEW_KEY to the new passphrase, or run in a terminal to be asked');
  const next = await askHidden(`New passphrase (at least ${MIN_PASSPHRASE} characters): `);
  if ((await askHidden('The same passphrase again: ')) !== next) throw new Error('the two passphrases differ; nothing was changed');
  return next;
}

/** The backup folders the file's settings name (the chosen one, or the default, and the second). */
async function backupFoldersOf(file: string, actor: string): Promise<string[]> {
  const host = await openHost(file, { actor });
  try {
    const chosen = await getSetting({ db: host.engine, now: () => new Date(), actor }, 'backup_folder').catch(() => null);
    return [chosen ?? defaultBackupFolder(file), readPlaces(file).secondFolder].filter((f): f is string => f !== null);
  } finally {
    await host.close();
  }
}

async function rotate(file: string, current: Buffer): Promise<number> {
  const actor = 'needlebook rekey --rotate';
  // Read with the key that opens the file now (the new one, if a rotation was cut short after the swap).
  useDataKey(keyOpening(file, current));
  const folders = await backupFoldersOf(file, actor);
  const passphrase = await newPassphrase();
  if (passphrase.length < MIN_PASSPHRASE) throw new Error(`the new passphrase must be at least ${MIN_PASSPHRASE} characters; nothing was changed`);
  const lock = lockDataFile(file, actor);
  let done: Rotation;
  try {
    done = rotateDataKey(file, current, passphrase, folders, rotationCrashPoint);
  } finally {
    lock.release();
  }
  useDataKey(done.key);
  const host = await openHost(file, { actor });
  try {
    await auditAlone({ db: host.engine, now: () => new Date(), actor }, 'update', 'data key', null, `rotated; ${done.reencrypted.length} backups re-encrypted`);
  } finally {
    await host.close();
  }
  out(
    `The data key of ${file} was replaced: the file and ${done.reencrypted.length} backups are encrypted with the new key; the old recovery key opens none of them.`,
  );
  if (done.foreign.length > 0) {
    out(`${done.foreign.length} encrypted backups open with neither key (made with a key from before) and were left as they are:`);
    for (const b of done.foreign) out(`  ${b}`);
  }
  process.stderr.write(
    `The new recovery key opens the file and its backups if the passphrase is lost — write it down, keep it away from this computer, and destroy the old sheet; it is not shown again:\n\n    ${recoveryKeyOf(done.key)}\n\n`,
  );
  return 0;
}

async function rekey(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { db: { type: 'string' }, rotate: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return (out(REKEY_USAGE), 0);
  if (!values.db) throw new Error('--db FILE names the data file');
  const file = resolve(values.db);
  if (!existsSync(file)) throw new Error(`no data file at ${file}`);
  if (isPlainFile(file)) throw new Error(`${file} is not encrypted: needlebook encrypt --db FILE encrypts it`);
  const current = process.env.NEEDLEBOOK_KEY || (process.stdin.isTTY ? await askHidden('Current passphrase or recovery key: ') : '');
  if (!current) throw new Error('set NEEDLEBOOK_KEY to the current passphrase or recovery key, or run in a terminal to be asked');
  if (values.rotate || rotationPending(file)) {
    if (!values.rotate) out('A key rotation of this file was cut short: it is finished first.');
    return rotate(file, keyGiven(file, current));
  }
  const key = keyFromSecret(file, current);
  // The key is tried on the file before anything is written: a recovery key of another file changes nothing.
  useDataKey(key);
  const host = await openHost(file, { actor: 'needlebook rekey' });
  try {
    const next = await newPassphrase();
    keepKeyByPassphrase(file, key, next, readKeyFile(file)?.recoveryConfirmed ?? false);
    await auditAlone({ db: host.engine, now: () => new Date(), actor: 'needlebook rekey' }, 'update', 'data key', null, 'passphrase changed');
  } finally {
    await host.close();
  }
  out(`The passphrase of ${file} was changed. Its recovery key and its backups are unchanged.`);
  return 0;
}

export const rekeyCommand = {
  summary: 'Change the passphrase that keeps an encrypted data file’s key, or (--rotate) the key itself',
  usage: REKEY_USAGE,
  run: rekey,
};
