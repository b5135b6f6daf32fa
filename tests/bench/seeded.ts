import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createDemoClinic } from '../../db/demo/demo';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { openHost } from '../../db/host';
import { LATEST_VERSION } from '../../db/migrations';

/**
 * Seeded bench clinics kept between runs: seeding 18,000 patients through the service takes many
 * minutes on a shared two-core machine, so the bench seeds a size once and copies the kept file for
 * every run after. The name carries the schema version, so a migration makes the bench seed again
 * rather than measure a file the app would upgrade first. `NEEDLEBOOK_BENCH_CACHE` moves the folder.
 *
 * The kept file is plain: the bench encrypts its copy when asked (NEEDLEBOOK_KEY), as `needlebook
 * encrypt` does. The demo clinic's dates are made from the day it was seeded; a copy from an earlier
 * day is what a practitioner opens on a new day (Review's rows of yesterday, no backup of today).
 */
export const benchCache = (): string => process.env.NEEDLEBOOK_BENCH_CACHE ?? join(homedir(), '.cache', 'needlebook', 'bench');

export const seededName = (patients: number): string => `clinic-${patients}-schema${LATEST_VERSION}.db`;

/** The kept clinic of `patients` patients, seeded now if there is none; returns its path and whether it was seeded by this call, with the seconds it took. */
export async function seededClinic(patients: number, say: (line: string) => void = () => {}): Promise<{ file: string; seedSeconds: number | null }> {
  const folder = benchCache();
  const file = join(folder, seededName(patients));
  if (existsSync(file)) {
    if (!hasReviewDay(file)) await leaveAsADay(file);
    return { file, seedSeconds: null };
  }
  mkdirSync(folder, { recursive: true });
  // Seeded under another name and renamed when whole: a run stopped half-way leaves no half clinic to reuse.
  const partial = `${file}.seeding-${process.pid}`;
  rmSync(partial, { force: true });
  const earlier = earlierSeeded(folder, patients);
  if (earlier) {
    say(`upgrading the kept ${earlier} to schema ${LATEST_VERSION}, as the app upgrades a practitioner's file…`);
    const started = performance.now();
    copyOfSeeded(join(folder, earlier), partial);
    const host = await openHost(partial, { actor: 'bench', log: () => {} });
    await host.close();
    // Rows an upgrade left to be made again (migration 34's, say) made as a day's use makes them.
    await leaveAsADay(partial);
    keep(partial, file);
    say(`upgraded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // Not a seeding: the figures that compare seeding speed leave this run out.
    return { file, seedSeconds: null };
  }
  say(`seeding ${patients} patients into ${file} (kept for the next runs)…`);
  const started = performance.now();
  const host = await openHost(partial, { actor: 'bench', log: () => {} });
  try {
    await createDemoClinic(host.engine, { today: new Date(), patients });
    // The ledger verified once, as the app does on its first launch: later launches check what was sealed since.
    const verified = await host.handle('verifyRecords', {});
    if (!verified.ok) throw new Error(`verify after seeding: ${verified.error.message}`);
  } finally {
    await host.close();
  }
  await leaveAsADay(partial);
  keep(partial, file);
  return { file, seedSeconds: (performance.now() - started) / 1000 };
}

/** The partial file renamed to its kept name once whole, with its id; nothing of the partial left behind. */
function keep(partial: string, file: string): void {
  renameSync(partial, file);
  if (existsSync(`${partial}.id`)) renameSync(`${partial}.id`, `${file}.id`);
  for (const side of ['-wal', '-shm', '.id', '.lock']) rmSync(`${partial}${side}`, { force: true });
  rmSync(join(benchCache(), 'backups'), { recursive: true, force: true });
}

/**
 * The newest kept clinic of this size from an earlier schema: seeding 18,000 patients again takes
 * half an hour, and the app's own migrations bring such a file forward as they bring a
 * practitioner's. The name says the schema the file was seeded at; the file says what it holds now.
 */
function earlierSeeded(folder: string, patients: number): string | null {
  const found = readdirSync(folder)
    .map((name) => ({ name, version: new RegExp(`^clinic-${patients}-schema(\\d+)\\.db$`).exec(name)?.[1] }))
    .filter((f): f is { name: string; version: string } => f.version !== undefined && Number(f.version) < LATEST_VERSION)
    .sort((a, b) => Number(b.version) - Number(a.version));
  return found[0]?.name ?? null;
}

function hasReviewDay(file: string): boolean {
  const raw = new BetterSqlite3(file, { readonly: true });
  try {
    return raw.prepare('SELECT day FROM review_day').get() !== undefined;
  } finally {
    raw.close();
  }
}

/**
 * Review's rows made once, as a day's use of the app leaves them: the demo charts years in one
 * transaction with the rows left for later (db/demo/demo.ts). Without them a bench's "first launch
 * of a day" made every row of the clinic, which a clinic's real morning never does.
 */
async function leaveAsADay(file: string): Promise<void> {
  // An earlier day's rows (a kept clinic upgraded): its Review then makes what an upgrade or the
  // days since left due, as the app's first Review of a day does.
  if (hasReviewDay(file)) {
    const raw = new BetterSqlite3(file);
    try {
      raw.prepare('UPDATE review_day SET day = ? || substr(day, 11) WHERE one = 1').run(new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA'));
    } finally {
      raw.close();
    }
  }
  const host = await openHost(file, { actor: 'bench', log: () => {} });
  try {
    const review = await host.handle('reviewCases', {});
    if (!review.ok) throw new Error(`Review after seeding: ${review.error.message}`);
  } finally {
    await host.close();
  }
}

/** A copy of the kept clinic to measure (a run changes its file: audit rows, review rows, backups). */
export function copyOfSeeded(from: string, to: string): void {
  copyFileSync(from, to);
  const id = `${from}.id`;
  if (existsSync(id)) copyFileSync(id, `${to}.id`);
}
