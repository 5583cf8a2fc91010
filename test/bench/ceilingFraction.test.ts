import { describe, expect, it } from 'vitest';
import { ceilingFraction, fmaFlops } from '../../bench/ceilingFraction.js';

describe('fmaFlops and ceilingFraction', () => {
  it('count forward, weight-gradient and (above the first layer) delta products, and the update', () => {
    // [2,100,1]×100: layer 0 forward + gradient 4·100·2·100, layer 1 all three 6·100·100·1, updates 2·(300 + 101).
    expect(fmaFlops({ layers: [2, 100, 1], batch: 100 })).toBe(80_000 + 60_000 + 802);
    expect(fmaFlops({ layers: [3, 4], batch: 10 })).toBe(4 * 10 * 12 + 2 * 16);
  });

  it('sets a row against cores × 2 FMA × lanes × 2 × clock, reading precision and threads from its detail', () => {
    // 8 GFLOP in one second on one f64 core at 1 GHz: peak 8 GFLOP/s.
    expect(ceilingFraction(8e9, 1e6, 'f64, 1 thread, SIMD', 1e9)).toBeCloseTo(1, 12);
    expect(ceilingFraction(8e9, 1e6, 'f32, 1 thread, SIMD', 1e9)).toBeCloseTo(0.5, 12);
    expect(ceilingFraction(8e9, 1e6, 'f64, 2 threads, relaxed SIMD', 1e9)).toBeCloseTo(0.5, 12);
    expect(ceilingFraction(8e9, 2e6, 'tfjs-wasm 4.x', 1e9, 'f32')).toBeCloseTo(0.25, 12);
  });
});
