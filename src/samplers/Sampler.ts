import type { Observable, SchedulerLike } from 'rxjs';

/**
 * An axis-aligned box: one `[lo, hi]` per input dimension.
 *
 * @example
 * const unitSquare: Box = [[-0.5, 0.5], [-0.5, 0.5]];
 */
export type Box = readonly (readonly [number, number])[];

/**
 * A stream of batches that knows the input region it covers, so snapshots can default their grid
 * to it. Any `Observable<Batch>` is a valid batch source; `box` is a bonus that rxprop's samplers
 * add (it does not survive `pipe`, which makes a plain Observable).
 *
 * @example
 * const s = fromFunction({ target: 'x*y', box: [[0, 1], [0, 2]], batchSize: 10, seed: 1 });
 * s.box; // [[0, 1], [0, 2]]
 */
export interface Sampler<T> extends Observable<T> {
  readonly box: Box | undefined;
}

/**
 * Options every rxprop sampler takes.
 *
 * @example
 * fixedBatch(batch, { scheduler: testScheduler });
 */
export interface SamplerOptions {
  /**
   * Emits one batch per scheduled action. Default: the shared `timeSliceScheduler`, which runs
   * actions back to back for a few milliseconds and then lets the event loop turn, so an endless
   * sampler never blocks timers or I/O.
   */
  readonly scheduler?: SchedulerLike;
}

/**
 * Attaches `box` to a batch stream.
 *
 * @example
 * const s = withBox(defer(() => scheduled(batches, scheduler)), [[-1, 1]]);
 */
export function withBox<T>(source: Observable<T>, box: Box | undefined): Sampler<T> {
  return Object.assign(source, { box });
}

/**
 * The box a batch source declares, if it is an rxprop sampler.
 *
 * @example
 * boxOf(fromFunction({ … box: [[0, 1], [0, 1]] … })); // [[0, 1], [0, 1]]
 */
export function boxOf(source: Observable<unknown>): Box | undefined {
  return (source as Partial<Sampler<unknown>>).box;
}
