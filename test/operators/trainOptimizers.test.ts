import { lastValueFrom, queueScheduler, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { InputError } from '../../src/errors/InputError.js';
import { Network } from '../../src/network/Network.js';
import { snapshotter } from '../../src/operators/snapshotter.js';
import { train } from '../../src/operators/train.js';
import { seededRandom } from '../../src/random/Random.js';
import { fromFunction } from '../../src/samplers/fromFunction.js';

// Three classes by the sign pattern of (x, y): a softmax classifier trained through `train`'s options.
const classes = fromFunction({
  target: ['x < 0 ? 1 : 0', 'x >= 0 and y < 0 ? 1 : 0', 'x >= 0 and y >= 0 ? 1 : 0'],
  box: [[-1, 1], [-1, 1]],
  batchSize: 32,
  seed: 4,
});
const make = async () => {
  const engine = await createEngine('wasm');
  return () => Network.create({ layers: [2, 16, 3], activations: ['tanh', 'linear'] }, { engine, random: seededRandom(2) });
};

describe('train with an optimizer, a loss and regularization', () => {
  it('configures the network at subscription and reports the accuracy of classifiers', async () => {
    // A shared instance (a factory's network is disposed with its subscription): inspected afterwards.
    const net: Network | undefined = (await make())();
    const steps = await lastValueFrom(
      classes.pipe(
        train(net, { optimizer: { type: 'adam', lr: 0.02 }, loss: 'softmax-ce', regularization: { l2: 1e-4 }, steps: 300, scheduler: queueScheduler }),
        toArray(),
      ),
    );
    expect(net!.optimizer.rule.name).toBe('adam');
    expect(net!.optimizer.step).toBe(300);
    expect(net!.loss.name).toBe('softmax-ce');
    expect(net!.regularization).toEqual({ l1: 0, l2: 1e-4 });
    const late = steps.slice(-50);
    expect(late.every((s) => s.accuracy !== undefined && s.accuracy >= 0 && s.accuracy <= 1)).toBe(true);
    expect(late.reduce((a, s) => a + s.accuracy!, 0) / late.length).toBeGreaterThan(0.9);
    expect(steps[0]!.cost).toBeGreaterThan(late.at(-1)!.cost);

    // The snapshot of a classifier is its class map: a class index at every grid point.
    const shot = snapshotter(net!, { grid: { x: [-1, 1], y: [-1, 1], nx: 20, ny: 20 } })({ step: 300, cost: 0, time: 0 });
    const map = (shot.prediction.toArray() as number[][]).flat();
    expect(new Set(map)).toEqual(new Set([0, 1, 2]));
    expect(map[0]).toBe(0); // (−1, −1): x < 0
    expect(map.at(-1)).toBe(2); // (1, 1)
  });

  it('keeps the state of the very same optimizer across subscriptions, and starts a different one fresh', async () => {
    const net = (await make())();
    const run = async (lr: number) =>
      lastValueFrom(classes.pipe(train(net, { optimizer: { type: 'adam', lr }, loss: 'softmax-ce', steps: 5, scheduler: queueScheduler }), toArray()));
    await run(0.01);
    await run(0.01);
    expect(net.optimizer.step).toBe(10);
    await run(0.02);
    expect(net.optimizer.step).toBe(5);
  });

  it('rejects bad options when the operator is made, naming the field', () => {
    const never = () => {
      throw new Error('not reached');
    };
    expect(() => train(never, { optimizer: { type: 'adam', beta2: 1 } })).toThrow(/optimizer\.beta2: must be a number in \[0, 1\)/);
    expect(() => train(never, { loss: 'cross-entropy' })).toThrow(InputError);
    expect(() => train(never, { regularization: { l2: -1 } })).toThrow(/regularization\.l2: must be a finite number ≥ 0/);
  });
});
