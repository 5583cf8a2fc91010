import type { Engine } from '../../../../src/engine/Engine.js';
import type { Batch } from '../../../../src/network/Batch.js';
import type { Network } from '../../../../src/network/Network.js';
import type { seededRandom } from '../../../../src/random/Random.js';

/**
 * Costs of 20 fused steps of a net big enough for worker threads (8 MFLOP/step), run the same way
 * in Node and in the browser page. The classes are passed in so the page uses its own bundle's.
 */
export function trainingTrace(engine: Engine, lib: { Batch: typeof Batch; Network: typeof Network; seededRandom: typeof seededRandom }): number[] {
  const net = lib.Network.create({ layers: [200, 100, 10], activations: 'sigmoid' }, { engine, random: lib.seededRandom(7) });
  const r = lib.seededRandom(8);
  const batch = lib.Batch.fromArrays(Float64Array.from({ length: 64 * 200 }, () => r.next() - 0.5), Float64Array.from({ length: 64 * 10 }, () => r.next()), 64);
  return Array.from({ length: 20 }, () => net.trainBatch(batch, 0.5));
}
