import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { DomainError } from '../../shared/outcome';

/**
 * Every SQLite file this process opens goes through here, so none is opened without its key
 * (docs/encryption.md). The driver is better-sqlite3 with SQLite3MultipleCiphers compiled in: the
 * same API, and with `cipher = 'sqlcipher'`, `legacy = 4` a file laid out as SQLCipher 4 lays it
 * out — AES-256 in CBC mode per page, an HMAC-SHA512 on every page (a changed byte is refused, not
 * read), a random salt in place of SQLite's plain header. The WAL is encrypted alike.
 *
 * The key is a raw 256-bit data key (`x'…'`), never a passphrase: the passphrase, the keychain and
 * the recovery key only unwrap it (db/key-custody.ts), so opening costs no key derivation.
 */
export type RawDb = BetterSqlite3.Database;
export type RawStatement = BetterSqlite3.Statement;

/** The data key of the file this process serves (the app's database process, a CLI run, the harness). */
let dataKey: Buffer | null = null;

/**
 * Sets the key every file is opened with from now on: the data file, its backups (made with the
 * same key), a restore's source, a clinic export. null: files are opened (and made) without one.
 */
export function useDataKey(key: Buffer | null): void {
  if (key !== null && key.length !== 32) throw new Error('a data key is 32 bytes');
  dataKey = key === null ? null : Buffer.from(key);
}

export const hasDataKey = (): boolean => dataKey !== null;

export const WRONG_KEY = 'This data file is locked with a different key.';
const SQLITE_HEADER = 'SQLite format 3\u0000';

/** A file that opens only with a key this process does not have, or has another of. */
export class LockedFileError extends DomainError {
  constructor(
    readonly file: string,
    readonly reason: 'no key' | 'wrong key',
  ) {
    super(
      'storage',
      reason === 'wrong key'
        ? `${WRONG_KEY} Nothing was changed. Open it with its own passphrase or recovery key.`
        : 'This data file is encrypted. Nothing was changed. Give its passphrase or recovery key (NEEDLEBOOK_KEY, or the prompt).',
    );
    this.name = 'LockedFileError';
  }
}

/** The first 16 bytes: SQLite's own header on a plain file, random salt on an encrypted one. */
function header(file: string): string | null {
  try {
    if (statSync(file).size < 16) return null;
    const bytes = Buffer.alloc(16);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, bytes, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
    return bytes.toString('latin1');
  } catch {
    return null;
  }
}

/** Whether a file on disk is a plain (unencrypted) SQLite database, by its header. */
export const isPlainFile = (file: string): boolean => header(file) === SQLITE_HEADER;
/** Whether a file on disk is not plain SQLite: encrypted, or not a database at all (only a key tells which). */
export const isSealedFile = (file: string): boolean => {
  const h = header(file);
  return h !== null && h !== SQLITE_HEADER;
};

/** Applies a key to a connection before its first read: SQLCipher 4's layout, the raw key. */
export function applyKey(raw: RawDb, key: Buffer): void {
  raw.pragma(`cipher = 'sqlcipher'`);
  raw.pragma('legacy = 4');
  raw.pragma(`key = "x'${key.toString('hex')}'"`);
}

/**
 * Opens a SQLite file with the key its state asks for: an encrypted file with the data key (or
 * refused as locked), a plain file as it is (an upgrade offers to encrypt it, db/encrypt-file.ts),
 * a new file encrypted when a key is in use. The key is checked by a first read, so a wrong one is
 * said at once and nothing is written with it. Temporary tables and sorts stay in memory: SQLite's
 * temporary files are not encrypted.
 */
export function openRaw(file: string, options: BetterSqlite3.Options = {}, key: Buffer | null = dataKey): RawDb {
  const onDisk = file !== ':memory:' && existsSync(file) && statSync(file).size > 0;
  const encrypted = onDisk ? !isPlainFile(file) : key !== null && file !== ':memory:';
  if (encrypted && key === null) throw new LockedFileError(file, 'no key');
  const raw = new BetterSqlite3(file, options);
  try {
    if (encrypted) applyKey(raw, key!);
    raw.pragma('temp_store = MEMORY');
    if (encrypted && onDisk) raw.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    return raw;
  } catch (error) {
    raw.close();
    if (encrypted && onDisk && (error as { code?: unknown }).code === 'SQLITE_NOTADB') throw new LockedFileError(file, 'wrong key');
    throw error;
  }
}

/** The data key in use, for what shows its recovery key or re-wraps it (db/host.ts); null when none. */
export const dataKeyInUse = (): Buffer | null => (dataKey === null ? null : Buffer.from(dataKey));

/** Whether `key` opens the encrypted file `file` (read only, nothing written): a key rotation asks it of the file and each backup. */
export function opensWith(file: string, key: Buffer): boolean {
  try {
    openRaw(file, { readonly: true, fileMustExist: true }, key).close();
    return true;
  } catch (error) {
    if (error instanceof LockedFileError) return false;
    throw error;
  }
}
