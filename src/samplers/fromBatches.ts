import { defer, map, scheduled } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import { Batch } from '../network/Batch.js';
import { timeSliceScheduler } from '../scheduler/TimeSliceScheduler.js';
import { withBox, type Sampler, type SamplerOptions } from './Sampler.js';

/**
 * Replays the given batches in order, then completes: how numpy traces are replayed. The iterable
 * is iterated afresh per subscription (a generator object can only be replayed once).
 * One batch per scheduled action, so a long list never blocks the event loop.
 *
 * @example
 * fromBatches(trace.batches.map((b) => Batch.of(b.inputs, b.targets))).pipe(train(net, { eta: trace.eta }));
 */
export function fromBatches(batches: Iterable<Batch>, options: SamplerOptions = {}): Sampler<Batch> {
  if (batches == null || typeof (batches as Partial<Iterable<Batch>>)[Symbol.iterator] !== 'function') {
    throw new InputError('batches', 'must be an iterable of Batch (e.g. an array)', 'make each with Batch.of(inputs, targets)');
  }
  const scheduler = options.scheduler ?? timeSliceScheduler;
  return withBox(
    defer(() => scheduled(batches, scheduler)).pipe(
      map((batch, i) => {
        if (!(batch instanceof Batch)) throw new InputError(`batches[${i}]`, 'is not a Batch', 'make each with Batch.of(inputs, targets)');
        return batch;
      }),
    ),
    undefined,
  );
}
