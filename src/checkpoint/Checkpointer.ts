import { Subject, type Observable } from 'rxjs';
import type { Network } from '../network/Network.js';
import type { TrainStep } from '../operators/TrainStep.js';
import { checkpointVersion, type CheckpointOptions, type TrainingCheckpoint } from './TrainingCheckpoint.js';

/**
 * The state of a run's feedback loops, read at each checkpoint (see {@link TrainingCheckpoint}).
 *
 * @example
 * const feedback: FeedbackState = { control: { lr: 0.003 } };
 */
export type FeedbackState = Pick<TrainingCheckpoint, 'earlyStopping' | 'reduceOnPlateau' | 'control'>;

/**
 * Takes a run's checkpoints: told of every step as it happens (synchronously, while the network
 * and the sampler stand exactly at that step), it captures one when the cadence says so, and on
 * demand. A capture needs the run's position at the step; when the sampler cannot say it (a
 * custom, unseeded sampler) no checkpoint is taken. `feedback` adds the state of what feeds back
 * into the training (early stopping, reduce-on-plateau, live controls). Nothing is read from the
 * engine between checkpoints: the cost per step is two comparisons.
 *
 * @example
 * const checkpointer = new Checkpointer(network, (step) => sampler.cursor()?.stateAt(step), { everyMs: 10_000 });
 * steps$.subscribe((s) => checkpointer.step(s));
 */
export class Checkpointer {
  readonly #subject = new Subject<TrainingCheckpoint>();
  readonly #everySteps: number;
  readonly #everyMs: number;
  #nextStep: number;
  #nextTime: number;
  #last: Pick<TrainStep, 'step' | 'time'>;

  constructor(
    private readonly network: Network,
    private readonly position: (step: number) => unknown,
    options: CheckpointOptions | undefined,
    private readonly origin?: string,
    start: Pick<TrainStep, 'step' | 'time'> = { step: 0, time: 0 },
    private readonly feedback: () => FeedbackState = () => ({}),
  ) {
    this.#everySteps = options?.everySteps ?? Infinity;
    this.#everyMs = options?.everyMs ?? Infinity;
    this.#last = start;
    this.#nextStep = start.step + this.#everySteps;
    this.#nextTime = start.time + this.#everyMs;
  }

  /** Checkpoints on the cadence: hot, emitted synchronously at the step they hold; completes with the run. */
  get checkpoints$(): Observable<TrainingCheckpoint> {
    return this.#subject.asObservable();
  }

  /**
   * Records a step; emits a checkpoint when one is due (and the position is known: otherwise the
   * next step tries again).
   *
   * @example
   * checkpointer.step({ step: 1, cost: 0.1, batchSize: 100, time: 3 });
   */
  step(s: TrainStep): void {
    this.reached(s);
    if (s.step < this.#nextStep && s.time < this.#nextTime) return;
    const checkpoint = this.capture();
    if (checkpoint === undefined) return;
    this.#nextStep = s.step + this.#everySteps;
    this.#nextTime = s.time + this.#everyMs;
    this.#subject.next(checkpoint);
  }

  /**
   * Records that the run stands at `s` without checking the cadence: a capture from then on is at
   * that step (e.g. when what watches the step ends the run before {@link Checkpointer.step}).
   *
   * @example
   * checkpointer.reached(s); watcher.onStep(s); checkpointer.step(s);
   */
  reached(s: Pick<TrainStep, 'step' | 'time'>): void {
    this.#last = s;
  }

  /**
   * The run's state at the last step recorded, or undefined when its position cannot be told.
   *
   * @example
   * const checkpoint = checkpointer.capture();
   */
  capture(): TrainingCheckpoint | undefined {
    const { step, time } = this.#last;
    const position = this.position(step);
    if (position === undefined) return undefined;
    return { format: 'rxprop-checkpoint', version: checkpointVersion, step, time, network: this.network.toJSON(), position, ...(this.origin !== undefined ? { origin: this.origin } : {}), ...this.feedback() };
  }

  /** Ends `checkpoints$` (with the run). */
  complete(): void {
    this.#subject.complete();
  }

  /** Ends `checkpoints$` with the run's error. */
  error(err: unknown): void {
    this.#subject.error(err);
  }
}
