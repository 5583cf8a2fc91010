import { z } from 'zod';
import { InputError } from '../errors/InputError.js';
import type { Batch } from '../network/Batch.js';
import type { ValidationOptions } from '../operators/validation.js';
import { seededRandom } from '../random/Random.js';
import { functionBatchMaker } from '../samplers/fromFunction.js';
import { mnistSplit } from '../samplers/mnist/mnistSplit.js';
import type { MnistDigits } from '../samplers/mnist/mnistDigits.js';
import { playgroundData } from '../samplers/playground/playgroundData.js';
import type { LoadedPhase } from './loadScenario.js';

const patience = z.int().nonnegative().optional();
const minDelta = z.number().nonnegative().optional().describe('An improvement must beat the best by more than this (default 0).');
const metric = z.enum(['cost', 'accuracy']).default('cost').describe('The watched number; `accuracy` needs a classification loss and watches for a maximum.');

/**
 * A scenario's `validation` section: held-out data evaluated every `every` steps, and what to do
 * with the evaluations (stop early, reduce the learning rate on a plateau). The held-out data is
 * the last phase's: a Playground or MNIST sampler's test split, or for a target expression a
 * fresh draw of `size` points with a seed of its own (the scenario seed + 1000).
 *
 * @example
 * validationSchema.parse({ every: 100, earlyStopping: { patience: 5 } });
 */
export const validationSchema = z
  .strictObject({
    every: z.int({ error: 'expected a whole number of steps' }).positive({ error: 'expected at least 1 step' }).describe('Evaluate after every this many steps.'),
    size: z.int().positive().default(1000).describe('Points drawn for a target-expression sampler (test splits are used whole).'),
    earlyStopping: z
      .strictObject({
        patience: patience.describe('Evaluations in a row without improvement before stopping (default 10).'),
        minDelta,
        metric,
        restoreBest: z.boolean().default(true).describe('End with the parameters of the best evaluation.'),
      })
      .optional()
      .describe('Stop once the validation metric stops improving.'),
    reduceOnPlateau: z
      .strictObject({
        factor: z.number().gt(0).lt(1).default(0.1).describe('Multiplies the learning rate at each reduction.'),
        patience: patience.describe('Evaluations in a row without improvement before a reduction (default 10).'),
        minDelta,
        min: z.number().nonnegative().default(0).describe('Never below this learning rate.'),
        cooldown: z.int().nonnegative().default(0).describe('Evaluations ignored after a reduction.'),
        metric,
      })
      .optional()
      .describe('A feedback loop from the validation metric into the learning rate (instead of an `lrSchedule`).'),
  })
  .describe('Held-out data evaluated during training: validation$, metrics.jsonl, costs.csv, cost.png, the dashboard.');

/** A validation section as written in a scenario (defaults filled in). */
export type ValidationSpec = z.output<typeof validationSchema>;

/**
 * The held-out data of a scenario's validation: the last phase's test split (Playground, MNIST,
 * with the phase's own split options and seed), or a fresh draw from its target expression.
 *
 * @example
 * const options = validationData(spec, loaded.phases, scenario.seed + loaded.phases.length, scenario.seed);
 */
export function validationData(spec: ValidationSpec, phases: readonly LoadedPhase[], phaseSeed: number, seed: number): ValidationOptions {
  const phase = phases.at(-1)!;
  const s = phase.sampler;
  let data: Batch;
  switch (s.type) {
    case 'playground': {
      const { type: _, batchSize: __, epochs: ___, ...options } = s;
      data = playgroundData({ ...options, seed: phaseSeed }).test;
      break;
    }
    case 'mnist':
      data = mnistSplit(phase.data as MnistDigits, s).test;
      break;
    case 'function':
      data = functionBatchMaker({ target: s.target, box: s.box, batchSize: spec.size })(seededRandom(seed + 1000))();
      break;
    default:
      throw new InputError('validation', `has no held-out data: the last phase's sampler is ${s.type}`, 'validate a playground, mnist or function sampler (their test split, or fresh points)');
  }
  // MNIST targets are one-hot digits: classified by the largest output whatever the loss.
  return { data, every: spec.every, ...(s.type === 'mnist' ? { oneHot: true } : {}) };
}

/** A cross-field problem of the validation section (the shape `checkScenario` reports). */
interface ValidationProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly hint?: string;
}

/**
 * The checks across fields of `validation` and the phases' `lrSchedule`, on the raw file data: an
 * accuracy metric has a classification loss, a schedule and reduce-on-plateau do not both set one
 * learning rate. (Whether the last phase has held-out data is checked when the run starts, after
 * the data files' own checks.)
 * @internal called by checkScenario
 *
 * @example
 * checkValidationSection(data, 'mse');
 */
export function checkValidationSection(data: Record<string, unknown>, lossName: string | undefined): ValidationProblem[] {
  const parsed = validationSchema.safeParse(data['validation']);
  if (data['validation'] === undefined || !parsed.success) return [];
  const spec = parsed.data;
  const problems: ValidationProblem[] = [];
  const classifies = lossName === 'softmax-ce' || lossName === 'sigmoid-bce';
  for (const key of ['earlyStopping', 'reduceOnPlateau'] as const) {
    if (spec[key]?.metric === 'accuracy' && !classifies) {
      problems.push({ path: ['validation', key, 'metric'], message: `is accuracy, but the loss ${lossName ?? 'mse'} has none`, hint: 'use metric: cost, or a classification loss (softmax-ce, sigmoid-bce)' });
    }
  }
  if (spec.reduceOnPlateau) {
    const trainings = Array.isArray(data['phases']) ? (data['phases'] as unknown[]).map((p, i) => ({ at: ['phases', i, 'training'], t: (p as Record<string, unknown> | null)?.['training'] })) : [{ at: ['training'], t: data['training'] }];
    for (const { at, t } of trainings) {
      if (typeof t === 'object' && t !== null && (t as Record<string, unknown>)['lrSchedule'] !== undefined) {
        problems.push({ path: [...at, 'lrSchedule'], message: 'and validation.reduceOnPlateau both set the learning rate', hint: 'keep one of them' });
      }
    }
  }
  return problems;
}
