import type { Matrix } from 'mathjs';
import type { Network } from '../network/Network.js';
import { toMatrix, toVector } from '../network/matrix.js';
import type { Box } from '../samplers/Sampler.js';
import { gridInputs, gridOver } from './grid.js';
import type { Grid, Snapshot } from './Snapshot.js';
import type { TrainStep } from './TrainStep.js';

/**
 * Makes a camera for `network`: each call returns a {@link Snapshot} of its current state — the
 * prediction on the grid (a classifier's predicted class, and how sure it is) and copies of
 * weights and biases, as mathjs matrices. The grid points and output buffer are made once, so
 * repeated snapshots cost one prediction and the copies. Every snapshot is a copy: training on
 * never changes one already taken.
 *
 * Why lazily: building the mathjs matrices cost more than the prediction itself (a 40×40 seed-net
 * snapshot: ~85 µs for the prediction's matrix and ~45 µs for the weights' against ~170 µs of
 * predicting), and most snapshots are only drawn or sent as flat numbers. So a snapshot copies the
 * values as flat arrays when taken and builds each matrix on first access, once; the properties
 * are ordinary enumerable read-only ones for every reader (spread, JSON, structured clone).
 *
 * @example
 * const shoot = snapshotter(net, { grid: { x: [-1, 1], y: [-1, 1], nx: 64, ny: 64 } });
 * const s = shoot({ step: 200, cost: 0.01, time: 1500 });
 */
export function snapshotter(network: Network, options: { grid?: Grid; box?: Box } = {}): (at: Pick<TrainStep, 'step' | 'cost' | 'time'>) => Snapshot {
  const inputs = network.layers[0]!;
  // With one input and no box, a 40×1 line on [-0.5, 0.5] rather than 40 identical rows.
  const grid = options.grid ?? gridOver(options.box ?? (inputs === 1 ? [[-0.5, 0.5]] : undefined));
  const rows = grid.nx * grid.ny;
  const points = gridInputs(grid, inputs, options.box);
  const outputs = network.layers[network.depth]!;
  const out = new Float64Array(rows * outputs);
  const layers = network.layers;
  return ({ step, cost, time }) => {
    network.predictInto(points, rows, out);
    const first = new Float64Array(rows);
    // A classifier's picture is its class map; a regression's, its first output.
    const classOf = network.loss.classOf;
    if (classOf) for (let r = 0; r < rows; r++) first[r] = classOf(out, r * outputs, outputs, false);
    else for (let r = 0; r < rows; r++) first[r] = out[r * outputs]!;
    const { weights, biases } = network.flatParameters();
    const snapshot = { step, cost, time, grid } as Snapshot;
    once(snapshot, 'prediction', () => toMatrix(first, grid.ny, grid.nx));
    const confidenceOf = network.loss.confidenceOf;
    if (classOf && confidenceOf) {
      // The outputs are copied now (a memcpy); the confidence is computed only when read.
      const held = out.slice();
      once(snapshot, 'confidence', () => toMatrix(Float64Array.from({ length: rows }, (_, r) => confidenceOf(held, r * outputs, outputs)), grid.ny, grid.nx));
    }
    once(snapshot, 'weights', () => weights.map((w, j) => toMatrix(w, layers[j]!, layers[j + 1]!)));
    once(snapshot, 'biases', () => biases.map((b) => toVector(b)));
    return snapshot;
  };
}

/** Defines `key` on `target` as an enumerable read-only property built by `build` on first read. */
function once<K extends keyof Snapshot>(target: Snapshot, key: K, build: () => Snapshot[K] & (Matrix | readonly Matrix[])): void {
  let value: Snapshot[K] | undefined;
  Object.defineProperty(target, key, { enumerable: true, get: () => (value ??= build()) });
}
