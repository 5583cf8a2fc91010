import type { Batch } from '../network/Batch.js';
import type { MnistDigits } from '../samplers/mnist/mnistDigits.js';
import { mnistSplit } from '../samplers/mnist/mnistSplit.js';
import type { LoadedPhase } from './loadScenario.js';

/**
 * A scenario's held-out test set: what a classifier is judged on.
 *
 * @example
 * const test = scenarioTestSet(loaded.phases); // MNIST: 2,004 digits, evaluated every 124 steps
 */
export interface ScenarioTestSet {
  readonly batch: Batch;
  /** Steps of one training epoch: the run validates on the test set after each, unless its scenario has a validation section. */
  readonly everySteps: number;
  /** Set when the inputs are grey images of this size (for misclassified.png). */
  readonly image?: { readonly width: number; readonly height: number };
}

/**
 * The test split of the last phase whose sampler has one — today the `mnist` sampler, whose
 * split (the same options as its training images) leaves the test images out of training — with
 * the steps of one of its epochs. Undefined when no phase has a test split.
 *
 * @example
 * scenarioTestSet(loaded.phases)?.batch.size; // 2004 for the reference split
 */
export function scenarioTestSet(phases: readonly LoadedPhase[]): ScenarioTestSet | undefined {
  for (const phase of [...phases].reverse()) {
    const s = phase.sampler;
    if (s.type !== 'mnist') continue;
    const { train, test } = mnistSplit(phase.data as MnistDigits, s);
    const everySteps = s.dropRemainder === false ? Math.ceil(train.size / s.batchSize) : Math.floor(train.size / s.batchSize);
    return { batch: test, everySteps: Math.max(1, everySteps), image: { width: 28, height: 28 } };
  }
  return undefined;
}
