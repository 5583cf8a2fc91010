import { describe, expect, it } from 'vitest';
import { fillUniform, seededRandom, uniform } from '../../src/random/Random.js';

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

describe('seededRandom against pure-rand', () => {
  it('draws the same bits as pure-rand xoroshiro128+ with uniformFloat64 from the same state', async () => {
    const { xoroshiro128plusFromState } = await import('pure-rand/generator/xoroshiro128plus');
    const { uniformFloat64 } = await import('pure-rand/distribution/uniformFloat64');
    // seededRandom(seed) starts from four splitmix32 outputs of the seed.
    for (const seed of [0, 1, -7, 2 ** 31 - 1]) {
      let s = seed | 0;
      const splitmix32 = (): number => {
        s = (s + 0x9e3779b9) | 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        return (z ^ (z >>> 16)) | 0;
      };
      const oracle = xoroshiro128plusFromState([splitmix32(), splitmix32(), splitmix32(), splitmix32()]);
      const ours = seededRandom(seed);
      const filled = new Float64Array(1000);
      ours.fill!(filled, 10, 1000);
      for (let k = 0; k < 10; k++) filled[k] = ours.next();
      // fill(10..1000) came first, then 10 next(): compare in draw order.
      const expected = Array.from({ length: 1000 }, () => uniformFloat64(oracle));
      expect(Array.from(filled.subarray(10))).toEqual(expected.slice(0, 990));
      expect(Array.from(filled.subarray(0, 10))).toEqual(expected.slice(990));
    }
  });

  it('fillUniform gives what next() gives, with or without a fill method', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const viaFill = new Float64Array(50);
    fillUniform(a, viaFill, 0, 50);
    const plain = new Float64Array(50);
    fillUniform({ next: () => b.next() }, plain, 0, 50);
    expect(plain).toEqual(viaFill);
  });
});
