import type { Engine } from '../../src/engine/Engine.js';
import { createEngine } from '../../src/engine/createEngine.js';
import { Network, type NetworkSpec } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';

/** The seed's second experiment: relu [2, 100, 1], weights ±0.1, biases 0. */
export const seedReluSpec: NetworkSpec = { layers: [2, 100, 1], activations: 'relu', init: { weights: { type: 'uniform', scale: 0.1 }, biases: { type: 'zeros' } } };

/** The seed's first experiment: sigmoid [2, 20, 30, 1], weights and biases ±1. */
export const seedSigmoidSpec: NetworkSpec = { layers: [2, 20, 30, 1], activations: 'sigmoid', init: { weights: { type: 'uniform', scale: 1 }, biases: { type: 'uniform', scale: 1 } } };

/** A small net for stream-behaviour tests, where the numbers matter less than the plumbing. */
export const smallSpec: NetworkSpec = { layers: [2, 8, 1], activations: 'tanh', init: { weights: { type: 'uniform', scale: 0.5 }, biases: { type: 'uniform', scale: 0.1 } } };

/** A factory of fresh networks, as `train` takes it. */
export const factory = (engine: Engine, spec: NetworkSpec = smallSpec, seed = 1) => (): Network => Network.create(spec, { engine, random: seededRandom(seed) });

/** The default engine (WebAssembly SIMD) for long runs, or the mathjs reference where it cannot load. */
export async function fastestEngine(): Promise<Engine> {
  return createEngine().catch(() => createEngine('mathjs'));
}
