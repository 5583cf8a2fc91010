import { lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/samplers/mnist/loadMnist.js';
import { mnist } from '../../src/samplers/mnist/mnist.js';
import { playground } from '../../src/samplers/playground/playground.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { phaseSampler } from '../../src/scenario/phaseSampler.js';
import { startScenario } from '../../src/scenario/startScenario.js';

const bits = async (o: import('rxjs').Observable<import('../../src/network/Batch.js').Batch>, n: number) =>
  (await lastValueFrom(o.pipe(take(n), toArray()))).map((b) => [Array.from(b.x), Array.from(b.t)]);

describe('phaseSampler', () => {
  it('playground: the API\'s training batches for the phase seed, on the Playground\'s [−6, 6]² grid', async () => {
    const loaded = await loadScenario('scenarios/playground-xor');
    expect(await bits(phaseSampler(loaded.phases[0]!, 5), 30)).toEqual(await bits(playground({ problem: 'xor', noise: 0.1, batchSize: 10, seed: 5 }).train, 30));
    const run = await startScenario(loaded, { engine: 'mathjs', steps: 1 });
    expect(run.grid).toMatchObject({ x: [-6, 6], y: [-6, 6] });
  });

  it('mnist: the API\'s (shifted) training batches for the phase seed', async () => {
    const loaded = await loadScenario('test/scenario/good/mnist-small');
    const api = mnist(await loadMnist(), { perDigit: 20, shift: 1, batchSize: 32, epochs: 2, seed: 2 }).train;
    expect(await bits(phaseSampler(loaded.phases[0]!, 2), 10)).toEqual(await bits(api, 10));
  });

  it('mnist: a scenario trains on a small part of the digits for its epochs', async () => {
    const run = await startScenario(await loadScenario('test/scenario/good/mnist-small'), { engine: 'mathjs' });
    const steps = lastValueFrom(run.steps$.pipe(toArray()));
    run.connect();
    const costs = (await steps).map((s) => s.cost);
    expect(costs).toHaveLength(10); // 160 images, batches of 32, 2 epochs
    expect(costs.at(-1)!).toBeLessThan(costs[0]! / 2);
    expect(run.grid).toBeUndefined();
  });
});
