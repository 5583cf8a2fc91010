import { EMPTY, Subject, Subscription, concat, defer, from, share, type Observable } from 'rxjs';
import { Checkpointer, type FeedbackState } from '../checkpoint/Checkpointer.js';
import { resumableTraining } from '../checkpoint/resumableTraining.js';
import { checkCheckpoint, checkCheckpointOptions, savedState, type CheckpointOptions, type PhasePlateauState, type TrainingCheckpoint } from '../checkpoint/TrainingCheckpoint.js';
import { InputError } from '../errors/InputError.js';
import { unknownName } from '../errors/unknownName.js';
import { loss as checkLoss } from '../losses/losses.js';
import type { Batch } from '../network/Batch.js';
import type { Network } from '../network/Network.js';
import { resolveOptimizer } from '../optimizers/Optimizer.js';
import { boxOf } from '../samplers/Sampler.js';
import type { Snapshot } from './Snapshot.js';
import { snapshots, type SnapshotOptions } from './snapshots.js';
import { snapshotter } from './snapshotter.js';
import { checkOptionNames, trainOptionNames, type NetworkSource, type TrainOptions } from './train.js';
import type { TrainStep } from './TrainStep.js';
import { reduceOnPlateau } from './reduceOnPlateau.js';
import type { RunControl } from './RunControl.js';
import type { ValidationOptions, ValidationStep } from './validation.js';
import { validationWatcher, type EarlyStop, type RunEarlyStopping } from './validationWatcher.js';
import type { PlateauOptions } from './plateau.js';

/**
 * Options of {@link trainingRun}: the train options plus the snapshot cadence and grid.
 *
 * @example
 * const options: TrainingRunOptions = { eta: 0.001, steps: 2000, snapshots: { everySteps: 100 } };
 */
export interface TrainingRunOptions extends TrainOptions {
  readonly snapshots?: SnapshotOptions;
  /** Steps kept for `history()` (the most recent ones; default 100 000, a few MB). */
  readonly historyLimit?: number;
  /** Held-out data evaluated every N steps, giving `validation$`. */
  readonly validation?: ValidationOptions;
  /** Stop when the validation metric stops improving (needs `validation`), restoring the best parameters. */
  readonly earlyStopping?: RunEarlyStopping;
  /** Multiply the learning rate by `factor` when the validation metric plateaus (needs `validation`). */
  readonly reduceOnPlateau?: RunReduceOnPlateau;
  /** Emit a checkpoint on `checkpoints$` every so many steps and/or milliseconds of training. */
  readonly checkpoints?: CheckpointOptions;
  /**
   * Continue from a checkpoint (of this run's sampler and network): the network's state and the
   * sampler's position are restored, steps and time count on, `steps` is still the total. The
   * resumed run's steps equal the uninterrupted run's, bit for bit.
   */
  readonly resumeFrom?: TrainingCheckpoint;
}

/**
 * Reduce-on-plateau of a run: a feedback loop from its validation stream into its learning rate.
 *
 * @example
 * const options: RunReduceOnPlateau = { factor: 0.5, patience: 3, min: 1e-5 };
 */
export interface RunReduceOnPlateau extends PlateauOptions {
  /** The watched number (default `cost`; `accuracy` watches with mode `max`). */
  readonly metric?: 'cost' | 'accuracy';
  readonly factor?: number;
  readonly min?: number;
  readonly cooldown?: number;
}

/**
 * How a {@link trainingRunOf} run checkpoints: the cadence, where the run stands at a step
 * (undefined when it cannot tell), and the step it starts from.
 *
 * @example
 * const checkpointing: RunCheckpointing = { checkpoints: { everyMs: 10_000 }, position: (step) => sampler.cursor()?.stateAt(step) };
 */
export interface RunCheckpointing {
  readonly checkpoints?: CheckpointOptions;
  readonly position?: (step: number) => unknown;
  /** The step and time the run resumes from (default 0, 0). */
  readonly start?: { readonly step: number; readonly time: number };
  /** Written into every checkpoint (e.g. a scenario's hash). */
  readonly origin?: string;
  /**
   * The feedback state of the checkpoint the run resumes from (checked by whoever read it): early
   * stopping goes on from it, and a learning rate that was set live is set again on `control`.
   */
  readonly resumed?: FeedbackState;
  /** More feedback state for each checkpoint, from loops built outside (reduce-on-plateau). */
  readonly feedback?: () => FeedbackState;
}

/**
 * One training run with many watchers: the network trains once, however many subscribe.
 *
 * @example
 * const run = trainingRun(batches$, makeNet, { eta: 0.001, steps: 2000 });
 * run.steps$.subscribe(logCost);
 * run.connect();
 */
export interface TrainingRun {
  /**
   * The run's network (made once, from the factory, when the run is made). It outlives the
   * connection, for `snapshot()` and saving after the end: `network.dispose()` frees it at once,
   * else it is freed when the run and its network are collected.
   */
  readonly network: Network;
  /** The cost stream: hot, one emission per step from `connect()` on; completes or errors with the run. */
  readonly steps$: Observable<TrainStep>;
  /** The retained history, then the live steps: for subscribers who arrive late. */
  readonly history$: Observable<TrainStep>;
  /** The validation evaluations (hot, like `steps$`; completes with the run); empty without the `validation` option. */
  readonly validation$: Observable<ValidationStep>;
  /** The evaluations so far (of a resumed run: since it resumed), oldest first; a copy. */
  validationHistory(): readonly ValidationStep[];
  /** Set once early stopping has ended the run: where it stopped and its best evaluation. */
  earlyStop(): EarlyStop | undefined;
  /** The live controls the run obeys, when it was given some. */
  readonly control?: RunControl;
  /**
   * Snapshots: computed only while someone subscribes, once for all subscribers; completes with
   * a snapshot of the final state. Never queues: slow consumers use `exhaustMapLatest`.
   */
  readonly snapshots$: Observable<Snapshot>;
  /** The steps so far (the last `historyLimit` of them), oldest first; a copy. */
  history(): readonly TrainStep[];
  /** A snapshot of the network now, at the last step; undefined before the first step. */
  snapshot(): Snapshot | undefined;
  /**
   * Checkpoints on the `checkpoints` cadence: hot, each emitted synchronously at its step (after
   * the step itself reached `steps$`); completes with the run.
   */
  readonly checkpoints$: Observable<TrainingCheckpoint>;
  /**
   * The run's state at the last step (at the start before the first) as plain JSON-safe data
   * for `resumeFrom`; undefined when its sampler cannot say where it stands (not resumable).
   */
  checkpoint(): TrainingCheckpoint | undefined;
  /**
   * Starts training (idempotent: a second call returns the same subscription). Subscribe first,
   * then connect: nothing is missed. Unsubscribing the result stops training within one step
   * and completes `steps$` and `snapshots$`.
   */
  connect(): Subscription;
}

/**
 * One explicit training run whose cost and snapshot streams can have any number of subscribers
 * without training twice: {@link trainingRunOf} over `batches$.pipe(train(network, options))`.
 * The network is made once, now (from the factory); the snapshot grid defaults to the sampler's box.
 *
 * @example
 * const run = trainingRun(fromFunction({ target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100, seed: 1 }),
 *   () => Network.create({ layers: [2, 100, 1], activations: 'relu' }, { engine, random: seededRandom(1) }),
 *   { eta: 0.001, steps: 2000, snapshots: { everySteps: 100 } });
 * run.steps$.subscribe(({ step, cost }) => console.log(step, cost));
 * run.snapshots$.subscribe((s) => draw(s.prediction));
 * run.connect();
 */
export function trainingRun(batches$: Observable<Batch>, model: NetworkSource, options: TrainingRunOptions = {}): TrainingRun {
  checkOptionNames(options, runOptionNames);
  const network = typeof model === 'function' ? model() : model;
  checkMetrics(options, network);
  const snapshotOptions: SnapshotOptions = { ...options.snapshots, box: options.snapshots?.box ?? boxOf(batches$) };
  const saved = options.resumeFrom && checkCheckpoint(options.resumeFrom);
  const resumed = saved && {
    ...(options.earlyStopping ? { earlyStopping: savedState(saved, 'earlyStopping', 'early stopping', 'resumeFrom') } : {}),
    ...(saved.control ? { control: saved.control } : {}),
  };
  const feedback = new Subject<ValidationStep>();
  const plateau = options.reduceOnPlateau && plateauRate(feedback, options, network, saved && savedState(saved, 'reduceOnPlateau', 'reduce-on-plateau', 'resumeFrom'));
  const eta = plateau ? plateau.eta : options.eta;
  const trainOptions = { ...options, ...(eta !== undefined ? { eta } : {}) };
  const own = Object.fromEntries(Object.entries(trainOptions).filter(([key]) => (trainOptionNames as readonly string[]).includes(key) || key === 'resumeFrom'));
  const { steps$, position, start } = resumableTraining(batches$, network, own);
  const run = trainingRunOf(steps$, network, { ...trainOptions, snapshots: snapshotOptions, position, start, ...(resumed ? { resumed } : {}), ...(plateau ? { feedback: plateau.state } : {}) });
  if (plateau) run.validation$.subscribe(feedback);
  return run;
}

/** Every option of {@link trainingRun}: train's and the run's own. */
const runOptionNames: readonly string[] = [...trainOptionNames, 'snapshots', 'historyLimit', 'validation', 'earlyStopping', 'reduceOnPlateau', 'checkpoints', 'resumeFrom'] satisfies readonly (keyof TrainingRunOptions)[];

/**
 * The metrics early stopping and reduce-on-plateau watch, checked when the run is made: a misspelt
 * one was watched as the cost, and `accuracy` without a classifier is NaN at every evaluation
 * (never an improvement: early stopping ended the run after its patience).
 */
function checkMetrics(options: TrainingRunOptions, network: Network): void {
  const lossName = options.loss ?? (network as Partial<Network> | null)?.loss?.name; // a wrong model is train's to name
  const classifies = (lossName !== undefined && checkLoss(lossName).accuracy !== undefined) || options.validation?.oneHot === true;
  for (const key of ['earlyStopping', 'reduceOnPlateau'] as const) {
    const metric: unknown = options[key]?.metric;
    if (metric === undefined || metric === 'cost') continue;
    if (metric !== 'accuracy') throw unknownName(`${key}.metric`, 'metric', String(metric), ['cost', 'accuracy']);
    if (!classifies) throw new InputError(`${key}.metric`, `is accuracy, but the loss ${lossName ?? 'mse'} has none`, 'use metric: cost, a classification loss (softmax-ce, sigmoid-bce), or validation.oneHot for one-hot targets');
  }
}

/**
 * The learning-rate stream of reduce-on-plateau, fed by the run's own evaluations, continued from
 * a checkpoint's state when there is one (of its only phase, 0); and its state for the next.
 */
function plateauRate(feedback: Observable<ValidationStep>, options: TrainingRunOptions, network: Network, from: PhasePlateauState | undefined): { eta: Observable<number>; state: () => FeedbackState } {
  if (!options.validation) throw new InputError('reduceOnPlateau', 'needs validation data to watch', 'add validation: { data, every }');
  if (options.eta !== undefined && typeof options.eta !== 'number') throw new InputError('reduceOnPlateau', 'needs a constant learning rate to start from, but eta is a stream or a schedule', 'give eta as a number, or drop one of them');
  const { metric = 'cost', ...plateau } = options.reduceOnPlateau!;
  // The optimizer the run trains with starts from its own rate (set on the network only when training starts).
  const initial = options.eta ?? (options.optimizer ? resolveOptimizer(options.optimizer, 'optimizer') : network.optimizer).hyperparameters.lr;
  let state: PhasePlateauState = from?.phase === 0 ? from : { phase: 0, best: null, waited: 0, value: initial, cooling: 0 };
  const eta = feedback.pipe(
    reduceOnPlateau<ValidationStep>({
      mode: metric === 'accuracy' ? 'max' : 'min',
      ...plateau,
      initial,
      metric: (v) => (metric === 'accuracy' ? (v.accuracy ?? Number.NaN) : v.cost),
      from: state,
      onState: (s) => (state = { phase: 0, ...s }),
    }),
  );
  return { eta, state: () => ({ reduceOnPlateau: state }) };
}

/**
 * A {@link TrainingRun} over any cold stream of steps that trains `network` — for training
 * composed upstream (phases one after another, custom stop rules). A `Subject` fed by one
 * subscription, made by `connect()`: connect-on-demand rather than on first subscription, so the
 * second subscriber never misses the steps a synchronous source delivers to the first.
 *
 * @example
 * const phases$ = concat(fixedBatch(b).pipe(train(net, { eta: 0.01, steps: 100 })), sampler$.pipe(train(net, { eta: 0.001, steps: 900 })));
 * const run = trainingRunOf(phases$, net, { snapshots: { everySteps: 50 } });
 */
export function trainingRunOf(
  steps$: Observable<TrainStep>,
  network: Network,
  options: Pick<TrainingRunOptions, 'snapshots' | 'historyLimit' | 'validation' | 'earlyStopping' | 'control'> & RunCheckpointing = {},
): TrainingRun {
  const limit = options.historyLimit ?? 100_000;
  if (!(Number.isInteger(limit) && limit >= 0)) throw new InputError('historyLimit', `must be an integer ≥ 0, got ${String(limit)}`);
  const cadence = options.checkpoints && checkCheckpointOptions(options.checkpoints);
  const control = options.control;
  const live = options.resumed?.control;
  if (live) {
    if (!control) throw new InputError('resumeFrom.control', `holds a learning rate set live (${live.lr}), but this run has no control to keep it in force`, 'give the resumed run a control: new RunControl()');
    // The user's override was in force when the checkpoint was taken: it goes on (a pause does not).
    control.setLearningRate(live.lr);
  }
  const snapshotOptions = options.snapshots ?? {};
  const steps = new Subject<TrainStep>();
  // Trimmed in halves so that keeping the history costs O(1) per step, amortized.
  let log: TrainStep[] = [];
  let last: TrainStep | undefined;
  let connection: Subscription | undefined;
  let shoot: ReturnType<typeof snapshotter> | undefined;
  if (options.earlyStopping && !options.validation) throw new InputError('earlyStopping', 'needs validation data to watch', 'add validation: { data, every }');
  const watcher = options.validation && validationWatcher(network, options.validation, options.earlyStopping, () => connection?.unsubscribe(), options.resumed?.earlyStopping);
  const feedback = (): FeedbackState => {
    const earlyStopping = watcher?.state();
    const lr = control?.state.lr;
    return { ...options.feedback?.(), ...(earlyStopping ? { earlyStopping } : {}), ...(lr !== undefined ? { control: { lr } } : {}) };
  };
  const checkpointer = new Checkpointer(network, options.position ?? (() => undefined), cadence, options.origin, options.start, feedback);
  const history = (): TrainStep[] => (log.length > limit ? log.slice(log.length - limit) : log.slice());
  // The run's state at its last step, taken as it ends and before the watcher puts the best
  // parameters back: resumed from it, a stopped run goes on from where it stood (and an early
  // stopped or finished one puts them back itself).
  let final: TrainingCheckpoint | undefined;
  let finished = false;
  const finish = (error?: unknown): void => {
    if (finished) return;
    finished = true;
    if (watcher && error === undefined) final = checkpointer.capture();
    watcher?.end(error);
  };

  return {
    network,
    steps$: steps.asObservable(),
    history$: defer(() => concat(from(history()), steps)),
    validation$: watcher?.validation$ ?? EMPTY,
    validationHistory: () => watcher?.history() ?? [],
    earlyStop: () => watcher?.earlyStop(),
    ...(control ? { control } : {}),
    snapshots$: steps.pipe(snapshots(network, snapshotOptions), share()),
    history,
    checkpoints$: checkpointer.checkpoints$,
    checkpoint: () => final ?? checkpointer.capture(),
    snapshot() {
      return last && (shoot ??= snapshotter(network, snapshotOptions))(last);
    },
    connect() {
      if (!connection) {
        // Made first, so that a stop during a synchronous source's first steps finds it.
        connection = new Subscription();
        connection.add(() => {
          // stopped early: watchers complete too (after the best parameters are back)
          finish();
          steps.complete();
          checkpointer.complete();
        });
        // A run resumed from its early stop's checkpoint has nothing left to train.
        if (watcher?.earlyStop()) {
          connection.unsubscribe();
          return connection;
        }
        if (control) connection.add(control.stopped$.subscribe(() => connection!.unsubscribe()));
        const fail = (err: unknown): void => {
          finish(err);
          steps.error(err);
          checkpointer.error(err);
        };
        connection.add(
          steps$.subscribe({
            next: (step) => {
              last = step;
              log.push(step);
              if (log.length > 2 * limit) log = log.slice(log.length - limit);
              // The run stands at this step: a stop decided by a watcher of it captures this step.
              checkpointer.reached(step);
              steps.next(step);
              // Validation first: a checkpoint at this step holds its evaluation's lines too.
              try {
                watcher?.onStep(step);
              } catch (err) {
                // Held-out data from a function, refused at its evaluation: the run ends with the
                // error (thrown here it was unhandled, and took the process down).
                fail(err);
                connection?.unsubscribe();
                return;
              }
              checkpointer.step(step);
            },
            error: fail,
            complete: () => {
              finish();
              steps.complete();
              checkpointer.complete();
            },
          }),
        );
      }
      return connection;
    },
  };
}
