import { createEngine } from '../src/engine/createEngine.js';
import { Network } from '../src/network/Network.js';
import { snapshotter } from '../src/operators/snapshotter.js';
import { seededRandom } from '../src/random/Random.js';
import { benchConfigs } from './benchConfigs.js';
import { seedSampler } from './seedSampler.js';

/** CPU µs of the speed issue's two small goals, each the least over rounds. */
export interface MicroCosts {
  /** A 40×40 snapshot of the seed net ([2,100,1] ReLU, the default engine: wasm f64), as `npm start` takes them. */
  readonly snapshotUs: number;
  /** A 100-point batch of the seed's mathjs expression through `fromFunction`'s batch maker (compiled once). */
  readonly samplerUs: number;
}

/**
 * Measures {@link MicroCosts} in this process: CPU time (process.cpuUsage, which a busy second
 * core does not inflate the way wall time does), rounds of `calls` calls each after one round of
 * warm-up, the least round per call. A few seconds of work in all (bench/snapshot-cost.ts and
 * bench/sampler-cost.ts break each down into its parts).
 *
 * @example
 * const { snapshotUs, samplerUs } = await microCosts();
 */
export async function microCosts(rounds = 8): Promise<MicroCosts> {
  const seed = benchConfigs.find((c) => c.id === 'seed')!;
  const engine = await createEngine('wasm');
  const net = Network.create({ layers: seed.layers, activations: seed.activation }, { engine, random: seededRandom(1) });
  const shoot = snapshotter(net);
  const sample = seedSampler(seed, seededRandom(1));
  let t = 0;
  const snapshotUs = leastPerCall(() => shoot({ step: ++t, cost: 0, time: t }), 300, rounds);
  const samplerUs = leastPerCall(sample, 20_000, rounds);
  net.dispose();
  return { snapshotUs, samplerUs };
}

/** CPU µs per call of `fn`: the least of `rounds` rounds of `calls` calls, after one round of warm-up. */
function leastPerCall(fn: () => unknown, calls: number, rounds: number): number {
  let least = Infinity;
  for (let round = 0; round <= rounds; round++) {
    const start = process.cpuUsage();
    for (let k = 0; k < calls; k++) fn();
    const used = process.cpuUsage(start);
    if (round > 0) least = Math.min(least, (used.user + used.system) / calls);
  }
  return least;
}
