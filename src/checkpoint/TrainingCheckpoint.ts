import { InputError } from '../errors/InputError.js';
import type { NetworkJSON } from '../network/Network.js';
import type { PlateauState } from '../operators/plateau.js';
import type { ReduceOnPlateauState } from '../operators/reduceOnPlateau.js';
import type { EarlyStoppingState } from '../operators/validationWatcher.js';

/**
 * The checkpoint format this rxprop writes. Version 2 added the run's feedback state (early
 * stopping, reduce-on-plateau, a live learning rate); version 1 checkpoints still resume runs
 * that have none of it.
 *
 * @example
 * if (checkpoint.version < checkpointVersion) console.log('written by an older rxprop');
 */
export const checkpointVersion = 2;

/**
 * A training run's state at one step, as plain JSON-safe data: the network (parameters and
 * optimizer state), where the run stands (its sampler's state, or a scenario's phase and
 * sampler), the step and the training time so far, and the state of what feeds back into the
 * training (early stopping, reduce-on-plateau, a learning rate set live). `JSON.stringify`
 * writes it, `JSON.parse` reads it back, and `resumeFrom` continues the run from it bit for bit.
 *
 * @example
 * run.checkpoints$.subscribe((c) => writeFileSync('checkpoint.json', JSON.stringify(c)));
 */
export interface TrainingCheckpoint {
  readonly format: 'rxprop-checkpoint';
  readonly version: 1 | 2;
  /** Steps trained so far: the resumed run's first step is `step + 1`. */
  readonly step: number;
  /** Milliseconds of training so far: the resumed run's `TrainStep.time` goes on from it. */
  readonly time: number;
  readonly network: NetworkJSON;
  /** Where the run stands: its sampler's state, or for a scenario its phase, sampler and stop rule. */
  readonly position: unknown;
  /** Who made it, e.g. a scenario's hash: a resume from another origin is refused. */
  readonly origin?: string;
  /** Early stopping's state, when the run stops early (version 2). */
  readonly earlyStopping?: EarlyStoppingState;
  /** Reduce-on-plateau's state, when the run has it (version 2): of the phase it watches. */
  readonly reduceOnPlateau?: PhasePlateauState;
  /** The live controls in force (version 2): a learning rate set from outside, kept on resume. */
  readonly control?: { readonly lr: number };
}

/**
 * Reduce-on-plateau's state in a checkpoint: each phase of a scenario starts its own.
 *
 * @example
 * const state: PhasePlateauState = { phase: 1, best: 0.2, waited: 0, value: 0.025, cooling: 1 };
 */
export interface PhasePlateauState extends ReduceOnPlateauState {
  readonly phase: number;
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
  if (c.version !== 1 && c.version !== checkpointVersion) throw new InputError(`${field}.version`, `is ${JSON.stringify(c.version)}; this rxprop reads versions 1 and ${checkpointVersion}`, 'resume with the rxprop version that wrote it');
  if (!(Number.isSafeInteger(c.step) && c.step! >= 0)) throw new InputError(`${field}.step`, `must be a whole number ≥ 0, got ${JSON.stringify(c.step)}`);
  if (!(typeof c.time === 'number' && Number.isFinite(c.time) && c.time >= 0)) throw new InputError(`${field}.time`, `must be a number ≥ 0, got ${JSON.stringify(c.time)}`);
  if (typeof c.network !== 'object' || c.network === null) throw new InputError(`${field}.network`, 'is missing', 'use an object from checkpoints$ or checkpoint()');
  if (c.earlyStopping !== undefined) checkPlateauState(c.earlyStopping, `${field}.earlyStopping`);
  if (c.reduceOnPlateau !== undefined) {
    const r = checkPlateauState(c.reduceOnPlateau, `${field}.reduceOnPlateau`) as Partial<PhasePlateauState>;
    if (!(Number.isSafeInteger(r.phase) && r.phase! >= 0)) throw new InputError(`${field}.reduceOnPlateau.phase`, `must be a whole number ≥ 0, got ${JSON.stringify(r.phase)}`);
    if (!(typeof r.value === 'number' && Number.isFinite(r.value) && r.value > 0)) throw new InputError(`${field}.reduceOnPlateau.value`, `must be a learning rate > 0, got ${JSON.stringify(r.value)}`);
    if (!(Number.isSafeInteger(r.cooling) && r.cooling! >= 0)) throw new InputError(`${field}.reduceOnPlateau.cooling`, `must be a whole number ≥ 0, got ${JSON.stringify(r.cooling)}`);
  }
  if (c.control !== undefined) {
    const lr = (c.control as { lr?: unknown } | null)?.lr;
    if (!(typeof lr === 'number' && Number.isFinite(lr) && lr > 0)) throw new InputError(`${field}.control.lr`, `must be a learning rate > 0, got ${JSON.stringify(lr)}`);
  }
  return c as TrainingCheckpoint;
}

/**
 * The state a resumed run needs from its checkpoint for one of its feedback loops (`what`, e.g.
 * early stopping): refused from a version 1 checkpoint, which never held it — resuming without it
 * would not continue the same run.
 *
 * @example
 * const from = savedState(checkpoint, 'earlyStopping', 'early stopping', 'resumeFrom');
 */
export function savedState<K extends 'earlyStopping' | 'reduceOnPlateau'>(checkpoint: TrainingCheckpoint, key: K, what: string, field: string): TrainingCheckpoint[K] {
  if (checkpoint.version === 1) {
    throw new InputError(`${field}.version`, `is 1: written by an rxprop that did not save the state of ${what}, so the resumed run would not continue the same run`, 'start the run afresh (without --resume or resumeFrom), or resume it with the rxprop version that wrote the checkpoint');
  }
  return checkpoint[key];
}

function checkPlateauState(value: unknown, field: string): PlateauState {
  const p = value as Partial<PlateauState> | null;
  if (typeof p !== 'object' || p === null) throw new InputError(field, `must be an object, got ${JSON.stringify(value)}`);
  if (!(p.best === null || (typeof p.best === 'number' && !Number.isNaN(p.best)))) throw new InputError(`${field}.best`, `must be a number or null, got ${JSON.stringify(p.best)}`);
  if (!(Number.isSafeInteger(p.waited) && p.waited! >= 0)) throw new InputError(`${field}.waited`, `must be a whole number ≥ 0, got ${JSON.stringify(p.waited)}`);
  return p as PlateauState;
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
