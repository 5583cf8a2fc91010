import { InputError } from '../errors/InputError.js';
import type { NetworkJSON } from '../network/Network.js';

/**
 * A training run's state at one step, as plain JSON-safe data: the network (parameters and
 * optimizer state), where the run stands (its sampler's state, or a scenario's phase and
 * sampler), the step and the training time so far. `JSON.stringify` writes it, `JSON.parse`
 * reads it back, and `resumeFrom` continues the run from it bit for bit.
 *
 * @example
 * run.checkpoints$.subscribe((c) => writeFileSync('checkpoint.json', JSON.stringify(c)));
 */
export interface TrainingCheckpoint {
  readonly format: 'rxprop-checkpoint';
  readonly version: 1;
  /** Steps trained so far: the resumed run's first step is `step + 1`. */
  readonly step: number;
  /** Milliseconds of training so far: the resumed run's `TrainStep.time` goes on from it. */
  readonly time: number;
  readonly network: NetworkJSON;
  /** Where the run stands: its sampler's state, or for a scenario its phase, sampler and stop rule. */
  readonly position: unknown;
  /** Who made it, e.g. a scenario's hash: a resume from another origin is refused. */
  readonly origin?: string;
}

/** How often a run checkpoints: every `everySteps` steps and/or every `everyMs` of training time (whichever comes first). */
export interface CheckpointOptions {
  readonly everySteps?: number;
  readonly everyMs?: number;
}

/**
 * Checks that `value` looks like a {@link TrainingCheckpoint} (format, version, step, time,
 * network); errors name the field under `field`.
 *
 * @example
 * const checkpoint = checkCheckpoint(JSON.parse(readFileSync('checkpoint.json', 'utf8')));
 */
export function checkCheckpoint(value: unknown, field = 'resumeFrom'): TrainingCheckpoint {
  const c = value as Partial<TrainingCheckpoint> | null;
  if (typeof c !== 'object' || c === null || c.format !== 'rxprop-checkpoint') {
    throw new InputError(field, 'is not an rxprop checkpoint (no format: rxprop-checkpoint)', 'use an object from checkpoints$ or checkpoint()');
  }
  if (c.version !== 1) throw new InputError(`${field}.version`, `is ${JSON.stringify(c.version)}; this rxprop reads version 1`, 'resume with the rxprop version that wrote it');
  if (!(Number.isSafeInteger(c.step) && c.step! >= 0)) throw new InputError(`${field}.step`, `must be a whole number ≥ 0, got ${JSON.stringify(c.step)}`);
  if (!(typeof c.time === 'number' && Number.isFinite(c.time) && c.time >= 0)) throw new InputError(`${field}.time`, `must be a number ≥ 0, got ${JSON.stringify(c.time)}`);
  if (typeof c.network !== 'object' || c.network === null) throw new InputError(`${field}.network`, 'is missing', 'use an object from checkpoints$ or checkpoint()');
  return c as TrainingCheckpoint;
}

/**
 * Checks checkpoint cadence options.
 *
 * @example
 * checkCheckpointOptions({ everyMs: 10_000 });
 */
export function checkCheckpointOptions(options: CheckpointOptions, field = 'checkpoints'): CheckpointOptions {
  const { everySteps, everyMs } = options;
  if (everySteps !== undefined && !(Number.isSafeInteger(everySteps) && everySteps > 0)) throw new InputError(`${field}.everySteps`, `must be a whole number ≥ 1, got ${JSON.stringify(everySteps)}`);
  if (everyMs !== undefined && !(typeof everyMs === 'number' && everyMs > 0 && Number.isFinite(everyMs))) throw new InputError(`${field}.everyMs`, `must be a number > 0, got ${JSON.stringify(everyMs)}`);
  if (everySteps === undefined && everyMs === undefined) throw new InputError(field, 'gives neither everySteps nor everyMs', 'e.g. checkpoints: { everyMs: 10000 }');
  return options;
}
