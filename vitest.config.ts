import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { freshMathjsBundle } from './scripts/mathjsBundle.js';

// Every test file imports rxprop afresh; with the package's bundle of mathjs factories instead of
// mathjs's entry (scripts/mathjsBundle.ts) each spends about 1 s less CPU importing (test/network
// and test/operators: 43.5 → 32.6 s wall). Without a fresh bundle the sources load the entry.
const bundle = freshMathjsBundle();

// Tests that measure throughput or latency against a baseline of their own (steps/s under hostile
// clients, event-loop lag, 100 clients' latency). Beside another file's child processes on two
// cores their baselines swung by up to 2× within one file (a flood share read 65% and 139% on one
// host), so they run last, one file at a time, on an otherwise idle machine.
const timing = ['test/server/flood.test.ts', 'test/server/load.test.ts', 'test/operators/train.fairness.test.ts'];

export default defineConfig({
  resolve: bundle ? { alias: [{ find: /^(?:\.\.?\/)+mathjsFactories\.js$/, replacement: fileURLToPath(bundle) }] } : {},
  test: {
    testTimeout: 30_000,
    projects: [
      // Two cores: two workers, so the rest's timing-sensitive assertions stay honest too.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: timing, maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'timing', include: timing, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
