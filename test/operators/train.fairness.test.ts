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

// Long training never starves the event loop: the design target is one 5 ms slice plus one step.
// The CPU-time lag (how long our own work held a timer back) is held to that; the wall-clock lag
// also counts the time the OS gives the CPU to other processes on this shared two-core machine,
// so its bound is looser ("tens of milliseconds").
type Lag = Awaited<ReturnType<typeof eventLoopLag>>;
const expectFair = (lag: Lag, minSamples: number, longestStep = 1) => {
  expect(lag.samples).toBeGreaterThan(minSamples);
  // p99 alone on a quiet machine: ~5 ms on Node 20, ~11 ms on Node 24 (V8 13: longer pauses between
  // slices, not yet explained), 15–18 ms on Node 24 beside another test file. Starvation would be
  // seconds; the bound keeps "tens of milliseconds" with room for Node 24.
  expect(lag.cpu.p99).toBeLessThan(5 + longestStep + 25);
  // A lone timer may also wait out a major GC on a loaded machine: one CI run (load average 4,
  // two test files at once) saw 78 ms of wall lag, most of it GC. Still far from starvation, which
  // would be seconds.
  expect(lag.cpu.max).toBeLessThan(5 + longestStep + 100);
  expect(lag.wall.p99).toBeLessThan(5 + longestStep + 60);
};
const describeLag = (lag: Lag) =>
  `wall max ${lag.wall.max.toFixed(1)} ms, p99 ${lag.wall.p99.toFixed(1)} ms; CPU-time max ${lag.cpu.max.toFixed(1)} ms, p99 ${lag.cpu.p99.toFixed(1)} ms; ${lag.samples} timers`;
const seedFit = (seed = 1) => fromFunction({ target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100, seed });

// Timings on a shared two-core machine: another process's burst can fail one try; starvation (a
// slice that never yields) fails every try, so a retry keeps the test meaningful and CI honest.
describe('event-loop fairness', { retry: 2 }, () => {
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
    console.log(`event-loop lag during 2 s of training on ${engine.name} (${run.history().length} steps, ${snapshots} snapshots): ${describeLag(lag)}`);
    expect(run.history().length).toBeGreaterThan(100);
    expect(snapshots).toBeGreaterThan(5);
    expectFair(lag, 100);
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
    console.log(`event-loop lag, mathjs engine for 1 s (longest step ${longestStep.toFixed(1)} ms): ${describeLag(slow)}`);
    console.log(`event-loop lag, from(array) of 5000 batches on ${engine.name}: ${describeLag(sync)}`);
    expectFair(slow, 5, longestStep);
    expect(steps).toBe(5000);
    expectFair(sync, 10);
  }, 30_000);
});
