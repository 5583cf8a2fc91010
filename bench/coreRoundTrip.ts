import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/**
 * A spin ping-pong between this thread and a worker: one Int32 each way through shared memory,
 * nothing slept. What it costs depends on where the two threads run: on one 2-vCPU cloud host it
 * read either about 250 ns or about 950 ns, and a [2,100,100,1] step on two threads reached
 * 1.6–1.7× one thread with the first and 1.1–1.3× with the second, so the bench prints it beside
 * the threaded rows. `close()` ends the worker.
 *
 * @example
 * const roundTrip = await CoreRoundTrip.start();
 * roundTrip.measure(); // ns, e.g. 250
 * await roundTrip.close();
 */
export class CoreRoundTrip {
  readonly #flags: Int32Array;
  readonly #worker: Worker;
  #request = 0;

  private constructor(flags: Int32Array, worker: Worker) {
    this.#flags = flags;
    this.#worker = worker;
  }

  /** Starts the worker and resolves once it answers. */
  static async start(): Promise<CoreRoundTrip> {
    const flags = new Int32Array(new SharedArrayBuffer(256));
    // The answer sits a cache line (64 bytes) away from the request, as two threads' flags would.
    // Between measurements the worker sleeps (a spinning one would take a core from the bench).
    const worker = new Worker(
      `const { workerData: flags } = require('node:worker_threads');
      for (let seen = 0; seen >= 0; ) {
        for (let spins = 0; Atomics.load(flags, 0) === seen; ) if (++spins > 100000) Atomics.wait(flags, 0, seen);
        seen = Atomics.load(flags, 0);
        Atomics.store(flags, 16, seen);
      }`,
      { eval: true, workerData: flags },
    );
    // Spinning before the worker runs would hold this thread's core through the worker's start-up.
    await once(worker, 'online');
    worker.unref();
    const roundTrip = new CoreRoundTrip(flags, worker);
    roundTrip.measure(100);
    return roundTrip;
  }

  /** ns per round trip, the mean over `rounds` after as many untimed ones. */
  measure(rounds = 20_000): number {
    this.#pingPong(rounds);
    const start = performance.now();
    this.#pingPong(rounds);
    return ((performance.now() - start) * 1e6) / rounds;
  }

  #pingPong(rounds: number): void {
    const flags = this.#flags;
    for (let k = 0; k < rounds; k++) {
      const request = ++this.#request;
      Atomics.store(flags, 0, request);
      // The worker sleeps after a long wait without a request (this thread descheduled, or
      // between measurements): wake it then, not on every request (a notify costs a lock).
      for (let polls = 0; Atomics.load(flags, 16) !== request; ) if (++polls % 65_536 === 0) Atomics.notify(flags, 0);
    }
  }

  /** Ends the worker. */
  async close(): Promise<void> {
    Atomics.store(this.#flags, 0, -1);
    Atomics.notify(this.#flags, 0);
    await this.#worker.terminate();
  }
}
