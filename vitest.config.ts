import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Native module (better-sqlite3) + worker threads: forks isolate them best.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
