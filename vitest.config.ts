import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Two cores: timing-sensitive tests (event-loop lag, throughput) stay honest with few workers.
    maxWorkers: 2,
  },
});
