// The cipher build ships its types, but its package.json "exports" does not name them, so
// TypeScript is pointed at them here (a tsconfig "paths" entry would also redirect tsx at run time).
declare module 'better-sqlite3-multiple-ciphers' {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the declaration is CommonJS (`export =`): only this form re-exports it whole
  import Database = require('../../node_modules/better-sqlite3-multiple-ciphers/index.d.ts');
  export = Database;
}
