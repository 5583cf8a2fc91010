/**
 * rxprop's public API, hand-picked: everything a user needs, nothing internal.
 *
 * @example
 * import { Network, createEngine, seededRandom } from 'rxprop';
 */

// Engines: the kernel interface, the reference engine, engines by name.
export type { CompiledStep, Engine, StepPlan, Tensor } from './engine/Engine.js';
export { activation, activations, type Activation, type ActivationName } from './engine/activations.js';
export { createEngine, engineNames } from './engine/createEngine.js';
export { KernelNotImplementedError } from './engine/KernelNotImplementedError.js';
export { mathjsEngine } from './engine/mathjs/mathjsEngine.js';

// Networks and data.
export { Batch } from './network/Batch.js';
export type { Initializer } from './network/initializers.js';
export type { MatrixLike, VectorLike } from './network/matrix.js';
export { Network, type NetworkJSON, type NetworkOptions, type NetworkParameters, type NetworkSpec } from './network/Network.js';
export { math } from './math.js';

// Randomness and errors.
export { seededRandom, uniform, type Random } from './random/Random.js';
export { InputError } from './errors/InputError.js';

// Streams.
export type { TrainStep } from './operators/TrainStep.js';
export type { Grid, Snapshot } from './operators/Snapshot.js';
