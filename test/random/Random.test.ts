import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { fillUniform, seededRandom, uniform } from '../../src/random/Random.js';
import { wasmXoroshiro, wasmXoroshiroCapacity } from '../../src/random/wasmXoroshiro.js';

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

  it('gives seeds beyond 32 bits streams of their own, and 32-bit seeds the streams they had', () => {
    const first = (seed: number): number[] => {
      const random = seededRandom(seed);
      return [random.next(), random.next()];
    };
    // Wrapping to 32 bits made each of these the same run as its partner.
    for (const [a, b] of [[2 ** 32 + 1, 1], [2 ** 31, -(2 ** 31)], [-(2 ** 32) - 7, -7], [1733050000000, 1733050000000 % 2 ** 32], [2 ** 53 - 1, -1]]) {
      expect(first(a!), `${a} against ${b}`).not.toEqual(first(b!));
    }
    expect(first(1733050000000)).toEqual(first(1733050000000));
    // 32-bit seeds keep their states (these are the ones before seeds beyond 32 bits were mixed in).
    expect(seededRandom(1).state()).toEqual([-1767835285, 314344336, -1759602332, 2041432039]);
    expect(seededRandom(-7).state()).toEqual([-1505018407, 577849021, 1798549951, -1089463656]);
    expect(seededRandom(2 ** 31 - 1).state()).toEqual([849629901, 219964201, 1510287064, 2144703427]);
    expect(seededRandom(-(2 ** 31)).state()).toEqual([-1122851478, 304882621, 205969554, -1112394167]);
  });

  it('rejects non-integer seeds and draws uniform intervals', () => {
    expect(() => seededRandom(1.5)).toThrow(new InputError('seed', 'must be an integer (a safe one, within ±2^53), got 1.5', 'e.g. seededRandom(1)'));
    expect(() => seededRandom(2 ** 53)).toThrow(/seed: must be an integer \(a safe one/);
    const v = uniform(seededRandom(1), -0.5, 0.5);
    expect(v).toBeGreaterThanOrEqual(-0.5);
    expect(v).toBeLessThan(0.5);
  });
});

/** The reference C code of xoroshiro128+ (Blackman and Vigna, 2018) in BigInt, one double per output from its upper 53 bits. */
function referenceXoroshiro128Plus([hi0, lo0, hi1, lo1]: number[]): () => number {
  const mask = (1n << 64n) - 1n;
  const word = (hi: number, lo: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (64n - k))) & mask;
  let s0 = word(hi0!, lo0!);
  let s1 = word(hi1!, lo1!);
  return () => {
    const result = (s0 + s1) & mask;
    s1 ^= s0;
    s0 = rotl(s0, 24n) ^ s1 ^ ((s1 << 16n) & mask);
    s1 = rotl(s1, 37n);
    return Number(result >> 11n) * 2 ** -53;
  };
}

/** seededRandom's state from a seed: four splitmix32 outputs. */
function seedState(seed: number): number[] {
  let s = seed | 0;
  return Array.from({ length: 4 }, () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  });
}

describe('seededRandom against the reference xoroshiro128+', () => {
  it('draws the reference algorithm\'s doubles bit for bit, through next() and fill() alike', () => {
    for (const seed of [0, 1, -7, 2 ** 31 - 1]) {
      const reference = referenceXoroshiro128Plus(seedState(seed));
      const expected = Array.from({ length: 2000 }, reference);
      const ours = seededRandom(seed);
      const drawn = new Float64Array(2000);
      ours.fill!(drawn, 0, 1500);
      for (let k = 1500; k < 2000; k++) drawn[k] = ours.next();
      expect(Array.from(drawn)).toEqual(expected);
    }
  });

  it('draws the same bits through the WebAssembly generator at every length and offset: below its threshold, at it, across its buffer', () => {
    const capacity = wasmXoroshiroCapacity;
    const reference = referenceXoroshiro128Plus(seedState(11));
    const ours = seededRandom(11);
    const lengths = [1, 31, 32, 33, 100, capacity - 1, capacity, capacity + 1, 3 * capacity + 5, 0, 7];
    for (const n of lengths) {
      const out = new Float64Array(n + 3).fill(-1);
      ours.fill(out, 2, n + 2);
      expect(out[0]).toBe(-1);
      expect(out[1]).toBe(-1);
      expect(out[n + 2]).toBe(-1);
      expect(Array.from(out.subarray(2, n + 2))).toEqual(Array.from({ length: n }, reference));
      expect(ours.next()).toBe(reference()); // the state carried over, whichever path ran
    }
    expect(wasmXoroshiro()).toBeDefined(); // Node runs the module: the long fills above took it
  });

  it('refuses a fill range outside its array, short or long, and draws nothing then', () => {
    const random = seededRandom(13);
    const out = new Float64Array(40);
    expect(() => random.fill(out, 0, 41)).toThrow(/\[0, 41\) is not a range of out's 40 values/);
    expect(() => random.fill(out, 30, 41)).toThrow(RangeError); // 11 draws: the JavaScript path's length
    expect(() => random.fill(out, 5, 4)).toThrow(RangeError);
    expect(() => random.fill(out, -1, 10)).toThrow(RangeError);
    expect(() => random.fill(out, 0.5, 33.5)).toThrow(RangeError);
    expect(() => random.fill([] as unknown as Float64Array, 0, 0)).toThrow(/must be a Float64Array, got \[object Array\]/);
    random.fill(out, 3, 3); // an empty range is fine
    expect(random.next()).toBe(seededRandom(13).next());
  });

  it('draws the same bits in JavaScript where WebAssembly is refused (a page whose CSP forbids it)', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', { Module: function refused() { throw new Error('CompileError: WebAssembly.Module(): Refused by CSP'); } });
    try {
      const fresh = await import('../../src/random/Random.js');
      const { wasmXoroshiro: refused } = await import('../../src/random/wasmXoroshiro.js');
      const reference = referenceXoroshiro128Plus(seedState(12));
      const out = new Float64Array(20000);
      fresh.seededRandom(12).fill(out, 0, out.length);
      expect(refused()).toBeUndefined();
      expect(Array.from(out)).toEqual(Array.from({ length: out.length }, reference));
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
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
