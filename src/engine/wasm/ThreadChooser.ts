/**
 * Picks, step after step, the faster of a threaded and a single-threaded run of a fused step
 * (`threads: 'auto'`), from running means of their wall times: the current choice runs, and now
 * and then the other one. On one thread, threads are probed every {@link ThreadChooser.probeEvery}th
 * step, so the end of a crowded spell is seen within a few hundred steps. On threads, one thread is
 * probed only every {@link ThreadChooser.singleProbeEvery}th step (after a first probe at the
 * {@link ThreadChooser.probeEvery}th): a crowded machine shows in the threaded steps' own times,
 * which switch the choice by themselves, and a probe costs a whole single-thread step (0.7 % of
 * the steps of a net that threads make 1.6× faster, at every 64th). A threaded step right after a
 * single-threaded one is not timed (the workers may have gone to sleep, and waking them is not
 * what a threaded step costs), so a probe of threads runs two steps. Threads are chosen until a
 * single-thread step has been timed.
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
  static readonly singleProbeEvery = 512;
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
    const every = preferThreads && this.#singleMs !== Infinity ? ThreadChooser.singleProbeEvery : ThreadChooser.probeEvery;
    if (++this.#steps % every !== 0) return preferThreads;
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
