import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { syncImports } from '../../../src/engine/wasm/WorkerPool.js';

// `pause` and `wake` are how threads inside a threaded step wait for each other on a crowded
// machine (more runnable threads than cores), where spinning on would hold a core for a whole
// time slice while the partner it waits for is descheduled.
describe('syncImports', () => {
  const sharedMemory = () => new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });

  it('pause blocks briefly while the value is unchanged, and not at all once it has changed', () => {
    const memory = sharedMemory();
    new Int32Array(memory.buffer)[4] = 7;
    const { pause } = syncImports(memory);
    // The quickest of 20 calls: a loaded machine can only make a call slower.
    const quickest = (value: number): number => {
      let best = Infinity;
      for (let k = 0; k < 20; k++) {
        const start = performance.now();
        pause(16, value);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    // Unchanged: every call sleeps out its 0.1 ms timeout.
    expect(quickest(7)).toBeGreaterThan(0.09);
    // Changed: Atomics.wait returns "not-equal" at once.
    expect(quickest(8)).toBeLessThan(0.05);
  });

  it('wake wakes a thread waiting on the same address', async () => {
    const memory = sharedMemory();
    const { wake } = syncImports(memory);
    // The worker announces itself at byte 0, then waits (up to 10 s) on byte 16 and reports how long.
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const i32 = new Int32Array(workerData.buffer);
       Atomics.store(i32, 0, 1);
       const start = performance.now();
       const outcome = Atomics.wait(i32, 4, 0, 10000);
       parentPort.postMessage({ outcome, ms: performance.now() - start });`,
      { eval: true, workerData: memory },
    );
    try {
      const i32 = new Int32Array(memory.buffer);
      const reply = new Promise<{ outcome: string; ms: number }>((resolve) => worker.once('message', resolve));
      while (Atomics.load(i32, 0) !== 1) await new Promise((r) => setTimeout(r, 1));
      // Keep waking until the worker's wait has begun and ends (it may not be asleep yet at first).
      let answer: { outcome: string; ms: number } | undefined;
      void reply.then((r) => (answer = r));
      while (answer === undefined) {
        wake(16);
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(answer.outcome).toBe('ok');
      expect(answer.ms).toBeLessThan(5000);
    } finally {
      await worker.terminate();
    }
  });

  it('is a no-op on memory that is not shared', () => {
    const { pause, wake } = syncImports(new WebAssembly.Memory({ initial: 1 }));
    let quickest = Infinity;
    for (let k = 0; k < 20; k++) {
      const start = performance.now();
      pause(0, 0);
      wake(0);
      quickest = Math.min(quickest, performance.now() - start);
    }
    expect(quickest).toBeLessThan(0.05);
  });
});
