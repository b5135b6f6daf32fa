import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DomainError } from '../shared/outcome';
import { isPlainFile, openRaw, type RawDb } from './engine/cipher';

/**
 * A plain data file (or backup) made encrypted without a moment where a crash loses anything
 * (issue 31, point 3): the file is never changed in place. An encrypted copy is written beside it,
 * compared with it table by table and by the ledger's head, flushed, and put in its place by one
 * rename; only then is the plain file gone. Killed at any step, the file is either the plain one,
 * whole, or the encrypted one, whole — and running it again finishes the job.
 */
export type EncryptStep = 'checkpointed' | 'copied' | 'encrypted' | 'compared' | 'swapped';

const stagingOf = (file: string) => `${file}.encrypting`;

/** Every table's rows in rowid order, hashed: the same rows give the same digest whatever the pages look like. */
function tableDigests(db: RawDb): Map<string, string> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const out = new Map<string, string>();
  for (const name of tables) {
    const hash = createHash('sha256');
    let rows = 0;
    // Virtual tables (the note search index) are read through their shadow tables, which are listed too.
    const virtual = (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name) as string).startsWith('CREATE VIRTUAL');
    if (virtual) continue;
    const withoutRowid = /WITHOUT ROWID/i.test(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name) as string);
    for (const row of db
      .prepare(`SELECT * FROM "${name}"${withoutRowid ? '' : ' ORDER BY rowid'}`)
      .raw()
      .iterate()) {
      hash.update(JSON.stringify(row, (_k, v: unknown) => (v instanceof Buffer ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v)));
      rows++;
    }
    out.set(name, `${rows}:${hash.digest('hex')}`);
  }
  return out;
}

const ledgerHead = (db: RawDb) =>
  JSON.stringify(
    (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'signed_ledger'").get() &&
      db.prepare('SELECT seq, chain_hash FROM signed_ledger ORDER BY seq DESC LIMIT 1').get()) ??
      null,
  );

function flush(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Encrypts `file` with `key` in place of it: a plain file, or (`fromKey` given) one encrypted
 * with another key, as a key rotation re-encrypts the file and its backups (db/key-rotation.ts).
 * `after` is told each step as it is done (the SIGKILL tests stop the process there). The caller
 * holds the file's lock: nothing else has it open.
 */
export function encryptFile(file: string, key: Buffer, after: (step: EncryptStep) => void = () => {}, fromKey: Buffer | null = null): { tables: number } {
  const staging = stagingOf(file);
  // What an earlier run left half-made is thrown away: the plain file is still the truth.
  rmSync(staging, { force: true });
  rmSync(`${staging}-journal`, { force: true });
  if (fromKey === null && !isPlainFile(file))
    throw new DomainError('conflict', `${file} is not a plain SQLite file: it is encrypted already, or not a database.`);
  // The WAL folded into the file and removed, so the copy is the whole database and no WAL under
  // the old key (or none) is left to be replayed onto the new file after the swap.
  const plain = openRaw(file, {}, fromKey);
  let before: Map<string, string>;
  let head: string;
  try {
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.pragma('journal_mode = DELETE');
    before = tableDigests(plain);
    head = ledgerHead(plain);
  } finally {
    plain.close();
  }
  after('checkpointed');
  copyFileSync(file, staging);
  after('copied');
  const copy = openRaw(staging, {}, fromKey);
  try {
    copy.pragma('journal_mode = DELETE');
    copy.pragma('secure_delete = ON');
    if (fromKey === null) {
      copy.pragma(`cipher = 'sqlcipher'`);
      copy.pragma('legacy = 4');
    }
    copy.pragma(`rekey = "x'${key.toString('hex')}'"`);
  } finally {
    copy.close();
  }
  after('encrypted');
  const check = openRaw(staging, { readonly: true }, key);
  try {
    const now = tableDigests(check);
    const differs = [...before.keys(), ...now.keys()].filter((t) => before.get(t) !== now.get(t));
    if (differs.length > 0 || ledgerHead(check) !== head || String(check.pragma('integrity_check', { simple: true })) !== 'ok')
      throw new DomainError(
        'storage',
        `The encrypted copy of ${file} did not match it (${differs.slice(0, 3).join(', ') || 'the ledger'}): nothing was changed.`,
      );
  } catch (error) {
    check.close();
    rmSync(staging, { force: true });
    throw error;
  }
  check.close();
  flush(staging);
  after('compared');
  // The one moment the file changes: a rename is whole or not at all.
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(staging, file);
  try {
    flush(dirname(file));
  } catch {
    // Windows cannot open a folder to flush it; its renames are durable on their own.
  }
  after('swapped');
  return { tables: before.size };
}

/** Whether an earlier encryption was cut short: its copy is still beside the file. */
export const encryptionInterrupted = (file: string) => existsSync(stagingOf(file));

/** The plain backups in a folder, to be listed with the choice to re-encrypt them. */
export function plainBackupsIn(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((n) => n.endsWith('.db'))
    .map((n) => join(folder, n))
    .filter((p) => isPlainFile(p));
}
