// Worker threads on one shared memory: the host thread (tid 0) and T − 1 workers run the two phases
// of a step, separated by one barrier; the host then waits for the workers to finish phase 2.
// Only compiled into the shared-memory builds (ASC_FEATURE_THREADS).

import { phase1, phase2, planCost } from './step';

// Control block, byte offsets (written by src/engine/wasm/WorkerPool.ts).
const C_START: usize = 0; // bumped by the host to start a step
const C_ARRIVED: usize = 4; // threads at the barrier
const C_BARRIER: usize = 8; // barrier generation
const C_DONE: usize = 12; // workers done with phase 2
const C_PLAN: usize = 16;
const C_PRECISION: usize = 20; // 0 f64, 1 f32
const C_THREADS: usize = 24;
const C_READY: usize = 28; // workers that have entered workerLoop
const C_SCRATCH: usize = 32; // thread t's scratch is C_SCRATCH + t · C_SCRATCH_STRIDE
const C_SCRATCH_STRIDE: usize = 36;
const C_ETA: usize = 40; // f64

/** Spins before a worker sleeps: a training loop comes back within microseconds, a futex costs more. */
const SPIN: i32 = 1 << 17;

/** Waits until the i32 at ptr differs from `seen`; only workers may sleep (a browser's main thread must not). */
function awaitChange(ptr: usize, seen: i32, maySleep: bool): i32 {
  let spins = 0;
  let now = atomic.load<i32>(ptr);
  while (now == seen) {
    if (maySleep && ++spins > SPIN) {
      atomic.wait<i32>(ptr, seen, -1);
      spins = 0;
    }
    now = atomic.load<i32>(ptr);
  }
  return now;
}

function barrier(ctrl: usize, threads: i32, maySleep: bool): void {
  const generation = atomic.load<i32>(ctrl + C_BARRIER);
  if (atomic.add<i32>(ctrl + C_ARRIVED, 1) == threads - 1) {
    atomic.store<i32>(ctrl + C_ARRIVED, 0);
    atomic.add<i32>(ctrl + C_BARRIER, 1);
    atomic.notify(ctrl + C_BARRIER);
  } else {
    awaitChange(ctrl + C_BARRIER, generation, maySleep);
  }
}

// @ts-ignore: decorator
@inline function scratchOf(ctrl: usize, tid: i32): usize {
  return <usize>load<i32>(ctrl + C_SCRATCH) + <usize>tid * <usize>load<i32>(ctrl + C_SCRATCH_STRIDE);
}

function runShare<T>(ctrl: usize, tid: i32, maySleep: bool): void {
  const plan = <usize>load<i32>(ctrl + C_PLAN);
  const threads = load<i32>(ctrl + C_THREADS);
  const scratch = scratchOf(ctrl, tid);
  phase1<T>(plan, tid, threads, scratch);
  barrier(ctrl, threads, maySleep);
  phase2<T>(plan, tid, threads, load<f64>(ctrl + C_ETA), scratch);
}

/** The host's side of a threaded step (plan, threads, scratch and precision already in ctrl). */
export function hostStep<T>(ctrl: usize, eta: f64): f64 {
  store<f64>(ctrl + C_ETA, eta);
  atomic.add<i32>(ctrl + C_START, 1);
  atomic.notify(ctrl + C_START);
  runShare<T>(ctrl, 0, false);
  const workers = load<i32>(ctrl + C_THREADS) - 1;
  let done = atomic.load<i32>(ctrl + C_DONE);
  while (done < workers) done = atomic.load<i32>(ctrl + C_DONE);
  atomic.store<i32>(ctrl + C_DONE, 0);
  return planCost(<usize>load<i32>(ctrl + C_PLAN));
}

/** A worker's whole life: wait for a step, run its share, report, repeat. Ends when the host terminates it. */
export function workerLoop(ctrl: usize, tid: i32, seen: i32): void {
  atomic.add<i32>(ctrl + C_READY, 1);
  while (true) {
    seen = awaitChange(ctrl + C_START, seen, true);
    if (load<i32>(ctrl + C_PRECISION) == 0) runShare<f64>(ctrl, tid, true);
    else runShare<f32>(ctrl, tid, true);
    atomic.add<i32>(ctrl + C_DONE, 1);
  }
}
