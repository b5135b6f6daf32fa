import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzip, gunzipSync } from 'node:zlib';
import { fiscalYearOf, parseCodeSet, parseCodeSetInSteps, type CodeSet } from '../shared/icd10cm/code-set';
import { buildSearchIndex, type SearchIndex } from '../shared/icd10cm/search';
import { nextTurn } from './next-turn';

const gunzipInPool = promisify(gunzip);

/** Set by build/bundle-electron.mjs: the code-set folder beside the bundle (a name), or the source folder (a path). */
declare const __ICD10CM__: string | undefined;

/** One file per fiscal year, as NCHS publishes it (docs/billing.md says how the next one is added). */
const FILE = /^icd10cm-codes-(\d{4})\.txt\.gz$/;

export function codeSetFolder(): string {
  if (typeof __ICD10CM__ === 'string') return isAbsolute(__ICD10CM__) ? __ICD10CM__ : join(__dirname, __ICD10CM__);
  return fileURLToPath(new URL('./icd10cm/', import.meta.url));
}

let years: Map<number, CodeSet> | null = null;
let index: SearchIndex | null = null;

/**
 * Every shipped year's code set, read on first use in this process and kept: the database process
 * does not pay for it at start, only the first call that checks or searches a code (the bench's
 * "code set" line measures it).
 */
export function codeSets(): ReadonlyMap<number, CodeSet> {
  if (years) return years;
  const folder = codeSetFolder();
  years = new Map(
    shippedFiles(readdirSync(folder), folder).map(({ name, year }) => [
      year,
      parseCodeSet(gunzipSync(readFileSync(join(folder, name))).toString('utf8'), year),
    ]),
  );
  return years;
}

/** The folder's code-set files with their years, oldest first; none at all is an error (no code could be checked). */
function shippedFiles(names: readonly string[], folder: string): { name: string; year: number }[] {
  const files = names.flatMap((name) => {
    const m = FILE.exec(name);
    return m ? [{ name, year: Number(m[1]) }] : [];
  });
  if (files.length === 0) throw new Error(`No ICD-10-CM code set in ${folder}`);
  return files.sort((a, b) => a.year - b.year);
}

let newestYear: number | null = null;

/**
 * The newest year shipped, from the files' names, without reading a code: what Review's day mark
 * names, asked on every first call of a day before anything needs the codes themselves (parsing
 * the set took 50–120 ms in front of the morning's first rows).
 */
export function currentCodeSetYear(): number {
  if (years) return currentCodeSet().year;
  if (newestYear !== null) return newestYear;
  const folder = codeSetFolder();
  newestYear = shippedFiles(readdirSync(folder), folder).at(-1)!.year;
  return newestYear;
}

/**
 * Every shipped year's code set read now, off the thread's way: the file read and unzipped on
 * libuv's threads, the lines a run at a time with calls let in between. What Review's rows need
 * after the first screen (`keepNextRows`), where reading it at once held a call 100–190 ms.
 */
export async function readCodeSetsInSteps(): Promise<void> {
  if (years) return;
  const folder = codeSetFolder();
  const found: [number, CodeSet][] = [];
  for (const { name, year } of shippedFiles(await readdir(folder), folder)) {
    const text = (await gunzipInPool(await readFile(join(folder, name)))).toString('utf8');
    found.push([year, await parseCodeSetInSteps(text, year, nextTurn)]);
  }
  // A call that needed the codes meanwhile read them itself: the first set read stays.
  years ??= new Map(found);
}

/** The newest year shipped: what a case's codes are checked against. */
export function currentCodeSet(): CodeSet {
  const all = [...codeSets().values()];
  return all[all.length - 1]!;
}

/**
 * The code set for a date of service: its own fiscal year's when shipped, else the nearest year
 * shipped (the oldest for earlier dates, the newest for later ones) — a year not yet published is
 * never guessed.
 */
export function codeSetFor(dateOfService: string): CodeSet {
  const sets = codeSets();
  const want = fiscalYearOf(dateOfService);
  const exact = sets.get(want);
  if (exact) return exact;
  const all = [...sets.values()];
  return want < all[0]!.year ? all[0]! : all[all.length - 1]!;
}

/** The search index over the current year, built on the first search. */
export function diagnosisIndex(): SearchIndex {
  const set = currentCodeSet();
  if (!index || index.set !== set) index = buildSearchIndex(set);
  return index;
}

/** For the bench and tests: forget what was read, so the next call pays the start-up again. */
export function forgetCodeSets(): void {
  years = null;
  newestYear = null;
  index = null;
}
