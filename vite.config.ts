import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer (React) builds into renderer-dist/, served by `strata serve` and loaded by Electron.
// Everything is bundled (Monaco and its worker included, via `?worker` imports): the app never needs a network.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../renderer-dist',
    emptyOutDir: true,
    sourcemap: true,
    // Monaco is ~3.3 MB minified; it is its own chunk, loaded only when the formula editor opens.
    chunkSizeWarningLimit: 4000,
  },
});
