import type { Batch } from '../src/network/Batch.js';
import type { Random } from '../src/random/Random.js';
import { functionBatchMaker } from '../src/samplers/fromFunction.js';
import type { BenchConfig } from './benchConfigs.js';

/**
 * The seed's `make_batch` without streams: `fromFunction`'s own batch maker on the bench's box and
 * target, so the engine-only loop does the same sampling work as the pipeline and their
 * difference is the pipeline's cost.
 *
 * @example
 * const next = seedSampler(config, seededRandom(1)); net.trainBatch(next(), 0.001);
 */
export function seedSampler(config: BenchConfig, random: Random): () => Batch {
  return functionBatchMaker(seedSamplerOptions(config))(random);
}

/**
 * What `fromFunction` needs for a config, apart from the randomness: the seed function as the
 * mathjs expression `scenarios/seed-fit` (what `npm start` runs) gives it, compiled once into one
 * loop over the batch as numpy computes it over whole columns, in the first output, and zeros
 * after it (as numpy's).
 */
export function seedSamplerOptions(config: BenchConfig): { target: string[]; box: [number, number][]; batchSize: number } {
  const [x, y] = config.layers[0] === 2 ? ['x', 'y'] : ['x1', 'x2'];
  return {
    target: [`exp(-5*(${x}^2+${y}^2))*abs(${x}+${y})`, ...Array.from({ length: config.layers.at(-1)! - 1 }, () => '0')],
    box: Array.from({ length: config.layers[0]! }, () => [-0.5, 0.5]),
    batchSize: config.batch,
  };
}
