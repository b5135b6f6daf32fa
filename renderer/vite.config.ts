import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs work under Electron's app:// protocol and the loopback harness alike.
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // No inlined assets: the CSP allows scripts and styles from the app itself only.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // Everything the first screen runs in one file: split by what later screens share, it was
        // eleven files, and the loopback harness's HTTP/1.1 fetches six at a time.
        codeSplitting: { groups: [{ name: 'first-screen', tags: ['$initial'] }] },
      },
    },
  },
});
