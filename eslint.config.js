// Lint, including the process boundaries: the renderer never reaches Node, Electron or the
// database; shared/ stays pure so it runs in every process.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { READ_CHANNELS } from './build/lint-read-channels.mjs';

const NODE_MODULES = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'module', 'worker_threads'];

// One way to read (issue 33): a read channel is called only by the query layer, which caches it
// under its channel and input, refreshes it after any write or another seat's change, and never
// lets a late answer for a previous record land. Everything else uses the hooks in reads.ts.
const READ = `/^(${READ_CHANNELS.join('|')})$/`;
const ONE_WAY_TO_READ = 'Read through the query layer (renderer/src/reads.ts, or readNow in renderer/src/query.ts), never by calling a read channel directly.';

const boundary = (forbidden, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.cache/**', 'tests/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Advice for the React Compiler, which we do not use; TanStack Table is fine without it.
      'react-hooks/incompatible-library': 'off',
      ...boundary(
        [...NODE_MODULES, 'electron', 'better-sqlite3-multiple-ciphers', '**/db/**', '**/electron/**', '**/tests/**'],
        'The renderer talks only to window.needlebook: no Node, Electron or database code.',
      ),
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/query.ts', 'renderer/src/api.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `MemberExpression[object.name='api'][property.name=${READ}]`, message: ONE_WAY_TO_READ },
        { selector: `MemberExpression[object.property.name='needlebook'][property.name=${READ}]`, message: ONE_WAY_TO_READ },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...boundary(
        [...NODE_MODULES, 'electron', 'better-sqlite3-multiple-ciphers', 'react', 'react-dom', '**/db/**', '**/electron/**', '**/renderer/**', '**/tests/**'],
        'shared/ is pure TypeScript used by every process: no Node, DOM, Electron or database imports.',
      ),
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', 'localStorage', 'navigator'],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: boundary(['electron', '**/renderer/**', '**/electron/**'], 'db/ is Node-only and knows nothing of Electron or the UI.'),
  },
  {
    // The storage layer is asynchronous: a forgotten await would let a write escape its
    // transaction (or an audit row go missing), so type-aware rules guard every promise.
    files: ['db/**/*.ts', 'electron/**/*.ts', 'shared/dispatch.ts', 'tests/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['electron/preload.ts'],
    rules: boundary([...NODE_MODULES, 'better-sqlite3-multiple-ciphers', '**/db/**', '**/renderer/**'], 'The preload exposes the contract and nothing else.'),
  },
);
