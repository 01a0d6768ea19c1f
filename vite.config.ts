import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer (React) builds into renderer-dist/, served by `strata serve` and loaded by Electron.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../renderer-dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
