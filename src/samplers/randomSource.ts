import { InputError } from '../errors/InputError.js';
import { seededRandom, type Random } from '../random/Random.js';

/**
 * Where a sampler's randomness comes from: `seed` makes a fresh generator per subscription (cold:
 * every subscriber sees the same data); `random` is one generator shared on purpose.
 *
 * @example
 * const next = randomSource({ seed: 1 }); next().next() === next().next(); // true
 */
export function randomSource(options: { seed?: number; random?: Random }): () => Random {
  const { seed, random } = options;
  if (random !== undefined) {
    if (seed !== undefined) throw new InputError('seed', 'and random are both given', 'give one of them');
    if (typeof random.next !== 'function') throw new InputError('random', 'must have a next() method returning numbers in [0, 1)', 'use seededRandom(seed)');
    return () => random;
  }
  if (!Number.isInteger(seed)) throw new InputError('seed', `must be an integer, got ${String(seed)}`, 'every random thing in rxprop takes a seed, e.g. seed: 1');
  return () => seededRandom(seed!);
}
