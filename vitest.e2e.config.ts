import { defineConfig } from 'vitest/config';

/** End-to-end tests: the real CLI server and Debian's Chromium, one file at a time in one fork. */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 420_000,
  },
});
