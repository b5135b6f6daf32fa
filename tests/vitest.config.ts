import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { electronBinary, NO_ELECTRON_REASON } from './support/electron-binary.ts';
import { missingPrerequisites } from './support/prerequisites.ts';

// Before anything runs: one message naming everything the machine lacks (tests/support/prerequisites.ts).
const missing = missingPrerequisites();
if (missing) {
  process.stderr.write(`${missing}\n`);
  process.exit(1);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const ELECTRON_TEST = 'tests/e2e/electron-app.test.ts';
const hasElectron = electronBinary() !== null;
if (!hasElectron) process.stdout.write(`Not run: ${ELECTRON_TEST} — ${NO_ELECTRON_REASON}.\n`);

/**
 * Every integration test runs once per engine, unless its name says otherwise: `*.sqlite.test.ts`
 * is about the data file itself (backups, locks, crashes, the command line on a file),
 * `*.postgres.test.ts` about the clinic's server (seats, roles, TLS, load), and `*.once.test.ts`
 * touches no database at all (the security scan, the catalog's printout).
 */
const INTEGRATION = 'tests/integration/**/*.test.ts';
const ONLY_SQLITE = 'tests/integration/**/*.sqlite.test.ts';
const ONLY_POSTGRES = 'tests/integration/**/*.postgres.test.ts';
const ONCE = 'tests/integration/**/*.once.test.ts';
const postgres = process.env.NEEDLEBOOK_TEST_PG;
if (!postgres)
  process.stdout.write('PostgreSQL: NEEDLEBOOK_TEST_PG is not set, so the integration suite runs on SQLite only (.ci/run starts a throwaway cluster).\n');

const projects: TestProjectInlineConfiguration[] = [
  // The pure rules and PDFs: nothing to build first, so they start at once.
  { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
  {
    extends: true,
    test: {
      name: 'e2e',
      include: ['tests/e2e/**/*.test.ts'],
      // The clinic seats' test needs the PostgreSQL server the postgres project uses.
      exclude: ['**/node_modules/**', ...(hasElectron ? [] : [ELECTRON_TEST]), ...(postgres ? [] : ['tests/e2e/clinic-seats.test.ts'])],
      // The Chromium tests (and the harness test) drive the built renderer.
      globalSetup: ['tests/support/global-setup.ts'],
    },
  },
  {
    extends: true,
    test: {
      name: 'sqlite',
      include: [INTEGRATION],
      exclude: ['**/node_modules/**', ONLY_POSTGRES],
      env: { NEEDLEBOOK_TEST_ENGINE: 'sqlite' },
    },
  },
  ...(postgres
    ? [
        {
          extends: true,
          test: {
            name: 'postgres',
            include: [INTEGRATION],
            exclude: ['**/node_modules/**', ONLY_SQLITE, ONCE],
            env: { NEEDLEBOOK_TEST_ENGINE: 'postgres', NEEDLEBOOK_TEST_PG: postgres },
          },
        },
      ]
    : []),
];

export default defineConfig({
  root,
  test: {
    projects,
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 60_000,
    // A page answers through autosave and the service: under a loaded CI machine a second is not
    // always enough, so polled expectations wait up to ten (they still fail if the state never comes).
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
    // Two cores: Chromium-driven files are heavy, so keep the worker count modest.
    maxWorkers: 2,
  },
});
