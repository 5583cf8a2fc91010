/**
 * RxJS overhead of the training pipeline: steps/second of `fromBatches(list).pipe(train(net))`
 * against `net.trainBatch` called in a plain loop on the same batches, on the same engine, plus
 * the end-to-end seed fit with the sampler (mathjs-expression targets) for context. Rounds
 * alternate the variants; the best and the median round are reported.
 *
 *   npx tsx bench/pipeline-overhead.ts [--engine wasm] [--steps 10000] [--rounds 5] [--sizes 2,100,1]
 */
import { lastValueFrom, type Observable } from 'rxjs';
import { createEngine } from '../src/engine/createEngine.js';
import type { Batch } from '../src/network/Batch.js';
import { Network } from '../src/network/Network.js';
import { train, type TrainOptions } from '../src/operators/train.js';
import type { TrainStep } from '../src/operators/TrainStep.js';
import { seededRandom } from '../src/random/Random.js';
import { fromBatches } from '../src/samplers/fromBatches.js';
import { fromFunction } from '../src/samplers/fromFunction.js';
import { eventLoopLag } from './eventLoopLag.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const engineName = arg('engine', 'wasm');
const steps = Number(arg('steps', '10000'));
const rounds = Number(arg('rounds', '5'));
const layers = arg('sizes', '2,100,1').split(',').map(Number);

const engine = await createEngine(engineName);
const spec = { layers, activations: 'relu', init: { weights: { type: 'uniform', scale: 0.1 }, biases: { type: 'zeros' } } } as const;
const makeNet = () => Network.create(spec, { engine, random: seededRandom(1) });
const sampler = () => fromFunction({ target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100, seed: 1 });
const list: Batch[] = [];
const source = sampler();
await new Promise<void>((resolve) => {
  const sub = source.subscribe((b) => {
    list.push(b);
    if (list.length === steps) {
      sub.unsubscribe();
      resolve();
    }
  });
});

const time = async (run: () => unknown): Promise<number> => {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
};
const pipeline = (batches$: Observable<Batch>, options: Partial<TrainOptions> = {}) => () =>
  lastValueFrom(batches$.pipe(train(makeNet, { eta: 0.001, steps, ...options })) as Observable<TrainStep>);

const variants: Record<string, () => unknown> = {
  'trainBatch loop': () => {
    const net = makeNet();
    for (const b of list) net.trainBatch(b, 0.001);
  },
  // The same loop, handing the event loop back every 5 ms as the pipeline does: the price of fairness.
  'trainBatch loop, yielding every 5 ms': async () => {
    const net = makeNet();
    for (let i = 0; i < list.length; ) {
      const t0 = performance.now();
      while (i < list.length && performance.now() - t0 < 5) net.trainBatch(list[i++]!, 0.001);
      await new Promise((resolve) => setImmediate(resolve));
    }
  },
  'fromBatches → train': pipeline(fromBatches(list)),
  'fromBatches → train, checkEvery 0': pipeline(fromBatches(list), { checkEvery: 0 }),
  'fromFunction → train (sampling included)': pipeline(sampler()),
};
// The plumbing alone: the pipeline around a network whose step costs nothing.
const noop = makeNet();
noop.trainBatch = () => 0.01;
let plumbing = Infinity;
for (let r = 0; r < 5; r++) plumbing = Math.min(plumbing, await time(() => lastValueFrom(fromBatches(list).pipe(train(noop, { eta: 0.001 })))));
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (const run of Object.values(variants)) await run(); // warm-up
for (let r = 0; r < rounds; r++) for (const [name, run] of Object.entries(variants)) samples[name]!.push(await time(run));

// The minimum estimates the intrinsic cost on a shared machine; the median shows the spread.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = Math.min(...samples['trainBatch loop']!);
const baseMedian = median(samples['trainBatch loop']!);
console.log(`engine ${engine.name}, layers ${layers.join('-')}, batch 100, ${steps} steps, best (median) of ${rounds} alternating rounds`);
for (const [name, xs] of Object.entries(samples)) {
  const [best, mid] = [Math.min(...xs), median(xs)];
  const pct = (ms: number, ref: number) => `${((ms / ref - 1) * 100).toFixed(1)}%`;
  const overhead = name === 'trainBatch loop' ? '' : `  ${pct(best, base)} (${pct(mid, baseMedian)}) vs loop`;
  console.log(`${name.padEnd(42)} ${((steps / best) * 1000).toFixed(0).padStart(7)} (${((steps / mid) * 1000).toFixed(0)}) steps/s  ${((best / steps) * 1000).toFixed(1).padStart(6)} µs/step${overhead}`);
}
console.log(`${'plumbing only (no-op network)'.padEnd(42)} ${((plumbing / steps) * 1000).toFixed(2)} µs/step`);
const lag = await eventLoopLag(pipeline(sampler()));
console.log(`event-loop lag during the sampler run: wall max ${lag.wall.max.toFixed(1)} ms, p99 ${lag.wall.p99.toFixed(1)} ms; CPU-time max ${lag.cpu.max.toFixed(1)} ms, p99 ${lag.cpu.p99.toFixed(1)} ms; ${lag.samples} timers`);
