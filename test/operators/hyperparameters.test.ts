import { lastValueFrom, map, scheduled, toArray, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { Batch } from '../../src/network/Batch.js';
import { RunControl } from '../../src/operators/RunControl.js';
import { train, type TrainOptions } from '../../src/operators/train.js';
import { trainingRun } from '../../src/operators/trainingRun.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';
import { seededRandom } from '../../src/random/Random.js';
import { fromBatches } from '../../src/samplers/fromBatches.js';
import { stepDecay } from '../../src/schedules/stepDecay.js';
import { factory } from './networks.js';
import { randomBatches } from './randomBatches.js';

const engine = await createEngine('mathjs');
const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const list = randomBatches(6);
const values = { a: list[0]!, b: list[1]!, c: list[2]!, d: list[3]!, e: list[4]!, f: list[5]! };
const lrOf = (s: TrainStep) => `${s.step}:${s.lr}`;

describe('learning rate as a number, an Observable or a schedule (marbles)', () => {
  it('an Observable learning rate applies from the next step, and TrainStep records the rate used', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const net = factory(engine)();
      const spy = vi.spyOn(net, 'trainBatch');
      const lr$ = cold('x--y---z', { x: 0.1, y: 0.01, z: 0.5 });
      expectObservable(cold('a-b-c-d-e|', values).pipe(train(net, { eta: lr$, scheduler: ts }), map(lrOf))).toBe('a-b-c-d-e|', {
        a: '1:0.1',
        b: '2:0.1',
        c: '3:0.01',
        d: '4:0.01',
        e: '5:0.5',
      });
      ts.flush();
      expect(spy.mock.calls.map((c) => c[1])).toEqual([0.1, 0.1, 0.01, 0.01, 0.5]);
    });
  });

  it("before the Observable's first value the optimizer's own rate is used", () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const lr$ = cold('---y', { y: 0.02 });
      const lr = factory(engine)().optimizer.hyperparameters.lr;
      expectObservable(cold('a-b-c|', values).pipe(train(factory(engine), { eta: lr$, scheduler: ts }), map(lrOf))).toBe('a-b-c|', { a: `1:${lr}`, b: `2:${lr}`, c: '3:0.02' });
    });
  });

  it('a Schedule is read at each step (1 = the first step)', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const lr = stepDecay({ initial: 0.1, factor: 0.5, every: 2 });
      expectObservable(cold('a-b-c-d-e|', values).pipe(train(factory(engine), { eta: lr, scheduler: ts }), map(lrOf))).toBe('a-b-c-d-e|', {
        a: '1:0.1',
        b: '2:0.1',
        c: '3:0.05',
        d: '4:0.05',
        e: '5:0.025',
      });
    });
  });

  it('a learning rate set live overrides the schedule from the next step, and later phases start from it', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const control = new RunControl(ts as SchedulerLike);
      ts.schedule(() => control.setLearningRate(0.3), 3);
      const lr = stepDecay({ initial: 0.1, factor: 0.5, every: 1 });
      expectObservable(cold('a-b-c-d|', values).pipe(train(factory(engine), { eta: lr, scheduler: ts, control }), map(lrOf))).toBe('a-b-c-d|', {
        a: '1:0.1',
        b: '2:0.05',
        c: '3:0.3',
        d: '4:0.3',
      });
      expectObservable(cold('-----------a|', values).pipe(train(factory(engine), { eta: 0.1, scheduler: ts, control }), map(lrOf))).toBe('-----------a|', { a: '1:0.3' });
    });
  });

  it('a bad streamed value errors the run naming the field', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const lr$ = cold('x-y', { x: 0.1, y: Number.NaN });
      const steps$ = cold('a---b|', values).pipe(train(factory(engine), { eta: lr$, scheduler: ts }), map(lrOf));
      expectObservable(steps$).toBe('a-#', { a: '1:0.1' }, expect.objectContaining({ message: expect.stringMatching(/^eta: /) }));
    });
  });
});

describe('pause and resume', () => {
  it('a paused run trains nothing until resumed, then takes its batches in order (virtual time)', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const control = new RunControl(ts as SchedulerLike);
      ts.schedule(() => control.pause(), 3);
      ts.schedule(() => control.resume(), 9);
      // A source that is not built on control.scheduler keeps coming: its batches wait in order.
      const steps$ = cold('a-b-c-d-e|', values).pipe(train(factory(engine), { eta: 0.1, scheduler: control.scheduler, control }), map((s) => s.step));
      expectObservable(steps$).toBe('a-b------(cde|)', { a: 1, b: 2, c: 3, d: 4, e: 5 });
    });
  });

  it('a sampler built on control.scheduler makes no batch while paused', async () => {
    const control = new RunControl();
    control.pause();
    let made = 0;
    const source = scheduled(
      (function* () {
        for (const b of list) {
          made++;
          yield b;
        }
      })(),
      control.scheduler,
    );
    const done = lastValueFrom(source.pipe(train(factory(engine), { eta: 0.1, control, scheduler: control.scheduler }), toArray()));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(made).toBe(0);
    control.resume();
    expect((await done).map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('stop ends a run (a paused one too) and completes its streams', async () => {
    const control = new RunControl();
    const run = trainingRun(fromBatches(list, { scheduler: control.scheduler }), factory(engine), { eta: 0.1, control });
    const steps = lastValueFrom(run.steps$.pipe(toArray()));
    control.pause();
    run.connect();
    await new Promise((resolve) => setTimeout(resolve, 20));
    control.stop();
    expect(await steps).toEqual([]);
  });
});

describe('plateau feedback and early stopping in a run', () => {
  const heldOut = randomBatches(1, 99, 40)[0]!;

  it('reduceOnPlateau: each plateaued evaluation lowers the learning rate from the next step', async () => {
    // minDelta so large that only the first evaluation counts as an improvement; patience 0.
    const run = trainingRun(fromBatches(list), factory(engine), {
      eta: 0.1,
      validation: { data: heldOut, every: 1 },
      reduceOnPlateau: { factor: 0.5, patience: 0, minDelta: 1e9 },
    });
    const steps = lastValueFrom(run.steps$.pipe(toArray()));
    run.connect();
    expect((await steps).map((s) => s.lr)).toEqual([0.1, 0.1, 0.05, 0.025, 0.0125, 0.00625]);
  });

  it('earlyStopping stops after `patience` evaluations without improvement and restores the best parameters', async () => {
    const run = trainingRun(fromBatches(list), factory(engine), {
      eta: 0.1,
      validation: { data: heldOut, every: 1 },
      earlyStopping: { patience: 2, minDelta: 1e9 },
    });
    const steps = lastValueFrom(run.steps$.pipe(toArray()));
    const evaluations = lastValueFrom(run.validation$.pipe(toArray()));
    run.connect();
    expect((await steps).map((s) => s.step)).toEqual([1, 2, 3]);
    // Watchers get the evaluation that triggered the stop too.
    expect((await evaluations).map((v) => v.step)).toEqual([1, 2, 3]);
    expect(run.earlyStop()).toEqual({ stoppedAt: 3, best: run.validationHistory()[0] });
    // The parameters after step 1 (the best evaluation), by a plain replay.
    const replay = factory(engine)();
    replay.trainBatch(list[0]!, 0.1);
    expect(run.network.parameters()).toEqual(replay.parameters());
  });

  it("a classifier's early stop gives the best evaluation with its rows' classes, and its state keeps the numbers only", async () => {
    // Two classes one-hot: softmax cross-entropy, so evaluations carry each row's classes.
    const random = seededRandom(11);
    const oneHot = (n: number) => {
      const x = new Float64Array(n * 2).map(() => random.next() - 0.5);
      const t = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) t[i * 2 + (x[i * 2]! > 0 ? 1 : 0)] = 1;
      return Batch.fromArrays(x, t, n);
    };
    const train2 = Array.from({ length: 6 }, () => oneHot(6));
    const test2 = oneHot(40);
    const spec = { layers: [2, 8, 2], activations: ['tanh', 'linear'], loss: 'softmax-ce', init: { weights: { type: 'uniform', scale: 0.5 }, biases: { type: 'zeros' } } } as const;
    const run = trainingRun(fromBatches(train2), factory(engine, spec), { eta: 0.1, validation: { data: test2, every: 1 }, earlyStopping: { patience: 2, minDelta: 1e9 } });
    const evaluations = lastValueFrom(run.validation$.pipe(toArray()));
    run.connect();
    const seen = await evaluations;
    const stop = run.earlyStop()!;
    expect(stop.stoppedAt).toBe(3);
    // Step 1's evaluation as it was emitted, classes and all, from the parameters restored.
    expect(stop.best).toEqual(seen[0]);
    expect(stop.best.classes?.actual).toHaveLength(40);
    // What checkpoints keep of the early stop: its numbers (the rows come back from the data).
    const checkpoint = run.checkpoint();
    expect(checkpoint).toBeDefined();
    expect(JSON.stringify(checkpoint)).toContain('"stoppedAt":3');
    expect(JSON.stringify(checkpoint)).not.toContain('"classes"');
  });

  it('restoreBest: false keeps the last parameters', async () => {
    const run = trainingRun(fromBatches(list), factory(engine), {
      eta: 0.1,
      validation: { data: heldOut, every: 1 },
      earlyStopping: { patience: 1, minDelta: 1e9, restoreBest: false },
    });
    const steps = lastValueFrom(run.steps$.pipe(toArray()));
    run.connect();
    expect((await steps).map((s) => s.step)).toEqual([1, 2]);
    const replay = factory(engine)();
    replay.trainBatch(list[0]!, 0.1);
    replay.trainBatch(list[1]!, 0.1);
    expect(run.network.parameters()).toEqual(replay.parameters());
  });
});

describe('other hyperparameters as streams', () => {
  it('a momentum schedule reaches the update on every engine (the fused wasm step too) from the next step', async () => {
    const momentum = stepDecay({ initial: 0.9, factor: 0.1, every: 3 }); // 0.9, 0.9, 0.9, 0.09, …
    const runWith = async (name: string, source: TrainOptions['hyperparameters']) => {
      const net = factory(await createEngine(name))();
      const steps = await lastValueFrom(fromBatches(list).pipe(train(net, { optimizer: { type: 'momentum', lr: 0.1, momentum: 0.9 }, ...(source ? { hyperparameters: source } : {}) }), toArray()));
      return { costs: steps.map((s) => s.cost), momentum: net.optimizer.hyperparameters['momentum'] };
    };
    const reference = await runWith('mathjs', { momentum });
    const fused = await runWith('wasm', { momentum });
    const constant = await runWith('wasm', undefined);
    expect(reference.momentum).toBeCloseTo(0.09, 15);
    fused.costs.forEach((c, k) => expect(Math.abs(c - reference.costs[k]!) / Math.abs(reference.costs[k]!)).toBeLessThan(1e-9));
    // The first four costs are before any change takes effect on the update they follow.
    expect(constant.costs.slice(0, 4)).toEqual(fused.costs.slice(0, 4));
    expect(constant.costs[4]).not.toBe(fused.costs[4]);
  });

  it('refuses a value outside the optimizer range naming the hyperparameter', async () => {
    const net = factory(engine)();
    const steps$ = fromBatches(list).pipe(train(net, { optimizer: { type: 'momentum', lr: 0.1 }, hyperparameters: { momentum: stepDecay({ initial: 2, factor: 0.5, every: 1 }) } }));
    await expect(lastValueFrom(steps$)).rejects.toThrow(/optimizer\.momentum: must be a number in \[0, 1\)/);
  });
});
