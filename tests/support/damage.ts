import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';

/**
 * What a disk or sync accident leaves of a closed data file, each kind as issue 32 found it. The
 * same kinds drive `needlebook check` and `restore` (tests/integration/backups.sqlite.test.ts) and the
 * recovery screen in Chromium (tests/e2e/recovery.test.ts).
 */
const PAGE = 4096;
const pagesOf = (file: string) => Math.floor(statSync(file).size / PAGE);
function overwrite(file: string, bytes: Buffer, at: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, at);
  } finally {
    closeSync(fd);
  }
}

export const DAMAGE = {
  /** A few pages near the end filled with random bytes: the file still opens, read-only. */
  'random pages': (file: string) => overwrite(file, randomBytes(PAGE * 3), (pagesOf(file) - 5) * PAGE),
  /** Ten pages a third of the way in zeroed, as a failed sector or a sync conflict leaves them. */
  'zeroed pages': (file: string) => overwrite(file, Buffer.alloc(PAGE * 10), Math.floor(pagesOf(file) / 3) * PAGE),
  /** Cut to half its pages: a copy or sync interrupted. */
  'cut short': (file: string) => truncateSync(file, Math.floor(pagesOf(file) / 2) * PAGE),
  /** The first 100 bytes, SQLite's header, destroyed. */
  'header destroyed': (file: string) => overwrite(file, randomBytes(100), 0),
  /** Nothing left: 0 bytes. */
  empty: (file: string) => writeFileSync(file, ''),
  /** Not a database at all: a text file saved over it. */
  'not a database': (file: string) => writeFileSync(file, 'Front desk notes: call Ana about Tuesday.\n'.repeat(200)),
  /** Gone altogether. */
  missing: (file: string) => rmSync(file),
} as const;

export type DamageKind = keyof typeof DAMAGE;
export const DAMAGE_KINDS = Object.keys(DAMAGE) as DamageKind[];
