import { count, lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/InputError.js';
import { Network } from '../../../src/network/Network.js';
import { train } from '../../../src/operators/train.js';
import { seededRandom } from '../../../src/random/Random.js';
import { loadMnist } from '../../../src/samplers/mnist/loadMnist.js';
import { mnist } from '../../../src/samplers/mnist/mnist.js';
import { fastestEngine } from '../../operators/networks.js';

const argmax = (v: ArrayLike<number>, at: number) => {
  let best = 0;
  for (let k = 1; k < 10; k++) if (v[at + k]! > v[at + best]!) best = k;
  return best;
};

describe('mnist', () => {
  it('samples shuffled full batches of the training images for its epochs, and the test set once', async () => {
    const digits = await loadMnist();
    const { train: batches$, test, data } = mnist(digits, { perDigit: 20, batchSize: 30, epochs: 2, seed: 1 });
    expect([data.train.size, data.test.size]).toEqual([160, 40]);
    const batches = await lastValueFrom(batches$.pipe(toArray()));
    expect(batches.map((b) => b.size)).toEqual(Array(10).fill(30)); // 5 full batches per epoch, the last 10 rows dropped
    expect(batches[0]!.inputDim).toBe(784);
    // The first batch mixes digits (shuffled, not grouped by digit).
    const firstLabels = new Set(Array.from({ length: 30 }, (_, i) => argmax(batches[0]!.t, 10 * i)));
    expect(firstLabels.size).toBeGreaterThan(5);
    const [all, ...more] = await lastValueFrom(test.pipe(toArray()));
    expect(more).toEqual([]);
    expect(all!.x).toEqual(data.test.x);
    // The reference's trailing short batch on request.
    expect(await lastValueFrom(mnist(digits, { perDigit: 20, batchSize: 30, epochs: 1, seed: 1, dropRemainder: false }).train.pipe(count()))).toBe(6);
  });

  it('is cold and seeded; shifts change the pixels but not the order of the batches', async () => {
    const digits = await loadMnist();
    const first = (o: { seed: number; shift?: number }) => lastValueFrom(mnist(digits, { perDigit: 20, batchSize: 16, ...o }).train.pipe(take(3), toArray()));
    const [a, b, c, s] = await Promise.all([first({ seed: 1 }), first({ seed: 1 }), first({ seed: 2 }), first({ seed: 1, shift: 2 })]);
    expect(a.map((x) => x.x)).toEqual(b.map((x) => x.x));
    expect(a[0]!.x).not.toEqual(c[0]!.x);
    expect(s.map((x) => x.t)).toEqual(a.map((x) => x.t));
    expect(s[0]!.x).not.toEqual(a[0]!.x);
    // Shifting moves ink, it does not add or remove it… except where it leaves the 28×28 frame (MNIST digits sit in a 20×20 box centred in it).
    const ink = (x: Float64Array) => x.reduce((p, q) => p + q, 0);
    expect(ink(s[0]!.x) / ink(a[0]!.x)).toBeCloseTo(1, 2);
  });

  it('trains a net end to end on a small part of the data (50 images per digit) well above chance', async () => {
    const digits = await loadMnist();
    const { train: batches$, data } = mnist(digits, { perDigit: 50, batchSize: 20, epochs: 15, seed: 1, shift: 1 });
    const net = Network.create({ layers: [784, 32, 10], activations: ['relu', 'sigmoid'] }, { engine: await fastestEngine(), random: seededRandom(1) });
    const steps = await lastValueFrom(batches$.pipe(train(net, { eta: 1 }), toArray()));
    expect(steps).toHaveLength(15 * 20);
    const y = net.predictInto(data.test.x, data.test.size);
    let correct = 0;
    for (let i = 0; i < data.test.size; i++) if (data.test.t[10 * i + argmax(y, 10 * i)] === 1) correct++;
    // 100 test images, chance is 10%; this recipe reaches 84% (wasm engine, seed 1).
    expect(correct / data.test.size).toBeGreaterThan(0.6);
    expect(steps.at(-1)!.cost).toBeLessThan(steps[0]!.cost / 2);
  });

  it('names bad options', async () => {
    const digits = await loadMnist();
    expect(() => mnist(digits, { batchSize: 64, seed: 1, shift: -1 })).toThrow(InputError);
    expect(() => mnist(digits, { batchSize: 64, seed: 1, shift: -1 })).toThrow(/shift: must be a whole number of pixels ≥ 0/);
    expect(() => mnist(digits, { perDigit: 10, batchSize: 100, seed: 1 })).toThrow(/batchSize/);
  });
});
