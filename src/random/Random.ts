import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A source of uniform doubles in [0, 1). Everything random in rxprop takes one, so a seed fixes
 * every bit of a run.
 *
 * @example
 * const random = seededRandom(42);
 * random.next(); // same value on every machine
 */
export interface Random {
  next(): number;
}

/**
 * A seeded generator (xoroshiro128+ from pure-rand, 53-bit doubles). Same seed ⇒ same sequence.
 *
 * @example
 * seededRandom(1).next() === seededRandom(1).next(); // true
 */
export function seededRandom(seed: number): Random {
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`);
  // xoroshiro's first outputs from a small raw seed are poor (seed 1 starts at 0.99999998):
  // spread the seed over the 128-bit state with splitmix32 first.
  let s = seed | 0;
  const splitmix32 = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  const rng = xoroshiro128plusFromState([splitmix32(), splitmix32(), splitmix32(), splitmix32()]);
  return { next: () => uniformFloat64(rng) };
}

/**
 * A double uniform in [lo, hi).
 *
 * @example
 * uniform(seededRandom(1), -0.5, 0.5);
 */
export function uniform(random: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * random.next();
}
