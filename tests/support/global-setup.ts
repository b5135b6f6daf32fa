import { build } from 'vite';

/** The Chromium tests drive the built renderer, so build it once per run. */
export default async function setup(): Promise<void> {
  await build({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
}
