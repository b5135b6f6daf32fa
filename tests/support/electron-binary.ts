import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The Electron binary if this machine has one; installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1 have none. */
export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export const NO_ELECTRON_REASON =
  'no Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the same renderer, contract and service are driven in Chromium through the loopback harness instead';
