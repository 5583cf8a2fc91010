import { describe, expect, it } from 'vitest';
import { seededRandom, uniform } from '../../src/random/Random.js';

describe('seededRandom', () => {
  it('gives the same bits for the same seed, different ones for another', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const c = seededRandom(2);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
  });

  it('is uniform on [0, 1) (mean and variance within 4σ over 100k draws)', () => {
    const r = seededRandom(123);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    let min = 1;
    let max = 0;
    for (let k = 0; k < n; k++) {
      const v = r.next();
      sum += v;
      sq += v * v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(sq / n - mean * mean).toBeCloseTo(1 / 12, 2);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('does not start near 1 for small seeds (the raw-seed weakness of xoroshiro)', () => {
    for (let s = 0; s < 8; s++) expect(seededRandom(s).next()).toBeLessThan(0.999);
  });

  it('rejects non-integer seeds and draws uniform intervals', () => {
    expect(() => seededRandom(1.5)).toThrow(/seed must be an integer/);
    const v = uniform(seededRandom(1), -0.5, 0.5);
    expect(v).toBeGreaterThanOrEqual(-0.5);
    expect(v).toBeLessThan(0.5);
  });
});
