import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { train } from '../../src/operators/train.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';
import { seededRandom } from '../../src/random/Random.js';
import { fixedBatch } from '../../src/samplers/fixedBatch.js';
import { fromFunction } from '../../src/samplers/fromFunction.js';
import { engineCases } from '../engine/engines.js';
import { fastestEngine, seedReluSpec, seedSigmoidSpec } from './networks.js';

const mean = (steps: readonly TrainStep[]) => steps.reduce((sum, s) => sum + s.cost, 0) / steps.length;

describe.each(engineCases)("the seed's first experiment on $name", (c) => {
  it('one fixed batch, sigmoid [2,20,30,1], ±1 init, batch 100, eta 0.001, 200 steps: the cost decreases', async () => {
    const engine = await c.make();
    // The seed: y_in and y_target both uniform in [-1, 1], batch 100.
    const random = seededRandom(2);
    const draw = (n: number) => new Float64Array(n).map(() => -1 + 2 * random.next());
    const batch = Batch.fromArrays(draw(200), draw(100), 100);
    const net = () => Network.create(seedSigmoidSpec, { engine, random: seededRandom(1) });
    const steps = await lastValueFrom(fixedBatch(batch).pipe(train(net, { eta: 0.001, steps: 200 }), toArray()));
    expect(steps).toHaveLength(200);
    // Full-batch gradient descent with a small step: every step lowers the cost.
    steps.slice(1).forEach((s, k) => expect(s.cost).toBeLessThan(steps[k]!.cost));
    expect(steps.at(-1)!.cost).toBeLessThan(0.97 * steps[0]!.cost);
  });
});

describe("the seed's second experiment", () => {
  it(
    'random batches of its 2-D function, relu [2,100,1], 2000 steps of 100, eta 0.001: the final cost lies in numpy’s band',
    async () => {
      const engine = await fastestEngine();
      // The band is what the numpy reference reaches: mean of the last 100 of 2000 steps over 40 seeds
      // (`seed_numpy.py trace --sizes 2,100,1 --steps 2000 --seed N`) ranged 0.00605–0.00773, ours
      // 0.0058–0.0074 over seeds 1–40; widened by ~5%. A few inits in forty (in numpy its seed 17,
      // here seeds 2 and 27) start with the relu output unit dead on the whole square and stay at
      // ~0.025; seeds 1, 3 and 4 are not such inits.
      const seeds = engine.name === 'mathjs' ? [1] : [1, 3, 4];
      for (const seed of seeds) {
        const batches$ = fromFunction({ target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100, seed });
        const net = () => Network.create(seedReluSpec, { engine, random: seededRandom(seed) });
        const steps = await lastValueFrom(batches$.pipe(train(net, { eta: 0.001, steps: 2000 }), toArray()));
        expect(steps).toHaveLength(2000);
        expect(mean(steps.slice(0, 100))).toBeGreaterThan(0.015);
        const final = mean(steps.slice(-100));
        expect(final).toBeGreaterThan(0.0057);
        expect(final).toBeLessThan(0.0081);
      }
    },
    120_000,
  );
});
