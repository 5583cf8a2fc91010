import { Observable, type SchedulerLike } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import type { Batch } from '../network/Batch.js';
import { withBox, type Box, type Sampler } from './Sampler.js';

/**
 * Where a sampler stands, as JSON-safe data: its kind, the batches it has delivered, and what it
 * needs to deliver the next ones exactly (generator states, epoch, position). Checkpoints hold it.
 *
 * @example
 * const state: SamplerState = { kind: 'function', batches: 1200, random: [1, 2, 3, 4] };
 */
export interface SamplerState {
  readonly kind: string;
  /** Batches delivered so far, counting those before any earlier resume. */
  readonly batches: number;
  readonly [field: string]: unknown;
}

/**
 * One subscription's position. A consumer may not have taken the newest batch yet (the train
 * operator queues one when a time slice ends), so the state is known after the newest batch and
 * after the one before it.
 *
 * @example
 * const state = sampler.cursor()?.stateAt(stepsTrained);
 */
export interface SamplerCursor {
  /** Batches emitted so far, counting those before the state this subscription resumed from. */
  readonly emitted: number;
  /** The state after the first `count` batches when `count` is `emitted` or `emitted − 1`; else undefined. */
  stateAt(count: number): SamplerState | undefined;
}

/**
 * A sampler that can say where it stands and start again from there: what checkpoints and
 * `resumeFrom` use. rxprop's seeded samplers are resumable; a resumed sampler delivers exactly the
 * batches the original would have delivered next.
 *
 * @example
 * const later = sampler.resume(sampler.cursor()!.stateAt(100)!); // the 101st batch onwards
 */
export interface ResumableSampler<T = Batch> extends Sampler<T> {
  /** The position of the latest subscription (undefined before the first). */
  cursor(): SamplerCursor | undefined;
  /** The same sampler, its subscriptions starting from `state` (an InputError when the state is not one of its kind). */
  resume(state: SamplerState): ResumableSampler<T>;
}

/**
 * A batch source with its position: `next()` gives the next batch (undefined: no more).
 *
 * @example
 * const cursor: BatchCursor = { emitted: 0, next: () => batch, stateAt: (n) => ({ kind: 'fixed', batches: n }) };
 */
export interface BatchCursor extends SamplerCursor {
  next(): Batch | undefined;
}

/**
 * Whether a batch stream is a {@link ResumableSampler}.
 *
 * @example
 * if (!isResumable(batches$)) throw new Error('cannot checkpoint this sampler');
 */
export function isResumable<T>(source: Observable<T>): source is ResumableSampler<T> {
  const s = source as Partial<ResumableSampler<T>>;
  return typeof s.cursor === 'function' && typeof s.resume === 'function';
}

/**
 * A resumable sampler from a cursor factory: each subscription opens a cursor (at `from`, or at
 * the start) and emits its batches one per scheduled action, so an endless sampler never blocks
 * the event loop. Cold: every subscription starts from the same place.
 *
 * @example
 * return resumableSampler((state) => new FixedCursor(batch, state), undefined, scheduler);
 */
export function resumableSampler(open: (from: SamplerState | undefined) => BatchCursor, box: Box | undefined, scheduler: SchedulerLike, from?: SamplerState): ResumableSampler<Batch> {
  let latest: BatchCursor | undefined;
  const source = new Observable<Batch>((subscriber) => {
    let cursor: BatchCursor;
    try {
      cursor = latest = open(from);
    } catch (err) {
      subscriber.error(err);
      return;
    }
    // One batch per action, rescheduling itself: the pace of rxjs's `scheduled(iterable)`.
    return scheduler.schedule(function () {
      if (subscriber.closed) return;
      let batch: Batch | undefined;
      try {
        batch = cursor.next();
      } catch (err) {
        subscriber.error(err);
        return;
      }
      if (batch === undefined) return subscriber.complete();
      subscriber.next(batch);
      if (!subscriber.closed) this.schedule();
    });
  });
  return Object.assign(withBox(source, box), {
    cursor: () => latest,
    resume: (state: SamplerState) => resumableSampler(open, box, scheduler, state),
  });
}

/**
 * Checks a saved state's kind and batch count before a cursor opens it; errors name the field.
 *
 * @example
 * const { batches } = checkState(state, 'dataset');
 */
export function checkState(state: SamplerState, kind: string, field = 'sampler'): SamplerState {
  if (typeof state !== 'object' || state === null) throw new InputError(field, `must be a sampler state object, got ${JSON.stringify(state)}`, 'use the state a checkpoint saved');
  if (state.kind !== kind) throw new InputError(`${field}.kind`, `is "${String(state.kind)}" but this sampler is "${kind}"`, 'resume a checkpoint with the sampler that made it');
  if (!(Number.isSafeInteger(state.batches) && state.batches >= 0)) throw new InputError(`${field}.batches`, `must be a whole number ≥ 0, got ${JSON.stringify(state.batches)}`);
  return state;
}

/**
 * The same resumable sampler with another `box` (kept by its resumed copies too): `withBox` for
 * samplers whose box is not their data's bounds (the Playground's plot).
 *
 * @example
 * withResumableBox(fromDataset({ data, batchSize: 10, seed: 1 }), [[-6, 6], [-6, 6]]);
 */
export function withResumableBox<T>(sampler: ResumableSampler<T>, box: Box | undefined): ResumableSampler<T> {
  return Object.assign(withBox(new Observable<T>((subscriber) => sampler.subscribe(subscriber)), box), {
    cursor: () => sampler.cursor(),
    resume: (state: SamplerState) => withResumableBox(sampler.resume(state), box),
  });
}
