import { describe, expect, it } from 'vitest';
import { pauseImport } from '../../../src/engine/wasm/WorkerPool.js';

// `pause` is how a thread waiting inside a threaded step gives its core away on a crowded machine
// (more runnable threads than cores), where spinning on would hold it for a whole time slice.
describe('pauseImport', () => {
  it('blocks briefly while the value is unchanged, and not at all once it has changed', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const i32 = new Int32Array(memory.buffer);
    i32[4] = 7;
    const pause = pauseImport(memory);
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

  it('is a no-op on memory that is not shared', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const pause = pauseImport(memory);
    let quickest = Infinity;
    for (let k = 0; k < 20; k++) {
      const start = performance.now();
      pause(0, 0);
      quickest = Math.min(quickest, performance.now() - start);
    }
    expect(quickest).toBeLessThan(0.05);
  });
});
