import { describe, expect, it } from 'vitest';
import type { ConfigResult } from '../../bench/evaluateTargets.js';
import { formatReport } from '../../bench/formatReport.js';

const machine = { node: 'v20', cpu: 'cpu', cores: 2, date: 'now', clockHz: 1e9 };
const config = (roundTripNs?: number[]): ConfigResult => ({
  id: 'deep', label: '[2,100,100,1]×100 relu', mflopPerStep: 6, fmaFlops: 6e6, ...(roundTripNs ? { roundTripNs } : {}),
  rows: [{ label: 'engine-only wasm-threads', kind: 'engine', engine: 'wasm-threads', detail: 'f64, 2 threads, relaxed SIMD', steps: 10, samples: [200], median: 200, min: 200, max: 200 }],
});

describe('formatReport', () => {
  it("prints each config's core-to-core round trips, min–max over its rounds, in the config's heading", () => {
    const text = formatReport([config([612.4, 248.7, 990.2])], [], machine, { repeats: 3, budgetMs: 1 });
    expect(text).toMatch(/^\[2,100,100,1\]×100 relu — 6\.00 MFLOP\/step; .*; round trip 249–990 ns$/m);
    expect(text).toMatch(/^round trip: a spin ping-pong between two threads/m);
  });

  it('leaves the round trip out of a heading when the config has none (a JSON written before it was measured)', () => {
    const text = formatReport([config()], [], machine, { repeats: 3, budgetMs: 1 });
    expect(text).toMatch(/^\[2,100,100,1\]×100 relu — .*multiply-adds\)$/m);
  });
});
