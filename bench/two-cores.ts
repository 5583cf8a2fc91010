// Whether two threads can be twice as fast as one on this machine, and what sharing a step costs.
// Two measurements, wall time, the two cores otherwise idle:
//  1. a register-only multiply-add loop alone, then while a worker runs the same loop: two
//     hardware threads of one core (SMT siblings) would halve it, two cores leave it unchanged;
//  2. the [2,100,100,1] f64 step on one thread alone, then while a second process runs the same
//     step on its own data: what two cores give work that shares nothing; then that step on one
//     thread against two threads sharing it, interleaved: the gap is what sharing costs (per
//     line handed over: bench/thread-handoff.ts).
// Usage: npx tsx bench/two-cores.ts [--seconds 3]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Command } from 'commander';
import { wasmEngine } from '../src/engine/wasm/wasmEngine.js';
import { Batch } from '../src/network/Batch.js';
import { Network } from '../src/network/Network.js';
import { seededRandom } from '../src/random/Random.js';
import { chainLoop, chainLoopsModule, rerunWithoutLiftoff } from './chainLoops.js';
import { cpuModel } from './cpuModel.js';

rerunWithoutLiftoff(import.meta.url);

const opts = new Command()
  .option('--seconds <s>', 'length of each timed stretch', '3')
  .option('--partner <s>', 'internal: run only the step loop for this many seconds (the second process)')
  .parse()
  .opts<{ seconds: string; partner?: string }>();

/** The [2,100,100,1] f64 ReLU step on `threads` threads, on a fixed batch of 100. */
async function deepStep(threads: number): Promise<() => void> {
  const engine = await wasmEngine({ precision: 'f64', threads, memoryMiB: 64 });
  const random = seededRandom(3);
  const B = 100;
  const batch = Batch.fromArrays(Float64Array.from({ length: 2 * B }, () => random.next() - 0.5), Float64Array.from({ length: B }, () => random.next()), B);
  const net = Network.create({ layers: [2, 100, 100, 1], activations: 'relu' }, { engine, random: seededRandom(1) });
  return () => void net.trainBatch(batch, 0.001);
}

/** The middle value (the upper one of an even count); sorts `a` in place. */
const middle = (a: number[]): number => a.sort((x, y) => x - y)[a.length >> 1]!;

/** Median µs per call of `f` over blocks of `per` calls for `seconds`. */
function medianMicros(f: () => void, per: number, seconds: number): number {
  const blocks: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    for (let k = 0; k < per; k++) f();
    blocks.push(((performance.now() - t) * 1000) / per);
  }
  return middle(blocks);
}

const seconds = Number(opts.seconds);
if (opts.partner !== undefined) {
  const step = await deepStep(1);
  const end = performance.now() + Number(opts.partner) * 1000;
  while (performance.now() < end) for (let k = 0; k < 50; k++) step();
  process.exit(0);
}

console.log(`two cores? ${cpuModel()}, ${seconds} s a measurement, wall time`);

// 1. The arithmetic: separate cores or hardware threads of one.
const module = await chainLoopsModule([chainLoop('fma', 'f64x2', 'f64', (x) => `f64x2.relaxed_madd(${x}, m, m)`)]);
const fma = (new WebAssembly.Instance(module).exports as Record<string, (n: number, seed: number) => number>).fma!;
const fmaNs = (): number => (medianMicros(() => fma(10_000, 1.5), 20, seconds) * 1000) / (8 * 10_000);
const fmaAlone = fmaNs();
const spinner = new Worker(
  `const { workerData, parentPort } = require('node:worker_threads');
   require('node:v8').setFlagsFromString('--experimental-wasm-relaxed-simd');
   const { fma } = new WebAssembly.Instance(workerData).exports;
   parentPort.postMessage('running');
   for (;;) fma(1e6, 1.5);`,
  { eval: true, workerData: module },
);
await new Promise((resolve) => spinner.once('message', resolve));
const fmaBeside = fmaNs();
await spinner.terminate();
console.log(`multiply-add loop, ns per FMA: alone ${fmaAlone.toFixed(3)}, beside the same loop on another thread ${fmaBeside.toFixed(3)} (${(fmaBeside / fmaAlone).toFixed(2)}×; 2× would mean one core's two hardware threads)`);

// 2. Work that shares nothing, on one core and on two; then the same work shared by two threads.
// The machine's speed drifts (bench/host-noise.ts), so each comparison brackets or interleaves.
const step = await deepStep(1);
const before = medianMicros(step, 20, seconds);
const partner = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--partner', String(seconds + 4)], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 3000)); // its start-up (compiling) is not the steady state
const beside = medianMicros(step, 20, seconds);
await new Promise((resolve) => partner.once('exit', resolve));
const after = medianMicros(step, 20, seconds);
console.log(`[2,100,100,1] f64 step on one thread: alone ${before.toFixed(0)} µs before and ${after.toFixed(0)} µs after; beside another process running the same ${beside.toFixed(0)} µs (${((2 * beside) / (before + after)).toFixed(2)}×)`);
const threaded = await deepStep(2);
const one: number[] = [];
const two: number[] = [];
for (const end = performance.now() + 2 * seconds * 1000; performance.now() < end; ) {
  one.push(medianMicros(step, 20, 0.1));
  two.push(medianMicros(threaded, 20, 0.1));
}
console.log(`the same step, one thread against two sharing it, interleaved: ${middle(one).toFixed(0)} against ${middle(two).toFixed(0)} µs (${(middle(one) / middle(two)).toFixed(2)}×; its 52/48 row split allows ~1.9×)`);

process.exit(0);
