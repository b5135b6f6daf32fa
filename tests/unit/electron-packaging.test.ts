import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import pkg from '../../package.json' with { type: 'json' };

/** The installer configuration as electron-builder reads it. */
const config = parse(readFileSync('build/electron-builder.yml', 'utf8')) as Record<string, unknown>;
const fuses = config.electronFuses as Record<string, boolean>;

describe('packaged app: Electron fuses (build/electron-builder.yml)', () => {
  it.each([
    ['runAsNode', false, 'ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node'],
    ['enableNodeOptionsEnvironmentVariable', false, 'NODE_OPTIONS is ignored'],
    ['enableNodeCliInspectArguments', false, '--inspect and --inspect-brk are ignored'],
    ['enableCookieEncryption', true, 'the cookie store is encrypted'],
    ['enableEmbeddedAsarIntegrityValidation', true, 'app.asar is checked against its embedded hash'],
    ['onlyLoadAppFromAsar', true, 'the app loads from app.asar only'],
    ['grantFileProtocolExtraPrivileges', false, 'file:// gets no extra rights'],
  ])('%s is %s: %s', (fuse, value) => {
    expect(fuses[fuse]).toBe(value);
  });

  it('packs the app into ASAR (the integrity fuses need it) and unpacks only the native binary', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3-multiple-ciphers/prebuilds/**']);
    expect(config.npmRebuild).toBe(false);
  });
});

describe('supported releases', () => {
  it('runs on Node 22 LTS or newer', () => {
    expect(pkg.engines.node).toBe('>=22.12');
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });

  it('pins an Electron major that is still supported (45, the newest the registry serves)', () => {
    const major = Number(/(\d+)\./.exec(pkg.devDependencies.electron)?.[1]);
    expect(major).toBeGreaterThanOrEqual(45);
  });
});
