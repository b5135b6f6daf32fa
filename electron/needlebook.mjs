#!/usr/bin/env node
// `npx needlebook …`: runs the TypeScript command line through tsx, on Node's build of better-sqlite3.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
