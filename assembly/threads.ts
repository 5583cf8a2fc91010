// Worker threads on one shared memory: the host thread (tid 0) and T − 1 workers run the two phases
// of a step, separated by one barrier; the host then waits for the workers to finish phase 2.
// Only compiled into the shared-memory builds (ASC_FEATURE_THREADS).
//
// Starting a step, and sleeping while none comes, is done in JavaScript (Atomics.wait/notify in
// src/engine/wasm/WorkerPool.ts): Node 20's baseline wasm compiler (Liftoff) mis-compiles code
// after `memory.atomic.notify` (a register holding a local is clobbered), and every function runs
// its first calls on that compiler. Inside a step both waits are short, so they spin; but a thread
// may be descheduled (more runnable threads than cores), and a partner that spun on would hold
// its core for a whole time slice, milliseconds, so after a while a wait gives the core away
// through the host's `pause` (Atomics.wait, an ordinary import call).

import { phase1, phase2, planCost } from './step';

// Control block, byte offsets (shared with src/engine/wasm/WorkerPool.ts).
const C_ARRIVED: usize = 4; // threads at the barrier
const C_BARRIER: usize = 8; // barrier generation
const C_DONE: usize = 12; // workers done with phase 2
const C_PLAN: usize = 16;
const C_PRECISION: usize = 20; // 0 f64, 1 f32
const C_THREADS: usize = 24;
const C_SCRATCH: usize = 32; // thread t's scratch is C_SCRATCH + t · C_SCRATCH_STRIDE
const C_SCRATCH_STRIDE: usize = 36;
const C_ETA: usize = 40; // f64

/**
 * Blocks the thread for a moment (at most 0.1 ms, less if woken) unless the i32 at `addr` no
 * longer holds `value`: Atomics.wait with a timeout (src/engine/wasm/WorkerPool.ts); a no-op on a
 * thread that may not block (a browser's main thread), which then spins.
 */
// @ts-ignore: decorator
@external("env", "pause")
declare function pause(addr: usize, value: i32): void;

/** Wakes the threads paused on the i32 at `addr` (Atomics.notify; about 0.1 µs when none is). */
// @ts-ignore: decorator
@external("env", "wake")
declare function wake(addr: usize): void;

/** Polls before a wait starts pausing: about 0.1 ms, more than threads' shares of a step differ by. */
const SPIN: i32 = 1 << 17;

/** Returns once the i32 at `addr` differs from `value`. */
function awaitChange(addr: usize, value: i32): void {
  let spins = 0;
  while (atomic.load<i32>(addr) == value) {
    if (++spins > SPIN) pause(addr, value);
  }
}

function barrier(ctrl: usize, threads: i32): void {
  const generation = atomic.load<i32>(ctrl + C_BARRIER);
  if (atomic.add<i32>(ctrl + C_ARRIVED, 1) == threads - 1) {
    atomic.store<i32>(ctrl + C_ARRIVED, 0);
    atomic.add<i32>(ctrl + C_BARRIER, 1);
    wake(ctrl + C_BARRIER);
  } else {
    awaitChange(ctrl + C_BARRIER, generation);
  }
}

function runShare<T>(ctrl: usize, tid: i32): void {
  const plan = <usize>load<i32>(ctrl + C_PLAN);
  const threads = load<i32>(ctrl + C_THREADS);
  const scratch = <usize>load<i32>(ctrl + C_SCRATCH) + <usize>tid * <usize>load<i32>(ctrl + C_SCRATCH_STRIDE);
  phase1<T>(plan, tid, threads, scratch);
  barrier(ctrl, threads);
  phase2<T>(plan, tid, threads, load<f64>(ctrl + C_ETA), scratch);
}

/** The host's share of a step the host has just started (ctrl filled in, start counter bumped); returns the cost. */
export function hostStep<T>(ctrl: usize): f64 {
  runShare<T>(ctrl, 0);
  // Phase 2 splits evenly, so this wait is short.
  const workers = load<i32>(ctrl + C_THREADS) - 1;
  for (let done = atomic.load<i32>(ctrl + C_DONE); done < workers; done = atomic.load<i32>(ctrl + C_DONE)) awaitChange(ctrl + C_DONE, done);
  atomic.store<i32>(ctrl + C_DONE, 0);
  return planCost(<usize>load<i32>(ctrl + C_PLAN));
}

/** A worker's share of the step the host has started, then its report. */
export function workerStep(ctrl: usize, tid: i32): void {
  if (load<i32>(ctrl + C_PRECISION) == 0) runShare<f64>(ctrl, tid);
  else runShare<f32>(ctrl, tid);
  atomic.add<i32>(ctrl + C_DONE, 1);
  wake(ctrl + C_DONE);
}
