import { join } from 'node:path';

/**
 * Where `npm start` keeps better-sqlite3 compiled for Electron's ABI. It lives beside, not inside,
 * node_modules/better-sqlite3, so the Node build that tests and the command line use is never
 * overwritten: `npm start` and `npm test` work in either order.
 */
export function electronBindingPath(projectRoot: string, electronVersion: string, platform: string = process.platform, arch: string = process.arch): string {
  return join(projectRoot, '.cache', 'electron-native', `${electronVersion}-${platform}-${arch}`, 'better_sqlite3.node');
}
