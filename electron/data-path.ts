import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Needlebook';
export const DATA_FILE_NAME = 'needlebook.db';

/**
 * Where the practitioner's data file lives: Electron's userData folder for an app named
 * Needlebook, computed here too so the command line finds the same file without Electron.
 */
export function userDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

export function defaultDataFile(): string {
  return join(userDataDir(), DATA_FILE_NAME);
}
