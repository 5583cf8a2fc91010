import { setImmediate as turn } from 'node:timers/promises';

/**
 * Runs `step` `steps` times and returns the µs per step, handing the event loop a turn
 * (`setImmediate`) after every `sliceMs` of work, as the training pipeline's scheduler does.
 *
 * Why every timed loop of the bench yields: V8's incremental marking runs as event-loop tasks, so
 * a loop that never yields leaves the marking its own garbage started for whichever runner yields
 * next. On [784,256,10], whose sampler makes a fresh 1.6 MB batch each step, that moved 6–14% of a
 * step from engine-only rows onto the pipeline rows measured after them, while each alone, in a
 * process of its own, ran within about 1% of the other. Yielding makes each runner pay for its own
 * garbage in its own window; a turn costs a few µs per slice, well under 0.1%.
 *
 * @example
 * const usPerStep = await slicedLoop(1000, () => net.trainBatch(sample()));
 */
export async function slicedLoop(steps: number, step: () => unknown, sliceMs = 5): Promise<number> {
  const start = performance.now();
  for (let k = 0; k < steps; ) {
    const sliceEnd = performance.now() + sliceMs;
    do step();
    while (++k < steps && performance.now() < sliceEnd);
    if (k < steps) await turn();
  }
  return ((performance.now() - start) * 1000) / steps;
}
