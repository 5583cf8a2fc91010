import { concat, lastValueFrom, map, tap, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';
import { DivergenceError } from '../../src/operators/DivergenceError.js';
import { exhaustMapLatest } from '../../src/operators/exhaustMapLatest.js';
import type { Snapshot } from '../../src/operators/Snapshot.js';
import { train } from '../../src/operators/train.js';
import { trainingRun, trainingRunOf, type TrainingRunOptions } from '../../src/operators/trainingRun.js';
import { fixedBatch } from '../../src/samplers/fixedBatch.js';
import { fromFunction } from '../../src/samplers/fromFunction.js';
import { factory } from './networks.js';

const engine = await createEngine('mathjs');
const box = [[-1, 1], [0, 2]] as const;
const sampler = () => fromFunction({ target: 'x*y', box, batchSize: 8, seed: 1 });
const tiny = { x: [-1, 1], y: [0, 2], nx: 5, ny: 5 } as const;

describe('trainingRun', () => {
  it('refuses an unknown option, suggesting the closest, and takes every documented one', async () => {
    expect(() => trainingRun(sampler(), factory(engine), { eta: 0.1, snapshot: { everySteps: 5 } } as TrainingRunOptions)).toThrow(/^snapshot: unknown option "snapshot" \(did you mean "snapshots"\? known: optimizer, .*, resumeFrom\)$/);
    expect(() => trainingRun(sampler(), factory(engine), { eta: 0.1, validaton: { data: Batch.of([[0, 0]], [[0]]), every: 5 } } as TrainingRunOptions)).toThrow(/^validaton: unknown option "validaton" \(did you mean "validation"\?/);
    const run = trainingRun(sampler(), factory(engine), { eta: 0.1, steps: 3, historyLimit: 10, snapshots: { everySteps: 1 }, checkpoints: { everySteps: 1 }, checkEvery: 1 });
    const steps = lastValueFrom(run.steps$.pipe(toArray()));
    run.connect();
    expect((await steps).map((s) => s.step)).toEqual([1, 2, 3]);
  });

  it('trains once for any number of cost and snapshot subscribers', async () => {
    const run = trainingRun(sampler(), factory(engine), { eta: 0.05, steps: 30, snapshots: { everySteps: 10, grid: tiny } });
    const spy = vi.spyOn(run.network, 'trainBatch');
    const a = lastValueFrom(run.steps$.pipe(toArray()));
    const b = lastValueFrom(run.steps$.pipe(toArray()));
    const s1 = lastValueFrom(run.snapshots$.pipe(toArray()));
    const s2 = lastValueFrom(run.snapshots$.pipe(toArray()));
    const predict = vi.spyOn(run.network, 'predictInto');
    expect(run.connect()).toBe(run.connect());
    const [stepsA, stepsB, snapsA, snapsB] = await Promise.all([a, b, s1, s2]);
    expect(spy).toHaveBeenCalledTimes(30);
    expect(stepsA).toHaveLength(30);
    expect(stepsB).toEqual(stepsA);
    expect(snapsA.map((s) => s.step)).toEqual([10, 20, 30]);
    expect(snapsB).toEqual(snapsA);
    expect(snapsA[0]).toBe(snapsB[0]); // one computation, shared
    expect(predict).toHaveBeenCalledTimes(3);
    expect(run.history()).toEqual(stepsA);
  });

  it('defaults the snapshot grid to the sampler box (40×40)', async () => {
    const run = trainingRun(sampler(), factory(engine), { eta: 0.05, steps: 1, snapshots: { everySteps: 1 } });
    const snaps = lastValueFrom(run.snapshots$.pipe(toArray()));
    run.connect();
    expect((await snaps)[0]!.grid).toEqual({ x: [-1, 1], y: [0, 2], nx: 40, ny: 40 });
  });

  it('computes snapshots only while someone subscribes', async () => {
    const run = trainingRun(sampler(), factory(engine), { eta: 0.05, steps: 20, snapshots: { everySteps: 1, grid: tiny } });
    const predict = vi.spyOn(run.network, 'predictInto');
    const done = lastValueFrom(run.steps$);
    run.connect();
    await done;
    expect(predict).not.toHaveBeenCalled();
  });

  it('lets late subscribers ask for the history, bounded by historyLimit', async () => {
    const run = trainingRun(sampler(), factory(engine), { eta: 0.05, steps: 40, historyLimit: 10 });
    const all = lastValueFrom(run.steps$.pipe(toArray()));
    let late: Promise<number[]> | undefined;
    run.steps$.pipe(tap((s) => s.step === 25 && (late = lastValueFrom(run.history$.pipe(map((x) => x.step), toArray()))))).subscribe();
    run.connect();
    const steps = await all;
    expect(run.history()).toEqual(steps.slice(-10));
    // Joined at step 25: the last 10 kept steps, then the live ones, with no gap or repeat.
    expect(await late).toEqual(Array.from({ length: 40 - 15 }, (_, k) => 16 + k));
    expect(() => trainingRun(sampler(), factory(engine), { eta: 0.1, historyLimit: -1 })).toThrow(InputError);
  });

  it('gives a snapshot on demand, and none before the first step', async () => {
    const run = trainingRun(sampler(), factory(engine), { eta: 0.05, steps: 3, snapshots: { grid: tiny } });
    expect(run.snapshot()).toBeUndefined();
    const done = lastValueFrom(run.steps$);
    run.connect();
    const last = await done;
    expect(run.snapshot()).toMatchObject({ step: 3, cost: last.cost, grid: tiny });
  });

  it('stops within one step when the connection is unsubscribed, completing both streams', async () => {
    const run = trainingRun(fixedBatch(Batch.of([[0.1, 0.2]], [[0.3]])), factory(engine), { eta: 0.05, snapshots: { everySteps: 1000, grid: tiny } });
    const spy = vi.spyOn(run.network, 'trainBatch');
    const snaps = lastValueFrom(run.snapshots$.pipe(toArray()));
    const steps = lastValueFrom(run.steps$.pipe(toArray()));
    const connection = run.connect();
    run.steps$.subscribe((s) => s.step === 12 && connection.unsubscribe());
    expect(await steps).toHaveLength(12);
    expect((await snaps).map((s) => s.step)).toEqual([12]); // the final state, as on completion
    expect(spy).toHaveBeenCalledTimes(12);
  });

  it('ends both streams with the DivergenceError; what came before stays valid', async () => {
    const linear = { layers: [2, 1], activations: 'linear', init: { weights: { type: 'uniform', scale: 1 } } } as const;
    const run = trainingRun(fixedBatch(Batch.of([[1, 1]], [[1e3]])), factory(engine, linear), { eta: 10, snapshots: { everySteps: 1, grid: tiny } });
    const seen: number[] = [];
    const snaps: Snapshot[] = [];
    const stepsErr = new Promise((resolve) => run.steps$.subscribe({ next: (s) => seen.push(s.cost), error: resolve }));
    const snapsErr = new Promise((resolve) => run.snapshots$.subscribe({ next: (s) => snaps.push(s), error: resolve }));
    run.connect();
    const [e1, e2] = await Promise.all([stepsErr, snapsErr]);
    expect(e1).toBeInstanceOf(DivergenceError);
    expect(seen.length).toBeGreaterThan(3); // it took a few growing steps to blow up
    expect(e2).toBe(e1);
    expect(seen.every(Number.isFinite)).toBe(true);
    expect((e1 as DivergenceError).lastFiniteCost).toBe(seen.at(-1));
    expect(snaps.every((s) => (s.prediction.toArray().flat() as number[]).every(Number.isFinite))).toBe(true);
  });

  it('a slow asynchronous snapshot consumer gets the latest snapshot, never a queue', async () => {
    const run = trainingRun(sampler(), factory(engine), { eta: 0.05, snapshots: { everySteps: 1, grid: tiny } });
    let latest = 0;
    const handled: { step: number; latestWhenStarted: number }[] = [];
    const consumer = run.snapshots$.pipe(
      tap((s) => (latest = s.step)),
      exhaustMapLatest(async (s) => {
        handled.push({ step: s.step, latestWhenStarted: latest });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }),
    );
    const sub = consumer.subscribe();
    const connection = run.connect();
    await new Promise((resolve) => setTimeout(resolve, 600));
    connection.unsubscribe();
    sub.unsubscribe();
    const produced = run.history().length;
    expect(handled.length).toBeGreaterThanOrEqual(3);
    expect(handled.length).toBeLessThan(600 / 50 + 2); // one at a time, 50 ms each
    expect(produced).toBeGreaterThan(handled.length * 2); // most snapshots were superseded, not queued
    // Each piece of work started on the newest snapshot there was.
    handled.forEach((h) => expect(h.step).toBe(h.latestWhenStarted));
  });

  it('trainingRunOf wraps training composed upstream (phases on one network) the same way', async () => {
    const net = factory(engine)();
    const phases$ = concat(
      fixedBatch(Batch.of([[0.1, 0.2]], [[0.3]])).pipe(train(net, { eta: 0.1, steps: 5 })),
      sampler().pipe(train(net, { eta: 0.01, steps: 7 })),
    );
    const run = trainingRunOf(phases$, net, { snapshots: { everySteps: 5, grid: tiny } });
    const spy = vi.spyOn(net, 'trainBatch');
    const steps = lastValueFrom(run.steps$.pipe(map((s) => s.step), toArray()));
    const snaps = lastValueFrom(run.snapshots$.pipe(map((s) => s.step), toArray()));
    run.connect();
    expect(await steps).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 6, 7]); // each phase counts its own steps
    expect(await snaps).toEqual([5, 5, 7]);
    expect(spy).toHaveBeenCalledTimes(12);
    expect(run.network).toBe(net);
  });
});
