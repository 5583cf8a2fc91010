import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { freshMathjsBundle } from './scripts/mathjsBundle.js';

// Every test file imports rxprop afresh; with the package's bundle of mathjs factories instead of
// mathjs's entry (scripts/mathjsBundle.ts) each spends about 1 s less CPU importing (test/network
// and test/operators: 43.5 → 32.6 s wall). Without a fresh bundle the sources load the entry.
const bundle = freshMathjsBundle();

export default defineConfig({
  resolve: bundle ? { alias: [{ find: /^(?:\.\.?\/)+mathjsFactories\.js$/, replacement: fileURLToPath(bundle) }] } : {},
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Two cores: timing-sensitive tests (event-loop lag, throughput) stay honest with few workers.
    maxWorkers: 2,
  },
});
