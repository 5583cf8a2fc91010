// What handing work between two cores costs on this machine: the round trip of a spin ping-pong
// between the main thread and a worker (one Int32 each way, nothing slept), and the extra time
// when the worker also reads a block the main thread has just written (one double per 64-byte
// line, so every line crosses). A two-thread training step pays both: its start, barrier and end
// are handoffs, and each thread reads the weights, deltas and activations the other wrote.
// Usage: npx tsx bench/thread-handoff.ts [KB, default 80: one 100×100 f64 weight matrix]
import { Worker } from 'node:worker_threads';

const kb = Number(process.argv[2] ?? 80);
const sab = new SharedArrayBuffer(256 + kb * 1024);
const flags = new Int32Array(sab, 0, 64);
const block = new Float64Array(sab, 256, kb * 128);
// The worker answers each odd request after reading every line of the block, each even one at once.
const worker = new Worker(
  `const { workerData } = require('node:worker_threads');
  const flags = new Int32Array(workerData.sab, 0, 64);
  const block = new Float64Array(workerData.sab, 256, workerData.n);
  for (let seen = 0; ; ) {
    while (Atomics.load(flags, 0) === seen) {}
    seen = Atomics.load(flags, 0);
    if (seen < 0) break;
    let sum = 0;
    if (seen % 2 === 1) for (let i = 0; i < block.length; i += 8) sum += block[i];
    Atomics.store(flags, 17, sum | 0); // the sum is stored so the reads are not optimised away
    Atomics.store(flags, 16, seen);
  }`,
  { eval: true, workerData: { sab, n: block.length } },
);
await new Promise((resolve) => setTimeout(resolve, 200));

let request = 0;
/** The next request: odd asks the worker to read the block, even to answer at once. */
const next = (read: boolean): number => (request += (request + 1) % 2 === (read ? 1 : 0) ? 1 : 2);
/** µs per handoff of `rounds` requests, the block rewritten before each; `read`: the worker reads it. */
function handoffs(rounds: number, read: boolean): number {
  const start = performance.now();
  for (let k = 0; k < rounds; k++) {
    for (let i = 0; i < block.length; i += 8) block[i] = k;
    Atomics.store(flags, 0, next(read));
    while (Atomics.load(flags, 16) !== request) {}
  }
  return ((performance.now() - start) * 1000) / rounds;
}
/** ns per round trip with nothing to read or write. */
function pingPong(rounds: number): number {
  const start = performance.now();
  for (let k = 0; k < rounds; k++) {
    Atomics.store(flags, 0, next(false));
    while (Atomics.load(flags, 16) !== request) {}
  }
  return ((performance.now() - start) * 1e6) / rounds;
}
for (let round = 0; round < 3; round++) {
  const ping = pingPong(100_000);
  const quiet = handoffs(2000, false);
  const read = handoffs(2000, true);
  console.log(`round trip ${ping.toFixed(0)} ns; ${kb} KB written, then: not read ${quiet.toFixed(2)} µs, read by the other core ${read.toFixed(2)} µs`);
}
Atomics.store(flags, 0, -1);
await worker.terminate();
