import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { electronBinary, NO_ELECTRON_REASON } from './support/electron-binary';

const root = fileURLToPath(new URL('..', import.meta.url));
const ELECTRON_TEST = 'tests/e2e/electron-app.test.ts';
const hasElectron = electronBinary() !== null;
if (!hasElectron) process.stdout.write(`Not run: ${ELECTRON_TEST} — ${NO_ELECTRON_REASON}.\n`);

export default defineConfig({
  root,
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(hasElectron ? [] : [ELECTRON_TEST])],
    globalSetup: ['tests/support/global-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: Chromium-driven files are heavy, so keep the worker count modest.
    maxWorkers: 2,
  },
});
