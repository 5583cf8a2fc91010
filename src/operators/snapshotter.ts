import type { Network } from '../network/Network.js';
import { toMatrix } from '../network/matrix.js';
import type { Box } from '../samplers/Sampler.js';
import { gridInputs, gridOver } from './grid.js';
import type { Grid, Snapshot } from './Snapshot.js';
import type { TrainStep } from './TrainStep.js';

/**
 * Makes a camera for `network`: each call returns a {@link Snapshot} of its current state — the
 * prediction on the grid (a classifier's predicted class) and copies of weights and biases, as mathjs matrices. The grid points
 * and output buffer are made once, so repeated snapshots cost one prediction and the copies.
 * Every snapshot is a copy: training on never changes one already taken.
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
  const first = outputs === 1 ? out : new Float64Array(rows);
  return ({ step, cost, time }) => {
    network.predictInto(points, rows, out);
    // A classifier's picture is its class map; a regression's, its first output.
    const classOf = network.loss.classOf;
    if (classOf) for (let r = 0; r < rows; r++) first[r] = classOf(out, r * outputs, outputs, false);
    else if (first !== out) for (let r = 0; r < rows; r++) first[r] = out[r * outputs]!;
    return { step, cost, time, grid, prediction: toMatrix(first, grid.ny, grid.nx), weights: network.weights(), biases: network.biases() };
  };
}
