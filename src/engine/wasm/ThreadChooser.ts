/**
 * Picks, step after step, the faster of a threaded and a single-threaded run of a fused step
 * (`threads: 'auto'`), from running means of their wall times: the current choice runs, and every
 * {@link ThreadChooser.probeEvery}th step the other one, so a change of the machine's load is seen
 * within a few hundred steps. A threaded step right after a single-threaded one is not timed
 * (the workers may have gone to sleep, and waking them is not what a threaded step costs), so a
 * probe of threads runs two steps. Threads are chosen until a single-thread step has been timed.
 *
 * @example
 * const chooser = new ThreadChooser();
 * const threaded = chooser.threaded();
 * const start = performance.now();
 * threaded ? runThreaded() : runSingle();
 * chooser.record(threaded, performance.now() - start);
 */
export class ThreadChooser {
  static readonly probeEvery = 64;
  #steps = 0;
  #threadedMs = 0;
  #singleMs = Infinity;
  /** Steps left of a probe of threads, the first of which only wakes the workers. */
  #probing = 0;
  /** Whether the last step was threaded: if not, the workers may be asleep. */
  #warm = false;

  threaded(): boolean {
    if (this.#probing > 0) return true;
    const preferThreads = this.#threadedMs <= this.#singleMs;
    if (++this.#steps % ThreadChooser.probeEvery !== 0) return preferThreads;
    if (preferThreads) return false;
    this.#probing = 2;
    return true;
  }

  record(threaded: boolean, ms: number): void {
    if (this.#probing > 0) this.#probing--;
    // A threaded step after a single-threaded one includes waking the workers: not counted.
    if (threaded && this.#warm) this.#threadedMs = mean(this.#threadedMs, ms);
    if (!threaded) this.#singleMs = this.#singleMs === Infinity ? ms : mean(this.#singleMs, ms);
    this.#warm = threaded;
  }
}

/**
 * A running mean that follows the last few values. Each value counts as at most twice the mean, so
 * one step the OS interrupted cannot flip the choice (and cost 64 steps of the slower kind), while
 * a lasting change still moves the mean by up to a quarter a step.
 */
const mean = (previous: number, value: number): number => (previous === 0 ? value : previous + 0.25 * (Math.min(value, 2 * previous) - previous));
