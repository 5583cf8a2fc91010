import type { Batch } from '../src/network/Batch.js';
import type { Random } from '../src/random/Random.js';
import { functionBatchMaker } from '../src/samplers/fromFunction.js';
import { seedTarget, type BenchConfig } from './benchConfigs.js';

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

/** What `fromFunction` needs for a config, apart from the randomness. */
export function seedSamplerOptions(config: BenchConfig): { target: (x: Float64Array) => Float64Array; box: [number, number][]; batchSize: number; outputs: number } {
  return {
    target: targetFor(config),
    box: Array.from({ length: config.layers[0]! }, () => [-0.5, 0.5]),
    batchSize: config.batch,
    outputs: config.layers.at(-1)!,
  };
}

/** The target per point for `fromFunction`: the seed function in the first output, zeros after it (as numpy's). */
function targetFor(config: BenchConfig): (x: Float64Array) => Float64Array {
  const out = new Float64Array(config.layers.at(-1)!);
  return (x) => {
    out[0] = seedTarget(x[0]!, x[1]!);
    return out;
  };
}
