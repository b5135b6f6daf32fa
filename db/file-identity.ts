import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openRaw } from './engine/cipher';
import type { DbContext } from './context';

/**
 * Each data file's own identity: a random id, so that its backups are named by it and two files in
 * one folder (two practitioners on a shared folder, a test file beside the real one) never see or
 * overwrite each other's (issue 32). It is kept in the file itself, in SQLite's header field
 * `application_id` (32 bits, unused by Needlebook until now: no schema migration, and a backup —
 * a page-by-page copy — carries it), and beside the file as `FILE.id`, so a file too damaged to
 * read still knows which backups are its own. The id beside the file wins: a restore of any backup
 * keeps the file's identity. 32 random bits make two files in one folder alike about once in four
 * billion pairs. PostgreSQL needs none: its server makes its backups.
 */
export const FILE_ID = /^[0-9a-f]{8}$/;
export const idFileOf = (dataFile: string) => `${dataFile}.id`;
/** A random id; 0 is SQLite's "no application_id", never an id. */
function newId(): string {
  for (;;) {
    const id = randomBytes(4).toString('hex');
    if (id !== '00000000') return id;
  }
}
const asId = (n: number) => (n === 0 ? null : (n >>> 0).toString(16).padStart(8, '0'));
/** As SQLite stores it: a signed 32-bit integer. */
const asInt = (id: string) => Number.parseInt(id, 16) | 0;

/** The id kept beside a data file, if there is a well-formed one. */
export function idBeside(dataFile: string): string | null {
  try {
    const id = readFileSync(idFileOf(dataFile), 'utf8').trim();
    return FILE_ID.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** The id inside a database file (a backup, a data file), read-only; null if it has none or cannot be read. */
export function idInside(file: string): string | null {
  try {
    const raw = openRaw(file, { readonly: true, fileMustExist: true });
    try {
      return asId(raw.pragma('application_id', { simple: true }) as number);
    } finally {
      raw.close();
    }
  } catch {
    return null;
  }
}

/** What is known of a file's id without opening it for use: beside it, else inside it. */
export const knownIdOf = (dataFile: string): string | null => idBeside(dataFile) ?? idInside(dataFile);

/**
 * Whether another data file in the same folder already goes by `id`: then this one is a copy made by
 * hand (`cp needlebook.db test.db`) and needs an id of its own, or the two would share backups.
 */
function claimedBeside(dataFile: string, id: string): boolean {
  const folder = dirname(dataFile);
  const self = basename(dataFile);
  return readdirSync(folder).some((name) => {
    if (!name.endsWith('.id') || name === `${self}.id`) return false;
    const other = join(folder, name.slice(0, -'.id'.length));
    return existsSync(other) && idBeside(other) === id;
  });
}

/**
 * The open file's id, settled in the open's transaction: the one beside the file if there is one
 * (so a restored backup takes the file's identity), else the one inside unless a neighbour already
 * has it, else a new one. Written both inside and beside when either differs. A folder that cannot
 * be written to keeps the id inside only.
 */
export async function settleFileId(ctx: DbContext, dataFile: string): Promise<string> {
  const beside = idBeside(dataFile);
  const row = await ctx.db.get<{ id: number }>('SELECT application_id AS id FROM pragma_application_id()');
  const inside = asId(row?.id ?? 0);
  const id = beside ?? (inside && !claimedBeside(dataFile, inside) ? inside : newId());
  if (inside !== id) await ctx.db.exec(`PRAGMA application_id = ${asInt(id)}`);
  if (beside !== id) {
    try {
      writeFileSync(idFileOf(dataFile), `${id}\n`);
    } catch {
      // A read-only folder: the id inside the file still names its backups.
    }
  }
  return id;
}
