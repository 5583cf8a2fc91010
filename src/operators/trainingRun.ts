import { Subject, concat, defer, from, share, type Observable, type Subscription } from 'rxjs';
import { Checkpointer } from '../checkpoint/Checkpointer.js';
import { resumableTraining } from '../checkpoint/resumableTraining.js';
import { checkCheckpointOptions, type CheckpointOptions, type TrainingCheckpoint } from '../checkpoint/TrainingCheckpoint.js';
import { InputError } from '../errors/InputError.js';
import type { Batch } from '../network/Batch.js';
import type { Network } from '../network/Network.js';
import { boxOf } from '../samplers/Sampler.js';
import type { Snapshot } from './Snapshot.js';
import { snapshots, type SnapshotOptions } from './snapshots.js';
import { snapshotter } from './snapshotter.js';
import type { NetworkSource, TrainOptions } from './train.js';
import type { TrainStep } from './TrainStep.js';

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
export function trainingRun(batches$: Observable<Batch>, model: NetworkSource, options: TrainingRunOptions): TrainingRun {
  const network = typeof model === 'function' ? model() : model;
  const snapshotOptions: SnapshotOptions = { ...options.snapshots, box: options.snapshots?.box ?? boxOf(batches$) };
  const { steps$, position, start } = resumableTraining(batches$, network, options);
  return trainingRunOf(steps$, network, { ...options, snapshots: snapshotOptions, position, start });
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
export function trainingRunOf(steps$: Observable<TrainStep>, network: Network, options: Pick<TrainingRunOptions, 'snapshots' | 'historyLimit'> & RunCheckpointing = {}): TrainingRun {
  const limit = options.historyLimit ?? 100_000;
  if (!(Number.isInteger(limit) && limit >= 0)) throw new InputError('historyLimit', `must be an integer ≥ 0, got ${String(limit)}`);
  const cadence = options.checkpoints && checkCheckpointOptions(options.checkpoints);
  const checkpointer = new Checkpointer(network, options.position ?? (() => undefined), cadence, options.origin, options.start);
  const snapshotOptions = options.snapshots ?? {};
  const steps = new Subject<TrainStep>();
  // Trimmed in halves so that keeping the history costs O(1) per step, amortized.
  let log: TrainStep[] = [];
  let last: TrainStep | undefined;
  let connection: Subscription | undefined;
  let shoot: ReturnType<typeof snapshotter> | undefined;
  const history = (): TrainStep[] => (log.length > limit ? log.slice(log.length - limit) : log.slice());

  return {
    network,
    steps$: steps.asObservable(),
    history$: defer(() => concat(from(history()), steps)),
    snapshots$: steps.pipe(snapshots(network, snapshotOptions), share()),
    history,
    checkpoints$: checkpointer.checkpoints$,
    checkpoint: () => checkpointer.capture(),
    snapshot() {
      return last && (shoot ??= snapshotter(network, snapshotOptions))(last);
    },
    connect() {
      if (!connection) {
        connection = steps$.subscribe({
          next: (step) => {
            last = step;
            log.push(step);
            if (log.length > 2 * limit) log = log.slice(log.length - limit);
            steps.next(step);
            checkpointer.step(step);
          },
          error: (err: unknown) => {
            steps.error(err);
            checkpointer.error(err);
          },
          complete: () => {
            steps.complete();
            checkpointer.complete();
          },
        });
        connection.add(() => {
          // stopped early: watchers complete too
          steps.complete();
          checkpointer.complete();
        });
      }
      return connection;
    },
  };
}
