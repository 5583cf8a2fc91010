import { InputError } from '../errors/InputError.js';
import { Batch } from '../network/Batch.js';
import { timeSliceScheduler } from '../scheduler/TimeSliceScheduler.js';
import { checkState, resumableSampler, type BatchCursor, type ResumableSampler, type SamplerState } from './ResumableSampler.js';
import type { SamplerOptions } from './Sampler.js';

/**
 * Replays the given batches in order, then completes: how numpy traces are replayed. The iterable
 * is iterated afresh per subscription (a generator object can only be replayed once).
 * One batch per scheduled action, so a long list never blocks the event loop. Resumable: its
 * state is the count of batches delivered (a resumed copy skips them).
 *
 * @example
 * fromBatches(trace.batches.map((b) => Batch.of(b.inputs, b.targets))).pipe(train(net, { eta: trace.eta }));
 */
export function fromBatches(batches: Iterable<Batch>, options: SamplerOptions = {}): ResumableSampler<Batch> {
  if (batches == null || typeof (batches as Partial<Iterable<Batch>>)[Symbol.iterator] !== 'function') {
    throw new InputError('batches', 'must be an iterable of Batch (e.g. an array)', 'make each with Batch.of(inputs, targets)');
  }
  const scheduler = options.scheduler ?? timeSliceScheduler;
  const open = (from: SamplerState | undefined): BatchCursor => {
    const iterator = batches[Symbol.iterator]();
    const skip = from === undefined ? 0 : checkState(from, 'batches').batches;
    const cursor = {
      emitted: 0,
      next: (): Batch | undefined => {
        const item = iterator.next();
        if (item.done) return undefined;
        const batch: unknown = item.value;
        if (!(batch instanceof Batch)) throw new InputError(`batches[${cursor.emitted}]`, 'is not a Batch', 'make each with Batch.of(inputs, targets)');
        cursor.emitted++;
        return batch;
      },
      stateAt: (count: number) => (count === cursor.emitted || count === cursor.emitted - 1 ? { kind: 'batches', batches: count } : undefined),
    };
    while (cursor.emitted < skip) {
      if (cursor.next() === undefined) throw new InputError('sampler.batches', `is ${skip} but there are only ${cursor.emitted} batches`, 'resume with the batches the checkpoint was made on');
    }
    return cursor;
  };
  return resumableSampler(open, undefined, scheduler);
}
