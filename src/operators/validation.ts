import { filter, map, type OperatorFunction } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import type { Batch } from '../network/Batch.js';
import type { Network } from '../network/Network.js';
import type { TrainStep } from './TrainStep.js';

/**
 * One evaluation of the held-out data, after the update of step `step`.
 *
 * @example
 * run.validation$.subscribe(({ step, cost, accuracy }) => console.log(step, cost, accuracy));
 */
export interface ValidationStep {
  /** The training step after whose update the network was evaluated. */
  readonly step: number;
  /** The loss on the held-out data (the training loss's definition, without regularization). */
  readonly cost: number;
  /** Classification losses only: the fraction of held-out rows predicted right. */
  readonly accuracy?: number;
}

/**
 * Options of {@link validation}.
 *
 * @example
 * const options: ValidationOptions = { data: playgroundData({ problem: 'xor', seed: 1 }).test, every: 100 };
 */
export interface ValidationOptions {
  /**
   * The held-out data: one batch evaluated whole each time (a test split), or a function giving
   * the batch of each evaluation (e.g. a fresh draw from a seeded batch maker).
   */
  readonly data: Batch | ((step: number) => Batch);
  /** Evaluate after every `every`-th step (a positive integer). */
  readonly every: number;
}

/**
 * Evaluates `network` on held-out data every `every` steps of a training stream: forward passes
 * only, on the engine's prediction buffers (`network.evaluate`, `network.accuracy`), so the
 * training trajectory is bit for bit the same with or without it. It runs synchronously inside
 * the step's emission, so it sees the parameters after that step's update and before the next.
 *
 * @example
 * batches$.pipe(train(net, { eta: 0.01 }), validation(net, { data: test, every: 100 })).subscribe(({ step, cost }) => console.log(step, cost));
 */
export function validation(network: Network, options: ValidationOptions): OperatorFunction<TrainStep, ValidationStep> {
  const { every, data } = checkValidation(options);
  return (steps$) =>
    steps$.pipe(
      filter((s) => s.step % every === 0),
      map((s) => evaluateAt(network, typeof data === 'function' ? data(s.step) : data, s.step)),
    );
}

/**
 * One evaluation (the cost, and the accuracy for a classification loss) labelled with `step`.
 *
 * @example
 * evaluateAt(net, test, 500); // { step: 500, cost: 0.12, accuracy: 0.96 }
 */
export function evaluateAt(network: Network, batch: Batch, step: number): ValidationStep {
  const cost = network.evaluate(batch);
  const accuracy = network.accuracy(batch);
  return accuracy === undefined ? { step, cost } : { step, cost, accuracy };
}

/**
 * Checks validation options, naming the field (`validation.every`).
 * @internal shared with trainingRun
 */
export function checkValidation(options: ValidationOptions, field = 'validation'): ValidationOptions {
  if (typeof options !== 'object' || options === null) throw new InputError(field, `must be an object such as { data: testBatch, every: 100 }, got ${String(options)}`);
  if (!(Number.isInteger(options.every) && options.every > 0)) throw new InputError(`${field}.every`, `must be a positive integer, got ${String(options.every)}`, 'e.g. every: 100');
  if (typeof options.data !== 'function' && !(typeof options.data === 'object' && options.data !== null && 'x' in options.data && 't' in options.data)) {
    throw new InputError(`${field}.data`, 'must be a Batch or a function (step) => Batch', 'e.g. the test split of playgroundData or mnist');
  }
  return options;
}
