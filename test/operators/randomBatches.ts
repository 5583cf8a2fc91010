import { Batch } from '../../src/network/Batch.js';
import { seededRandom } from '../../src/random/Random.js';

/**
 * `n` seeded batches of `size` 2-D points in [−0.5, 0.5)² with one target in [0, 1) each: the
 * plumbing tests' data, where the numbers matter less than their being fixed.
 *
 * @example
 * const list = randomBatches(6);
 */
export function randomBatches(n: number, seed = 7, size = 6): Batch[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const x = new Float64Array(size * 2).map(() => random.next() - 0.5);
    const t = new Float64Array(size).map(() => random.next());
    return Batch.fromArrays(x, t, size);
  });
}
