import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DrillResult } from '../shared/backup';

/**
 * Where a data file's backups go besides its backup folder, and the last restore drill, kept beside
 * the data file as `FILE.backups.json` rather than in it: a restore then keeps them whatever the
 * restored file says (as it keeps the folder in use), a file too damaged to open still knows its
 * second place, and no schema migration is needed (migration 14's `app_setting` takes only the
 * backup folder by name). Nothing clinical is in it.
 */
export interface BackupPlaces {
  /** The second folder (an external drive, a synced folder), or none. */
  secondFolder: string | null;
  drill: DrillResult | null;
}

export const placesFileOf = (dataFile: string) => `${dataFile}.backups.json`;

export function readPlaces(dataFile: string): BackupPlaces {
  try {
    const raw = JSON.parse(readFileSync(placesFileOf(dataFile), 'utf8')) as Partial<BackupPlaces>;
    return {
      secondFolder: typeof raw.secondFolder === 'string' && raw.secondFolder !== '' ? raw.secondFolder : null,
      drill: raw.drill && typeof raw.drill === 'object' && typeof raw.drill.at === 'string' ? raw.drill : null,
    };
  } catch {
    return { secondFolder: null, drill: null };
  }
}

/** Written whole or not at all: a new file beside, renamed over the old one. */
export function writePlaces(dataFile: string, places: BackupPlaces): void {
  const file = placesFileOf(dataFile);
  writeFileSync(`${file}.new`, `${JSON.stringify(places, null, 2)}\n`);
  renameSync(`${file}.new`, file);
}
