import { isNode, nodeModule } from './runtime.js';

// Control-block layout shared with assembly/threads.ts (byte offsets).
const C_START = 0;
const C_PLAN = 16;
const C_PRECISION = 20;
const C_THREADS = 24;
const C_READY = 28;
const C_SCRATCH = 32;
const C_SCRATCH_STRIDE = 36;
const C_ETA = 40;
/** Bytes of the control block (C_ETA, an f64, ends at 48). */
export const controlBlockBytes = 64;

/**
 * Polls of the start counter before a worker sleeps: a training loop starts the next step within
 * microseconds (sampling), and waking a sleeping thread costs more; a long spin would burn a core
 * that someone else may need.
 */
const SPIN = 1 << 16;

/** How long one `pause` (see {@link syncImports}) may block, in ms: a bound, in case a wake-up is missed. */
const PAUSE_MS = 0.1;

/** The imports by which threads inside a step wait for each other without holding a core. */
export interface SyncImports {
  /** Blocks for up to 0.1 ms unless the i32 at byte `addr` no longer holds `value`, or until woken. */
  pause(addr: number, value: number): void;
  /** Wakes the threads paused on the i32 at byte `addr`. */
  wake(addr: number): void;
}

/**
 * `env.pause` and `env.wake` of the shared-memory builds (assembly/threads.ts): a thread waiting
 * inside a step spins, then pauses (Atomics.wait), so that a partner descheduled on a crowded
 * machine gets its core at once, not after the spinner's time slice; the thread it waits for wakes
 * it (Atomics.notify). `pause` is a no-op where the thread may not block (a browser's main
 * thread) or the memory is not shared.
 *
 * @example
 * const { exports } = await WebAssembly.instantiate(module, { env: { memory, ...syncImports(memory) } });
 */
export function syncImports(memory: WebAssembly.Memory): SyncImports {
  const noop = (): void => {};
  if (typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) return { pause: noop, wake: noop };
  const i32 = new Int32Array(memory.buffer);
  const wake = (addr: number): void => void Atomics.notify(i32, addr >>> 2);
  try {
    // Atomics.wait throws where blocking is not allowed, before it looks at the value.
    Atomics.wait(i32, 0, Atomics.load(i32, 0) ^ 1, 0);
  } catch {
    return { pause: noop, wake };
  }
  return { pause: (addr, value) => void Atomics.wait(i32, addr >>> 2, value, PAUSE_MS), wake };
}

/**
 * The worker's whole program: instantiate the shared module on the shared memory, check in
 * (the ready counter), then forever wait for the host to start a step (spin, then Atomics.wait)
 * and run this thread's share (`workerStep`). The waiting is here and not in WebAssembly because
 * Node 20's baseline wasm compiler mis-compiles code after atomic.notify/wait (see
 * assembly/threads.ts). Inline, so it runs the same from TypeScript sources, a build or a bundle,
 * under Node (eval worker) or in a browser (blob URL). The pool terminates it.
 */
const workerSource = `
const start = (d) => {
  const i32 = new Int32Array(d.memory.buffer);
  const pause = (addr, value) => void Atomics.wait(i32, addr >>> 2, value, ${PAUSE_MS});
  const wake = (addr) => void Atomics.notify(i32, addr >>> 2);
  const { workerStep } = new WebAssembly.Instance(d.module, { env: { memory: d.memory, pause, wake } }).exports;
  const at = (d.ctrl + ${C_START}) >> 2;
  Atomics.add(i32, (d.ctrl + ${C_READY}) >> 2, 1);
  for (let seen = d.seen; ; ) {
    let spins = 0;
    let now = Atomics.load(i32, at);
    while (now === seen) {
      if (++spins > ${SPIN}) {
        Atomics.wait(i32, at, seen);
        spins = 0;
      }
      now = Atomics.load(i32, at);
    }
    seen = now;
    workerStep(d.ctrl, d.tid);
  }
};
if (typeof process === 'object' && process.versions?.node) import('node:worker_threads').then((wt) => start(wt.workerData));
else self.onmessage = (event) => start(event.data);
`;

/** What a worker needs to join: the module, the memory, the control block, its thread id and the start counter it has seen. */
export interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctrl: number;
  tid: number;
  seen: number;
}

/** A started worker: how to stop it, and how to hear that it failed. */
export interface SpawnedWorker {
  terminate(): unknown;
  onError(listener: (error: unknown) => void): void;
}

/** Starts one worker running {@link workerSource}. */
export type SpawnWorker = (data: WorkerData) => SpawnedWorker;

/**
 * The way to start workers on this runtime: Node's worker_threads (unref'd, so an idle pool never
 * keeps a process alive) or Web Workers.
 *
 * @example
 * const spawn = await workerSpawner();
 */
export async function workerSpawner(): Promise<SpawnWorker> {
  if (isNode) {
    const { Worker } = await nodeModule<typeof import('node:worker_threads')>('node:worker_threads');
    return (data) => {
      const worker = new Worker(workerSource, { eval: true, workerData: data });
      worker.unref();
      return { terminate: () => worker.terminate(), onError: (listener) => worker.on('error', listener) };
    };
  }
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  return (data) => {
    const worker = new Worker(url);
    worker.postMessage(data);
    return { terminate: () => worker.terminate(), onError: (listener) => worker.addEventListener('error', listener) };
  };
}

/**
 * T − 1 workers that share a step with the calling thread through a control block in shared
 * memory (assembly/threads.ts). Workers start asynchronously; until every one has checked in,
 * {@link WorkerPool.ready} is false and callers run the step on one thread, which gives the same
 * bits (the kernels never reduce in a thread-dependent order).
 *
 * @example
 * const pool = new WorkerPool(spawn, module, memory, ctrl, 2);
 * if (pool.ready) {
 *   pool.start(plan, 0, scratch, stride, eta);
 *   const cost = exports.threadedStep64(ctrl);
 * }
 */
export class WorkerPool {
  readonly #i32: Int32Array;
  readonly #f64: Float64Array;
  readonly #ctrl: number;
  readonly #workers: SpawnedWorker[] = [];
  #ready = false;
  #error: unknown;

  constructor(spawn: SpawnWorker, module: WebAssembly.Module, memory: WebAssembly.Memory, ctrl: number, readonly threads: number) {
    this.#i32 = new Int32Array(memory.buffer);
    this.#f64 = new Float64Array(memory.buffer);
    this.#ctrl = ctrl;
    const seen = Atomics.load(this.#i32, (ctrl + C_START) >> 2);
    this.#i32[(ctrl + C_THREADS) >> 2] = threads;
    for (let tid = 1; tid < threads; tid++) {
      const worker = spawn({ module, memory, ctrl, tid, seen });
      worker.onError((error) => (this.#error ??= error));
      this.#workers.push(worker);
    }
  }

  /** True once every worker waits for work. */
  get ready(): boolean {
    return (this.#ready ||= Atomics.load(this.#i32, (this.#ctrl + C_READY) >> 2) === this.threads - 1);
  }

  /**
   * Resolves when every worker has started (polling: the workers never return to their event loop).
   * Rejects if one fails or none of this happens within `timeoutMs`.
   */
  async whenReady(timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!this.ready) {
      if (this.#error !== undefined) throw new Error('a WebAssembly worker thread failed to start', { cause: this.#error });
      if (performance.now() > deadline) throw new Error(`WebAssembly worker threads did not start within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /**
   * Starts a step on `plan` for the workers (a few stores, so plans can alternate freely, then the
   * start counter and a wake-up for sleeping workers); the caller then runs the host's share.
   */
  start(plan: number, precision: 0 | 1, scratch: number, scratchStride: number, eta: number): void {
    const i32 = this.#i32;
    const base = this.#ctrl >> 2;
    i32[base + (C_PLAN >> 2)] = plan;
    i32[base + (C_PRECISION >> 2)] = precision;
    i32[base + (C_SCRATCH >> 2)] = scratch;
    i32[base + (C_SCRATCH_STRIDE >> 2)] = scratchStride;
    this.#f64[(this.#ctrl + C_ETA) >> 3] = eta;
    Atomics.add(i32, base + (C_START >> 2), 1);
    Atomics.notify(i32, base + (C_START >> 2));
  }

  terminate(): void {
    for (const worker of this.#workers.splice(0)) worker.terminate();
  }
}
