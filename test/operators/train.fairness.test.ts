import { from, lastValueFrom, take, takeUntil, tap, timer, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { eventLoopLag } from '../../bench/eventLoopLag.js';
import { createEngine } from '../../src/engine/createEngine.js';
import { train } from '../../src/operators/train.js';
import { trainingRun } from '../../src/operators/trainingRun.js';
import { Network } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';
import { fromFunction } from '../../src/samplers/fromFunction.js';
import { fastestEngine, seedReluSpec } from './networks.js';

// Long training never starves the event loop. Bounds are generous (the machine is shared); the
// design target is one 5 ms slice plus one step.
const seedFit = (seed = 1) => fromFunction({ target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100, seed });

describe('event-loop fairness', () => {
  it('2 s of the seed fit with both streams watched: setTimeout(0) lags by tens of ms at most', async () => {
    const engine = await fastestEngine();
    const run = trainingRun(seedFit(), () => Network.create(seedReluSpec, { engine, random: seededRandom(1) }), { eta: 0.001, snapshots: { everyMs: 100 } });
    let snapshots = 0;
    run.snapshots$.subscribe(() => snapshots++);
    const lag = await eventLoopLag(async () => {
      const connection = run.connect();
      await lastValueFrom(timer(2000));
      connection.unsubscribe();
    });
    console.log(`event-loop lag during 2 s of training on ${engine.name}: max ${lag.max.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms over ${lag.samples} timers; ${run.history().length} steps, ${snapshots} snapshots`);
    expect(run.history().length).toBeGreaterThan(100);
    expect(snapshots).toBeGreaterThan(5);
    expect(lag.samples).toBeGreaterThan(100);
    expect(lag.p99).toBeLessThan(30);
    expect(lag.max).toBeLessThan(80);
  }, 20_000);

  it('a slow engine delays timers by one step at most; a synchronous from(array) source is sliced too', async () => {
    // mathjs steps of [2,100,1] take ~10 ms (far more on a loaded machine) and cannot be split:
    // the bound is one slice plus the longest step.
    const mathjs = await createEngine('mathjs');
    const slowNet = Network.create(seedReluSpec, { engine: mathjs, random: seededRandom(1) });
    const warm = await lastValueFrom(seedFit(9).pipe(take(20), toArray()));
    warm.forEach((b) => slowNet.trainBatch(b, 0.001));
    let longestStep = 0;
    const step = slowNet.trainBatch.bind(slowNet);
    slowNet.trainBatch = (batch, eta) => {
      const t0 = performance.now();
      const cost = step(batch, eta);
      longestStep = Math.max(longestStep, performance.now() - t0);
      return cost;
    };
    const slow = await eventLoopLag(() => lastValueFrom(seedFit().pipe(train(slowNet, { eta: 0.001 }), takeUntil(timer(1000))), { defaultValue: undefined }));

    const engine = await fastestEngine();
    const list = await lastValueFrom(seedFit().pipe(take(5000), toArray()));
    let steps = 0;
    const sync = await eventLoopLag(() => lastValueFrom(from(list).pipe(train(() => Network.create(seedReluSpec, { engine, random: seededRandom(1) }), { eta: 0.001 }), tap((s) => (steps = s.step)))));
    console.log(
      `event-loop lag: mathjs engine, 1 s: max ${slow.max.toFixed(1)} ms (longest step ${longestStep.toFixed(1)} ms), p99 ${slow.p99.toFixed(1)} ms; ` +
        `from(array) of 5000 batches on ${engine.name}: max ${sync.max.toFixed(1)} ms, p99 ${sync.p99.toFixed(1)} ms over ${sync.samples} timers`,
    );
    expect(slow.samples).toBeGreaterThan(5);
    expect(slow.max).toBeLessThan(5 + longestStep + 30);
    expect(steps).toBe(5000);
    expect(sync.samples).toBeGreaterThan(10);
    expect(sync.p99).toBeLessThan(30);
    expect(sync.max).toBeLessThan(80);
  }, 30_000);
});
