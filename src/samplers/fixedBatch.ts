import { defer, scheduled } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import { Batch } from '../network/Batch.js';
import { timeSliceScheduler } from '../scheduler/TimeSliceScheduler.js';
import { withBox, type Sampler, type SamplerOptions } from './Sampler.js';

/**
 * The same batch, forever: the seed's first experiment ("train on one single batch repeatedly").
 * One batch per scheduled action, so it never blocks the event loop; stop it with `take`,
 * `takeWhile` or the train operator's `steps`.
 *
 * @example
 * fixedBatch(Batch.of(inputs, targets)).pipe(train(net, { eta: 0.001, steps: 200 }));
 */
export function fixedBatch(batch: Batch, options: SamplerOptions = {}): Sampler<Batch> {
  if (!(batch instanceof Batch)) throw new InputError('batch', 'must be a Batch', 'make one with Batch.of(inputs, targets)');
  const scheduler = options.scheduler ?? timeSliceScheduler;
  function* forever(): Generator<Batch, never> {
    for (;;) yield batch;
  }
  return withBox(defer(() => scheduled(forever(), scheduler)), undefined);
}
