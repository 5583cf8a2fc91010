import { Batch } from '../src/network/Batch.js';
import type { Random } from '../src/random/Random.js';
import { seedTarget, type BenchConfig } from './benchConfigs.js';

/**
 * The seed's `make_batch` without streams, drawing exactly what `fromFunction` draws (coordinates
 * sample by sample, uniform in [−0.5, 0.5), targets through {@link targetFor}): the engine-only
 * loop does the same sampling work as the pipeline, so their difference is the pipeline's cost.
 *
 * @example
 * const next = seedSampler(config, seededRandom(1)); net.trainBatch(next(), 0.001);
 */
export function seedSampler(config: BenchConfig, random: Random): () => Batch {
  const d = config.layers[0]!;
  const outputs = config.layers.at(-1)!;
  const B = config.batch;
  const target = targetFor(config);
  const point = new Float64Array(d);
  return () => {
    const x = new Float64Array(B * d);
    const t = new Float64Array(B * outputs);
    for (let i = 0; i < B; i++) {
      for (let k = 0; k < d; k++) point[k] = x[i * d + k] = -0.5 + random.next();
      t.set(target(point), i * outputs);
    }
    return Batch.fromArrays(x, t, B);
  };
}

/** The target per point for `fromFunction`: the seed function in the first output, zeros after it (as numpy's). */
export function targetFor(config: BenchConfig): (x: Float64Array) => Float64Array {
  const out = new Float64Array(config.layers.at(-1)!);
  return (x) => {
    out[0] = seedTarget(x[0]!, x[1]!);
    return out;
  };
}
