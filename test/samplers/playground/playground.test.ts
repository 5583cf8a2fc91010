import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { boxOf } from '../../../src/samplers/Sampler.js';
import { playground } from '../../../src/samplers/playground/playground.js';

const all = <T>(o: import('rxjs').Observable<T>) => lastValueFrom(o.pipe(toArray()));

describe('playground', () => {
  it('trains on shuffled batches of the training points and tests on all test points once', async () => {
    const { train, test, data } = playground({ problem: 'xor', batchSize: 10, epochs: 2, seed: 1 });
    const batches = await all(train);
    expect(batches).toHaveLength(2 * 25);
    const epoch = (k: number) => batches.slice(25 * k, 25 * (k + 1)).flatMap((b) => Array.from(b.x));
    const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
    expect(sorted(epoch(0))).toEqual(sorted(Array.from(data.train.x)));
    expect(epoch(1)).not.toEqual(epoch(0));
    const [once, ...more] = await all(test);
    expect(more).toEqual([]);
    expect(once!.x).toEqual(data.test.x);
    expect(once!.t).toEqual(data.test.t);
    expect(boxOf(train)).toEqual([[-6, 6], [-6, 6]]);
    expect(boxOf(test)).toEqual([[-6, 6], [-6, 6]]);
  });

  it('is cold and seeded: one seed fixes the points and the batches', async () => {
    const bits = async (seed: number) => (await all(playground({ problem: 'spiral', noise: 0.1, batchSize: 50, epochs: 1, seed }).train)).map((b) => Array.from(b.x));
    const sampler = playground({ problem: 'spiral', noise: 0.1, batchSize: 50, epochs: 1, seed: 3 }).train;
    expect(await all(sampler)).toEqual(await all(sampler));
    expect(await bits(3)).toEqual(await bits(3));
    expect(await bits(4)).not.toEqual(await bits(3));
  });
});
