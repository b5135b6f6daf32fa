import { build } from 'vite';

/**
 * The Chromium tests drive the built renderer, so build it once per run — as production, the
 * same bundle users get (Vitest sets NODE_ENV=test, which would otherwise pull in React's
 * development build).
 */
export default async function setup(): Promise<void> {
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'renderer/vite.config.ts', mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = saved;
  }
}
