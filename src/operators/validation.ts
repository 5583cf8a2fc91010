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
  /** Classifiers only: the fraction of held-out rows (sigmoid-bce: labels) predicted right. */
  readonly accuracy?: number;
  /**
   * Classifiers only: each held-out row's true and predicted class, from the same forward pass
   * as `cost` and `accuracy` (for confusion matrices and misclassified examples). Only the live
   * emission carries it: histories keep the numbers alone.
   */
  readonly classes?: HeldOutClasses;
}

/**
 * The classes of one evaluation's held-out rows.
 *
 * @example
 * const wrong = [...classes.actual.keys()].filter((i) => classes.actual[i] !== classes.predicted[i]);
 */
export interface HeldOutClasses {
  /** How many classes: the outputs (softmax-ce, one-hot targets), 2^outputs for sigmoid-bce (labels as bits). */
  readonly count: number;
  readonly actual: Int32Array;
  readonly predicted: Int32Array;
  /** The evaluated rows' inputs, row after row: the held-out batch's own array, not a copy. */
  readonly inputs: Float64Array;
}

/** Most classes an evaluation lists rows for: a confusion matrix beyond this (a wide multi-label net's 2^labels) says nothing. */
export const maxHeldOutClasses = 64;

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
  /**
   * The targets are one-hot classes: with a loss that has no classes of its own (squared error),
   * classify each row by its largest output anyway, giving `accuracy` and `classes`.
   */
  readonly oneHot?: boolean;
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
  const { every, data, oneHot } = checkValidation(options);
  return (steps$) =>
    steps$.pipe(
      filter((s) => s.step % every === 0),
      map((s) => evaluateAt(network, typeof data === 'function' ? data(s.step) : data, s.step, { oneHot: oneHot === true })),
    );
}

/**
 * One evaluation labelled with `step`: the cost, and for a classifier the accuracy and each row's
 * classes, all from one forward pass over the batch (what `network.evaluate` and
 * `network.accuracy` would give, to the bit, for the price of one of them).
 *
 * @example
 * evaluateAt(net, test, 500); // { step: 500, cost: 0.12, accuracy: 0.96, classes: { count: 10, actual, predicted, inputs } }
 */
export function evaluateAt(network: Network, batch: Batch, step: number, options: { readonly oneHot?: boolean } = {}): ValidationStep {
  checkHeldOut(network, batch);
  const outputs = network.layers[network.depth]!;
  const y = network.predictInto(batch.x, batch.size);
  const loss = network.loss;
  const cost = loss.evaluate(y, batch.t, undefined, batch.size, outputs) / batch.size;
  const argmax = options.oneHot === true && !loss.classOf;
  const count = argmax ? outputs : loss.name === 'sigmoid-bce' ? 2 ** outputs : outputs;
  const classes = (loss.classOf || argmax) && count <= maxHeldOutClasses ? classify(y, batch, outputs, count, loss.classOf ?? argmaxOf) : undefined;
  const accuracy = loss.accuracy ? loss.accuracy(y, batch.t, batch.size, outputs) : classes && rightShare(classes);
  return { step, cost, ...(accuracy === undefined ? {} : { accuracy }), ...(classes ? { classes } : {}) };
}

/**
 * Held-out data fits the network: as many inputs and targets a row as it has inputs and outputs.
 *
 * @example
 * if (!(typeof data === 'function')) checkHeldOut(network, data); // when the run is made, not at its first evaluation
 */
export function checkHeldOut(network: Network, batch: Batch): void {
  const [inputs, outputs] = [network.layers[0]!, network.layers[network.depth]!];
  if (batch.inputDim !== inputs) throw new InputError('validation.data', `has ${batch.inputDim} inputs a row, but the network has ${inputs} inputs`, 'validate on data of the training data\'s shape');
  if (batch.targetDim !== outputs) throw new InputError('validation.data', `has ${batch.targetDim} targets a row, but the network has ${outputs} outputs`, 'validate on data of the training data\'s shape');
}

type ClassOf = NonNullable<Network['loss']['classOf']>;

function classify(y: Float64Array, batch: Batch, outputs: number, count: number, classOf: ClassOf): HeldOutClasses {
  const actual = new Int32Array(batch.size);
  const predicted = new Int32Array(batch.size);
  for (let r = 0; r < batch.size; r++) {
    actual[r] = classOf(batch.t, r * outputs, outputs, true);
    predicted[r] = classOf(y, r * outputs, outputs, false);
  }
  return { count, actual, predicted, inputs: batch.x };
}

const argmaxOf: ClassOf = (values, offset, n) => {
  let best = 0;
  for (let k = 1; k < n; k++) if (values[offset + k]! > values[offset + best]!) best = k;
  return best;
};

function rightShare({ actual, predicted }: HeldOutClasses): number {
  let right = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === predicted[i]) right++;
  return actual.length === 0 ? 0 : right / actual.length;
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
