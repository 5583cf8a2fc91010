import { InputError } from '../errors/InputError.js';
import { Batch } from '../network/Batch.js';
import { timeSliceScheduler } from '../scheduler/TimeSliceScheduler.js';
import { checkState, resumableSampler, type BatchCursor, type ResumableSampler, type SamplerState } from './ResumableSampler.js';
import type { SamplerOptions } from './Sampler.js';

/**
 * The same batch, forever: the seed's first experiment ("train on one single batch repeatedly").
 * One batch per scheduled action, so it never blocks the event loop; stop it with `take`,
 * `takeWhile` or the train operator's `steps`. Resumable: its state is the count of batches.
 *
 * @example
 * fixedBatch(Batch.of(inputs, targets)).pipe(train(net, { eta: 0.001, steps: 200 }));
 */
export function fixedBatch(batch: Batch, options: SamplerOptions = {}): ResumableSampler<Batch> {
  if (!(batch instanceof Batch)) throw new InputError('batch', 'must be a Batch', 'make one with Batch.of(inputs, targets)');
  const scheduler = options.scheduler ?? timeSliceScheduler;
  const open = (from: SamplerState | undefined): BatchCursor => {
    const cursor = {
      emitted: from === undefined ? 0 : checkState(from, 'fixed').batches,
      next: () => {
        cursor.emitted++;
        return batch;
      },
      stateAt: (count: number) => (count === cursor.emitted || count === cursor.emitted - 1 ? { kind: 'fixed', batches: count } : undefined),
    };
    return cursor;
  };
  return resumableSampler(open, undefined, scheduler);
}
