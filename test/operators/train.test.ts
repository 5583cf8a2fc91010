import { Observable, Subject, concat, from, lastValueFrom, map, queueScheduler, take, takeUntil, takeWhile, tap, throwError, timer, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { DivergenceError } from '../../src/operators/DivergenceError.js';
import { train, type TrainOptions } from '../../src/operators/train.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';
import { seededRandom } from '../../src/random/Random.js';
import { fixedBatch } from '../../src/samplers/fixedBatch.js';
import { fromBatches } from '../../src/samplers/fromBatches.js';
import { fromFunction } from '../../src/samplers/fromFunction.js';
import { engineCases } from '../engine/engines.js';
import { factory, smallSpec } from './networks.js';
import { randomBatches } from './randomBatches.js';

const box = [[-0.5, 0.5], [-0.5, 0.5]] as const;
const sampler = (seed = 1, batchSize = 10) => fromFunction({ target: 'exp(-5*(x^2+y^2))*abs(x+y)', box, batchSize, seed });
const costs = (steps: readonly TrainStep[]) => steps.map((s) => s.cost);


describe.each(engineCases)('train on $name', (c) => {
  it('emits one TrainStep per batch: the cost trainBatch gives, bit for bit, step by step', async () => {
    const engine = await c.make();
    const list = randomBatches(12);
    const steps = await lastValueFrom(fromBatches(list).pipe(train(factory(engine), { eta: 0.05 }), toArray()));
    const twin = factory(engine)();
    expect(costs(steps)).toEqual(list.map((b) => twin.trainBatch(b, 0.05)));
    expect(steps.map((s) => s.step)).toEqual(list.map((_, i) => i + 1));
    expect(steps.every((s) => s.batchSize === 6)).toBe(true);
    steps.slice(1).forEach((s, i) => expect(s.time).toBeGreaterThanOrEqual(steps[i]!.time));
  });

  it('same seeds ⇒ bit-identical cost sequences; another sampler or network seed differs', async () => {
    const engine = await c.make();
    const run = (samplerSeed: number, netSeed: number) =>
      lastValueFrom(sampler(samplerSeed).pipe(train(factory(engine, smallSpec, netSeed), { eta: 0.01, steps: 40 }), toArray())).then(costs);
    const a = await run(1, 1);
    const b = await run(1, 1);
    expect(a).toHaveLength(40);
    a.forEach((cost, k) => expect(Object.is(cost, b[k])).toBe(true));
    expect(await run(2, 1)).not.toEqual(a);
    expect(await run(1, 2)).not.toEqual(a);
  });
});

describe('train', () => {
  const engine = createEngine('mathjs');

  it('is cold: each subscription trains its own fresh network; a Network instance is shared on purpose', async () => {
    const make = vi.fn(factory(await engine));
    const pipeline = sampler().pipe(train(make, { eta: 0.01, steps: 5 }), toArray());
    const [a, b] = await Promise.all([lastValueFrom(pipeline), lastValueFrom(pipeline)]);
    expect(make).toHaveBeenCalledTimes(2);
    expect(costs(a)).toEqual(costs(b));
    const shared = make();
    const first = await lastValueFrom(sampler().pipe(train(shared, { eta: 0.01, steps: 5 }), toArray()));
    const second = await lastValueFrom(sampler().pipe(train(shared, { eta: 0.01, steps: 5 }), toArray()));
    expect(costs(first)).toEqual(costs(a));
    expect(costs(second)).not.toEqual(costs(first)); // it carried on from the trained weights
  });

  it('take, takeWhile and takeUntil are stop rules: nothing trains past them', async () => {
    const net = factory(await engine)();
    const spy = vi.spyOn(net, 'trainBatch');
    await lastValueFrom(sampler().pipe(train(net, { eta: 0.01 }), take(7)));
    expect(spy).toHaveBeenCalledTimes(7);

    spy.mockClear();
    const seen = await lastValueFrom(sampler(3).pipe(train(net, { eta: 0.01 }), takeWhile((s) => s.step < 4 || s.cost > 1e-9, true), take(50), toArray()));
    expect(spy).toHaveBeenCalledTimes(seen.length);

    spy.mockClear();
    const stop$ = new Subject<void>();
    const batch = randomBatches(1)[0]!;
    const untilStopped = fixedBatch(batch).pipe(train(net, { eta: 0.01 }), tap((s) => s.step === 3 && stop$.next()), takeUntil(stop$), toArray());
    expect((await lastValueFrom(untilStopped)).map((s) => s.step)).toEqual([1, 2]);
    await lastValueFrom(timer(20));
    expect(spy).toHaveBeenCalledTimes(3); // the step that raised the signal, and none after it
  });

  it('unsubscribing stops an endless training within one step', async () => {
    const net = factory(await engine)();
    const spy = vi.spyOn(net, 'trainBatch');
    let seen = 0;
    let stopped!: () => void;
    const unsubscribed = new Promise<void>((resolve) => (stopped = resolve));
    const sub = fixedBatch(randomBatches(1)[0]!).pipe(train(net, { eta: 0.01 })).subscribe(() => {
      seen++;
      if (seen === 25) {
        sub.unsubscribe();
        stopped();
      }
    });
    await unsubscribed; // however slow the machine
    await lastValueFrom(timer(30)); // room for a step that should not come
    expect(seen).toBe(25);
    expect(spy).toHaveBeenCalledTimes(25);
  });

  // A custom sampler may be an endless synchronous loop: it can only stop when its subscriber is
  // closed while it is still inside subscribe(), so the operator must link that subscriber first.
  it('stops an endless synchronous source (and a queueScheduler sampler) at `steps`, at an error and when taken', async () => {
    const make = factory(await engine, { layers: [2, 3, 1], activations: 'linear' });
    const batch = randomBatches(1)[0]!;
    let emitted = 0;
    const endless = new Observable<Batch>((s) => {
      while (!s.closed && emitted < 1000) {
        emitted++;
        s.next(batch);
      }
      s.complete(); // only reached if the operator failed to stop it
    });
    const trained = (options: Partial<TrainOptions> = {}) => endless.pipe(train(make, { eta: 0.01, scheduler: queueScheduler, ...options }));
    expect(await lastValueFrom(trained({ steps: 5 }).pipe(toArray()))).toHaveLength(5);
    expect(emitted).toBe(5);

    emitted = 0;
    await expect(lastValueFrom(trained({ eta: 1e300 }))).rejects.toBeInstanceOf(DivergenceError);
    expect(emitted).toBeLessThan(10);

    emitted = 0;
    expect(await lastValueFrom(trained().pipe(take(3), toArray()))).toHaveLength(3);
    expect(emitted).toBe(3);

    const sampled = fromFunction({ target: (x) => x[0]! * x[1]!, box: [[0, 1], [0, 1]], batchSize: 4, seed: 1, scheduler: queueScheduler });
    expect(await lastValueFrom(sampled.pipe(train(make, { eta: 0.01, steps: 4, scheduler: queueScheduler }), toArray()))).toHaveLength(4);
  });

  it('completes after `steps`, and when the batches run out', async () => {
    const make = factory(await engine);
    expect(await lastValueFrom(fixedBatch(randomBatches(1)[0]!).pipe(train(make, { eta: 0.1, steps: 9 }), toArray()))).toHaveLength(9);
    expect(await lastValueFrom(fromBatches(randomBatches(4)).pipe(train(make, { eta: 0.1, steps: 9 }), toArray()))).toHaveLength(4);
  });

  it('propagates source errors after training what came before, and bad batches as InputError', async () => {
    const make = factory(await engine);
    const boom = new Error('sensor offline');
    const seen: TrainStep[] = [];
    const failing = concat(from(randomBatches(3)), throwError(() => boom));
    const err = await new Promise<unknown>((resolve) => failing.pipe(train(make, { eta: 0.1 })).subscribe({ next: (s) => seen.push(s), error: resolve }));
    expect(err).toBe(boom);
    expect(seen.map((s) => s.step)).toEqual([1, 2, 3]);
    const wide = Batch.of([[1, 2, 3]], [[1]]);
    const bad = await lastValueFrom(from([wide]).pipe(train(make, { eta: 0.1 }))).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as InputError).field).toBe('inputs');
  });

  it('a NaN/Infinite cost ends the stream with DivergenceError naming the step and the last finite cost', async () => {
    const net = () => Network.create({ layers: [1, 1], activations: 'linear', init: { weights: { type: 'uniform', scale: 1 }, biases: { type: 'zeros' } } }, { engine: e, random: seededRandom(1) });
    const e = await engine;
    const batch = Batch.of([[1]], [[10]]);
    const seen: TrainStep[] = [];
    const err = await new Promise<unknown>((resolve) =>
      fixedBatch(batch).pipe(train(net, { eta: 1e308, checkEvery: 0 })).subscribe({ next: (s) => seen.push(s), error: resolve }),
    );
    expect(err).toBeInstanceOf(DivergenceError);
    const d = err as DivergenceError;
    // Step 1's cost is finite but its update overflows the weight; unchecked, step 2's cost is not.
    expect(seen).toHaveLength(1);
    expect(d.step).toBe(2);
    expect(d.reason).toBe('cost');
    expect(d.lastFiniteCost).toBe(seen[0]!.cost);
    expect(Number.isFinite(seen[0]!.cost)).toBe(true);
    expect(d.message).toContain('step 2');
    expect(d.message).toContain(`last finite cost ${seen[0]!.cost}`);
  });

  it('a value beyond f32\'s range ends an f32 engine\'s stream with an InputError naming it, not a divergence', async () => {
    const run = async (name: 'wasm-f32' | 'wasm', x: number, t = 0.5) => {
      const net = Network.create({ layers: [2, 3, 1], activations: 'relu' }, { engine: await createEngine(name), random: seededRandom(1) });
      return lastValueFrom(fixedBatch(Batch.of([[0.1, 0.2], [0.3, x]], [[0.5], [t]])).pipe(train(net, { eta: 0.01, steps: 3 }))).catch((e: unknown) => e);
    };
    const inputs = await run('wasm-f32', 1e39);
    expect(inputs).toBeInstanceOf(InputError);
    expect((inputs as InputError).field).toBe('inputs[1][1]');
    expect((inputs as InputError).message).toMatch(/beyond the range of the f32 engine.*f64 engine/);
    expect(((await run('wasm-f32', 0.4, -1e39)) as InputError).field).toBe('targets[1][0]');
    // An f64 engine holds the value: the same batch trains (its ReLUs die, the cost stays finite).
    expect(await run('wasm', 1e39)).toMatchObject({ step: 3 });
  });

  it('non-finite parameters end the stream at the step that made them, even with a finite cost', async () => {
    const e = await engine;
    const net = Network.create({ layers: [1, 1], activations: 'linear', init: { weights: { type: 'uniform', scale: 1 }, biases: { type: 'zeros' } } }, { engine: e, random: seededRandom(1) });
    const err = await lastValueFrom(fixedBatch(Batch.of([[1]], [[10]])).pipe(train(net, { eta: 1e308 }))).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(DivergenceError);
    expect(err).toMatchObject({ step: 1, reason: 'parameters' });
    expect(Number.isFinite((err as DivergenceError).cost)).toBe(true);
    expect(net.isFinite()).toBe(false);
  });

  it('slices a synchronous source: a timer set before subscribing fires mid-training', async () => {
    const e = await engine;
    const list = randomBatches(400);
    let stepsWhenTimerFired = -1;
    let done = 0;
    const finished = new Promise<void>((resolve) =>
      from(list).pipe(train(factory(e), { eta: 0.01 })).subscribe({ next: (s) => (done = s.step), complete: resolve }),
    );
    setTimeout(() => (stepsWhenTimerFired = done), 0);
    await finished;
    expect(done).toBe(400);
    expect(stepsWhenTimerFired).toBeGreaterThan(0);
    expect(stepsWhenTimerFired).toBeLessThan(400);
  });

  it('trains a feedback source (next batch pushed from the step subscriber) in order, without recursion', async () => {
    const e = await engine;
    const feed = new Subject<Batch>();
    const batch = randomBatches(1)[0]!;
    const seen: number[] = [];
    const done = new Promise<void>((resolve) =>
      feed.pipe(train(factory(e), { eta: 0.01, steps: 300 })).subscribe({
        next: (s) => {
          seen.push(s.step);
          feed.next(batch); // re-enters train while it is still emitting this step
        },
        complete: resolve,
      }),
    );
    feed.next(batch);
    await done;
    expect(seen).toEqual(Array.from({ length: 300 }, (_, k) => k + 1));
  });

  it('rejects bad options with the field named', () => {
    const make = () => ({}) as Network;
    expect(() => train(make, { eta: -1 })).toThrow(/^eta: /);
    expect(() => train(make, { eta: NaN })).toThrow(InputError);
    expect(() => train(make, { eta: 0.1, steps: 2.5 })).toThrow(/^steps: /);
    expect(() => train(make, { eta: 0.1, checkEvery: -1 })).toThrow(/^checkEvery: /);
  });

  // From JavaScript, `step: 100` for `steps: 100` trained for ever; other typos were ignored.
  it('refuses an unknown option, suggesting the closest', () => {
    const make = () => ({}) as Network;
    expect(() => train(make, { eta: 0.1, step: 100 } as TrainOptions)).toThrow(new InputError('step', 'unknown option "step"', 'did you mean "steps"? known: optimizer, loss, regularization, eta, hyperparameters, control, steps, scheduler, checkEvery'));
    expect(() => train(make, { checkevery: 1 } as TrainOptions)).toThrow(/^checkevery: unknown option "checkevery" \(did you mean "checkEvery"\?/);
  });

  it('trains without options (the optimizer\'s own rate), and names a missing or wrong model instead of failing on a property', async () => {
    const net = factory(await engine)();
    const steps = await lastValueFrom(fromBatches(randomBatches(3)).pipe(train(net), toArray()));
    expect(steps.map((s) => s.lr)).toEqual([0.001, 0.001, 0.001]);
    expect(() => train(null as unknown as Network)).toThrow(/^model: must be a Network or a function that makes one, got null/);
    const error = await lastValueFrom(fromBatches(randomBatches(1)).pipe(train(() => 5 as unknown as Network))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('model: the factory returned 5, not a Network (return Network.create(…) from it)');
  });
});

describe('train, in virtual time (marbles)', () => {
  const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  const list = randomBatches(5);
  const values = { a: list[0]!, b: list[1]!, c: list[2]!, d: list[3]!, e: list[4]! };
  const label = (s: TrainStep) => `${s.step}@${s.time}`;

  it('emits each step when its batch arrives, stamped with the scheduler clock', async () => {
    const engine = await createEngine('mathjs');
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = cold('a-b---c|', values);
      const steps = source.pipe(train(factory(engine), { eta: 0.1, scheduler: ts }));
      expectObservable(steps.pipe(map(label))).toBe('a-b---c|', { a: '1@0', b: '2@2', c: '3@6' });
    });
  });

  it('unsubscription and takeUntil cancel the batch source at once', async () => {
    const engine = await createEngine('mathjs');
    const ts = scheduler();
    ts.run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-c-d-e-|', values);
      expectObservable(source.pipe(train(factory(engine), { eta: 0.1, scheduler: ts }), map(label)), '^----!').toBe('a-b-c', { a: '1@0', b: '2@2', c: '3@4' });
      expectSubscriptions(source.subscriptions).toBe('^----!');

      const other = cold('a-b-c-d-e-|', values);
      const stop = hot('---s');
      expectObservable(other.pipe(train(factory(engine), { eta: 0.1, scheduler: ts }), takeUntil(stop), map(label))).toBe('a-b|', { a: '1@0', b: '2@2' });
      expectSubscriptions(other.subscriptions).toBe('^--!');
    });
  });

  it('propagates errors and completion in order', async () => {
    const engine = await createEngine('mathjs');
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b-#', values).pipe(train(factory(engine), { eta: 0.1, scheduler: ts }), map(label))).toBe('a-b-#', { a: '1@0', b: '2@2' });
      expectObservable(cold('a--|', values).pipe(train(factory(engine), { eta: 0.1, scheduler: ts, steps: 1 }), map(label))).toBe('(a|)', { a: '1@0' });
    });
  });

});
