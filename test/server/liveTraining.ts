import { createEngine } from '../../src/engine/createEngine.js';
import { Network } from '../../src/network/Network.js';
import { gridInputs, gridOver } from '../../src/operators/grid.js';
import { trainingRun, type TrainingRun } from '../../src/operators/trainingRun.js';
import { seededRandom } from '../../src/random/Random.js';
import { compileTarget } from '../../src/samplers/compileTarget.js';
import { fromFunction } from '../../src/samplers/fromFunction.js';
import type { ServedRun } from '../../src/server/ServedRun.js';

const expression = 'exp(-5*(x^2+y^2))*abs(x+y)';
const box = [[-0.5, 0.5], [-0.5, 0.5]] as const;

/**
 * A real training run of the seed's target on the default engine: a ReLU [2, 30, 30, 1] net with
 * eta 0.05, which shows the target's two lobes within ~2000 steps. `served` is what `serve`
 * needs; call `run.connect()` after `serve(served)`.
 */
export async function liveTraining(steps: number, everyMs = 50): Promise<{ run: TrainingRun; served: ServedRun }> {
  const engine = await createEngine();
  const run = trainingRun(
    fromFunction({ target: expression, box, batchSize: 100, seed: 1 }),
    () => Network.create({ layers: [2, 30, 30, 1], activations: ['relu', 'relu', 'linear'] }, { engine, random: seededRandom(1) }),
    { eta: 0.05, steps, snapshots: { everyMs } },
  );
  const grid = gridOver(box);
  const f = compileTarget(expression, 2);
  const points = gridInputs(grid, 2);
  const target = Float64Array.from({ length: grid.nx * grid.ny }, (_, k) => f(points.subarray(2 * k, 2 * k + 2)));
  return {
    run,
    served: { steps$: run.steps$, snapshots$: run.snapshots$, history: run.history, name: 'seed-fit', scenario: { expression }, grid, target, stop: () => run.connect().unsubscribe() },
  };
}
