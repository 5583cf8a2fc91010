import { EMPTY, isObservable, map, type Observable } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import type { Batch } from '../network/Batch.js';
import type { Network } from '../network/Network.js';
import { train, type TrainOptions } from '../operators/train.js';
import type { TrainStep } from '../operators/TrainStep.js';
import type { HyperparameterSource } from '../operators/hyperparameter.js';
import { scheduleOf } from '../schedules/Schedule.js';
import { isResumable, type SamplerState } from '../samplers/ResumableSampler.js';
import { restoreNetwork } from './restoreNetwork.js';
import { checkCheckpoint, type TrainingCheckpoint } from './TrainingCheckpoint.js';

/**
 * `batches$.pipe(train(network, options))`, continued from a checkpoint when `resumeFrom` is
 * given: the network's state restored, the sampler resumed at the checkpoint's state, steps and
 * time counted on from the checkpoint's (and `steps` still the run's total), schedules keyed on the
 * run's step (the resumed `train` counts from 1 again). Also says where the run stands at a step
 * (the sampler's state), which checkpoints hold.
 *
 * @example
 * const { steps$, position } = resumableTraining(sampler, net, { eta: 0.001, steps: 2000, resumeFrom: saved });
 */
export function resumableTraining(batches$: Observable<Batch>, network: Network, options: TrainOptions & { readonly resumeFrom?: TrainingCheckpoint | undefined }): { steps$: Observable<TrainStep>; position: (step: number) => unknown; start: { step: number; time: number } } {
  const position = (source: Observable<Batch>) => (step: number) => (isResumable(source) ? source.cursor()?.stateAt(step) : undefined);
  if (options.resumeFrom === undefined) {
    const { resumeFrom: _, ...fresh } = options; // train takes its own options only
    return { steps$: batches$.pipe(train(network, fresh)), position: position(batches$), start: { step: 0, time: 0 } };
  }
  const saved = checkCheckpoint(options.resumeFrom);
  if (!isResumable(batches$)) {
    throw new InputError('resumeFrom', 'needs a resumable sampler, but the batches are a plain Observable', "train on one of rxprop's seeded samplers (fromFunction, fromDataset, fixedBatch, playground, mnist, …) to checkpoint and resume");
  }
  // A sampler resumed from nothing starts afresh: a checkpoint without its position (damaged, or
  // made on a plain Observable) would continue another run, not this one.
  if (typeof saved.position !== 'object' || saved.position === null) {
    throw new InputError('resumeFrom.position', `must be the sampler's saved state, got ${JSON.stringify(saved.position)}`, 'use a checkpoint of a run on this resumable sampler');
  }
  const sampler = batches$.resume(saved.position as SamplerState);
  restoreNetwork(network, saved.network, 'resumeFrom.network');
  const left = options.steps === undefined ? undefined : options.steps - saved.step;
  const { steps: _, resumeFrom: __, eta, hyperparameters, ...rest } = options;
  const shift = (source: HyperparameterSource): HyperparameterSource =>
    typeof source === 'number' || isObservable(source) ? source : scheduleOf(source.name, (step) => source.at(saved.step + step));
  const resumed: TrainOptions = {
    ...rest,
    ...(eta !== undefined ? { eta: shift(eta) } : {}),
    ...(hyperparameters !== undefined ? { hyperparameters: Object.fromEntries(Object.entries(hyperparameters).map(([name, h]) => [name, shift(h)])) } : {}),
    ...(left !== undefined ? { steps: left } : {}),
  };
  const steps$ =
    left !== undefined && left <= 0
      ? EMPTY
      : sampler.pipe(
          train(network, resumed),
          map((s): TrainStep => ({ ...s, step: saved.step + s.step, time: saved.time + s.time })),
        );
  return { steps$, position: position(sampler), start: { step: saved.step, time: saved.time } };
}
