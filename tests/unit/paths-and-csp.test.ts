import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { userDataDir } from '../../electron/data-path';
import { whereStored } from '../../renderer/src/format';

describe('where the data file lives (Electron userData for "Needlebook")', () => {
  it.each([
    ['linux', {}, '/home/mara/.config/Needlebook'],
    ['linux', { XDG_CONFIG_HOME: '/data/cfg' }, '/data/cfg/Needlebook'],
    ['darwin', {}, '/home/mara/Library/Application Support/Needlebook'],
    ['win32', { APPDATA: 'C:\\Users\\mara\\AppData\\Roaming' }, 'C:\\Users\\mara\\AppData\\Roaming/Needlebook'],
  ] as const)('%s %j → %s', (platform, env, dir) => {
    expect(userDataDir(platform, env, '/home/mara').replace(/\\(?=Needlebook$)/, '/')).toBe(dir);
  });
});

describe('content security policy', () => {
  it('is the same in renderer/index.html as in the headers', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('where the sidebar says the records are', () => {
  it.each([
    ['/home/mara/.config/Needlebook/needlebook.db', 'Stored only on this computer'],
    [':memory:', 'Stored only on this computer'],
    ['postgres://mara@clinic-server.local/needlebook', 'Stored on the clinic server clinic-server.local'],
    ['postgresql://10.0.0.5:5432/needlebook', 'Stored on the clinic server 10.0.0.5'],
  ])('%s → %s', (databaseFile, text) => {
    expect(whereStored(databaseFile)).toBe(text);
  });
});
