import { Observable, Subject, lastValueFrom, map, take, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { gridInputs, gridOver } from '../../src/operators/grid.js';
import { snapshots } from '../../src/operators/snapshots.js';
import { snapshotter } from '../../src/operators/snapshotter.js';
import { train } from '../../src/operators/train.js';
import type { Snapshot } from '../../src/operators/Snapshot.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';
import { seededRandom } from '../../src/random/Random.js';
import { factory } from './networks.js';

const engine = await createEngine('mathjs');
const batch = Batch.of([[0.1, 0.2], [-0.3, 0.4], [0.2, -0.1]], [[0.3], [0.1], [0.5]]);
const step = (k: number, time = k): TrainStep => ({ step: k, cost: 1 / k, batchSize: 3, time });
const small = { x: [-0.5, 0.5], y: [-0.5, 0.5], nx: 4, ny: 3 } as const;

describe('gridOver and gridInputs', () => {
  it("default to the seed's 40×40 grid on [-0.5, 0.5]², or n×n on a box (n×1 in 1-D)", () => {
    expect(gridOver(undefined)).toEqual({ x: [-0.5, 0.5], y: [-0.5, 0.5], nx: 40, ny: 40 });
    expect(gridOver([[0, 1], [2, 3], [4, 5]], 8)).toEqual({ x: [0, 1], y: [2, 3], nx: 8, ny: 8 });
    expect(gridOver([[0, 1]])).toMatchObject({ x: [0, 1], nx: 40, ny: 1 });
  });

  it('lays points out row-major, x along columns and y up the rows; extra inputs at the box centre', () => {
    expect(Array.from(gridInputs({ x: [0, 1], y: [10, 20], nx: 2, ny: 2 }, 2))).toEqual([0, 10, 1, 10, 0, 20, 1, 20]);
    expect(Array.from(gridInputs({ x: [0, 1], y: [0, 0], nx: 3, ny: 1 }, 1))).toEqual([0, 0.5, 1]);
    expect(Array.from(gridInputs({ x: [0, 1], y: [0, 1], nx: 1, ny: 1 }, 3, [[0, 1], [0, 1], [4, 6]]))).toEqual([0, 0, 5]);
    expect(() => gridInputs({ ...small, nx: 0 }, 2)).toThrow(InputError);
    expect(() => gridInputs({ ...small, y: [0, NaN] }, 2)).toThrow(/^grid\.y/);
  });

  it('refuses a grid of more than 1024×1024 points before allocating it (it was a RangeError naming nothing)', () => {
    expect(() => gridInputs({ ...small, nx: 100_000, ny: 100_000 }, 2)).toThrow(new InputError('grid', 'has 100000×100000 points; at most 1048576 (1024×1024)', 'use fewer points, e.g. nx: 200, ny: 200'));
    expect(gridInputs({ ...small, nx: 1024, ny: 1024 }, 1)).toHaveLength(1024 * 1024);
  });
});

describe('snapshotter', () => {
  it('predicts on the grid (row i ↔ y_i, column j ↔ x_j) and copies weights and biases', () => {
    const net = factory(engine)();
    const s = snapshotter(net, { grid: small })(step(5));
    expect(s).toMatchObject({ step: 5, cost: 0.2, time: 5, grid: small });
    expect(s.prediction.size()).toEqual([3, 4]);
    const [i, j] = [2, 1];
    const expected = net.predict([[-0.5 + j / 3, -0.5 + i / 2]]).get([0, 0]) as number;
    expect(s.prediction.get([i, j])).toBeCloseTo(expected, 14);
    expect(s.weights.map((w) => w.size())).toEqual([[2, 8], [8, 1]]);
    expect(s.biases.map((b) => b.size())).toEqual([[8], [1]]);
  });

  it('takes copies: training on never changes a snapshot already taken', () => {
    const net = factory(engine)();
    const shoot = snapshotter(net, { grid: small });
    const s = shoot(step(1));
    const frozen = JSON.stringify([s.prediction.toArray(), s.weights.map((w) => w.toArray()), s.biases.map((b) => b.toArray())]);
    for (let k = 0; k < 20; k++) net.trainBatch(batch, 0.5);
    const later = shoot(step(21));
    expect(JSON.stringify([s.prediction.toArray(), s.weights.map((w) => w.toArray()), s.biases.map((b) => b.toArray())])).toBe(frozen);
    expect(later.prediction.toArray()).not.toEqual(s.prediction.toArray());
  });

  it('holds the values of when it was taken even if first read after training on (matrices built lazily), and shows them to spread and JSON', () => {
    const net = factory(engine)();
    const shoot = snapshotter(net, { grid: small });
    const unread = shoot(step(1));
    const read = shoot(step(1));
    const values = (s: Snapshot) => JSON.stringify([s.prediction.toArray(), s.weights.map((w) => w.toArray()), s.biases.map((b) => b.toArray())]);
    const frozen = values(read);
    for (let k = 0; k < 20; k++) net.trainBatch(batch, 0.5);
    expect(values(unread)).toBe(frozen);
    expect(unread.prediction).toBe(unread.prediction); // built once
    const spread = { ...shoot(step(2)) };
    expect(Object.keys(spread).sort()).toEqual(['biases', 'cost', 'grid', 'prediction', 'step', 'time', 'weights']);
    expect(JSON.parse(JSON.stringify(read)).prediction).toBeDefined();
  });

  it('draws a line for one input and a mid-box slice for three', () => {
    const line = snapshotter(Network.create({ layers: [1, 4, 1], activations: 'tanh' }, { engine, random: seededRandom(3) }))(step(1));
    expect(line.grid).toEqual({ x: [-0.5, 0.5], y: [0, 0], nx: 40, ny: 1 });
    expect(line.prediction.size()).toEqual([1, 40]);
    const net3 = Network.create({ layers: [3, 4, 1], activations: 'tanh' }, { engine, random: seededRandom(3) });
    const slice = snapshotter(net3, { box: [[0, 1], [0, 1], [2, 4]], grid: { x: [0, 1], y: [0, 1], nx: 2, ny: 2 } })(step(1));
    expect(slice.prediction.get([1, 0])).toBeCloseTo(net3.predict([[0, 1, 3]]).get([0, 0]) as number, 14);
  });

  it("gives a classifier's confidence on the grid (the loss's, of predict's outputs) and none for regression", () => {
    const net = Network.create({ layers: [2, 5, 3], activations: ['tanh', 'linear'], loss: 'softmax-ce' }, { engine, random: seededRandom(4) });
    const s = snapshotter(net, { grid: small })(step(1));
    const outputs = net.predict([[small.x[1], 0]]).toArray() as number[][]; // grid point (row 1, column 3) of 4×3 on [-0.5, 0.5]²
    const p = outputs[0]!.map((z) => Math.exp(z)).map((e, _, all) => e / all.reduce((a, b) => a + b, 0)).sort((a, b) => b - a);
    expect(s.confidence!.size()).toEqual([3, 4]);
    expect(s.confidence!.get([1, 3])).toBeCloseTo(p[0]! - p[1]!, 12);
    for (let k = 0; k < 20; k++) net.trainBatch(Batch.of([[0.1, 0.2]], [[0, 0, 1]]), 0.5);
    expect(s.confidence!.get([1, 3])).toBeCloseTo(p[0]! - p[1]!, 12); // built lazily from the outputs of when it was taken
    expect(snapshotter(factory(engine)(), { grid: small })(step(1)).confidence).toBeUndefined();
  });

  it('shows the first output of a multi-output network', () => {
    const net = Network.create({ layers: [2, 3, 2], activations: 'tanh' }, { engine, random: seededRandom(2) });
    const s = snapshotter(net, { grid: small })(step(1));
    expect(s.prediction.get([0, 0])).toBeCloseTo(net.predict([[-0.5, -0.5]]).get([0, 0]) as number, 14);
  });
});

describe('snapshots operator', () => {
  it('takes one every N steps, plus the final state on completion', async () => {
    const steps = new Subject<TrainStep>();
    const got = lastValueFrom(steps.pipe(snapshots(factory(engine)(), { everySteps: 3, grid: small }), map((s) => s.step), toArray()));
    for (let k = 1; k <= 10; k++) steps.next(step(k));
    steps.complete();
    expect(await got).toEqual([3, 6, 9, 10]);
  });

  it('stops an endless synchronous step source when the consumer takes what it needs', async () => {
    let emitted = 0;
    const endless = new Observable<TrainStep>((s) => {
      while (!s.closed && emitted < 1000) s.next(step(++emitted));
      s.complete(); // only reached if the operator failed to stop it
    });
    const got = await lastValueFrom(endless.pipe(snapshots(factory(engine)(), { everySteps: 2, grid: small }), take(3), map((s) => s.step), toArray()));
    expect(got).toEqual([2, 4, 6]);
    expect(emitted).toBe(6);
  });

  it('is computed only while subscribed', () => {
    const net = factory(engine)();
    const predict = vi.spyOn(net, 'predictInto');
    const steps = new Subject<TrainStep>();
    const snaps$ = steps.pipe(snapshots(net, { everySteps: 1, grid: small }));
    steps.next(step(1));
    expect(predict).not.toHaveBeenCalled();
    const sub = snaps$.subscribe();
    steps.next(step(2));
    steps.next(step(3));
    sub.unsubscribe();
    steps.next(step(4));
    expect(predict).toHaveBeenCalledTimes(2);
  });

  it('throttles by the train clock in virtual time (marbles): first step, then every T ms, then the final state', () => {
    const ts = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    ts.run(({ cold, expectObservable }) => {
      const net = factory(engine)();
      const batches = cold('abcdefghij|', Object.fromEntries('abcdefghij'.split('').map((c) => [c, batch])));
      const snaps = batches.pipe(train(net, { eta: 0.1, scheduler: ts }), snapshots(net, { everyMs: 4, grid: small }), map((s) => `${s.step}@${s.time}`));
      expectObservable(snaps).toBe('a---b---c-(d|)', { a: '1@0', b: '5@4', c: '9@8', d: '10@9' });
    });
  });

  it('stops with the steps: unsubscribing mid-run cancels training and snapshots together (marbles)', () => {
    const ts = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const net = factory(engine)();
      const batches = cold('a-a-a-a-a-a-a|', { a: batch });
      const snaps = batches.pipe(train(net, { eta: 0.1, scheduler: ts }), snapshots(net, { everySteps: 2, grid: small }), map((s) => s.step));
      expectObservable(snaps, '^------!').toBe('--a---b', { a: 2, b: 4 });
      expectSubscriptions(batches.subscriptions).toBe('^------!');
    });
  });

  it('rejects bad cadences with the field named', () => {
    const net = factory(engine)();
    expect(() => snapshots(net, { everySteps: 0 })).toThrow(/^snapshots\.everySteps/);
    expect(() => snapshots(net, { everyMs: -5 })).toThrow(/^snapshots\.everyMs/);
  });

  it('defaults to every 100 ms (train clock) when no cadence is given', async () => {
    const steps = new Subject<TrainStep>();
    const got = lastValueFrom(steps.pipe(snapshots(factory(engine)(), { grid: small }), map((s) => s.step), toArray()));
    [0, 50, 99, 100, 150, 230].forEach((t, k) => steps.next(step(k + 1, t)));
    steps.complete();
    expect(await got).toEqual([1, 4, 6]);
  });
});

