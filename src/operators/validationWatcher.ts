import { Subject, type Observable } from 'rxjs';
import type { Network, NetworkParameters } from '../network/Network.js';
import { earlyStopping } from './earlyStopping.js';
import type { PlateauOptions, PlateauState } from './plateau.js';
import type { TrainStep } from './TrainStep.js';
import { checkHeldOut, checkValidation, evaluateAt, type ValidationOptions, type ValidationStep } from './validation.js';

/**
 * Early stopping of a run over its validation stream: Keras' EarlyStopping with
 * `restore_best_weights`.
 *
 * @example
 * const options: RunEarlyStopping = { metric: 'accuracy', mode: 'max', patience: 5, minDelta: 0.001 };
 */
export interface RunEarlyStopping extends PlateauOptions {
  /** The watched number of each evaluation (default `cost`). */
  readonly metric?: 'cost' | 'accuracy';
  /** Put the best evaluation's parameters back when the run ends (default true). */
  readonly restoreBest?: boolean;
}

/** How an early-stopped run ended: the step it stopped after, and its best evaluation. */
export interface EarlyStop {
  readonly stoppedAt: number;
  readonly best: ValidationStep;
}

/**
 * Where a run's early stopping stands, as plain JSON-safe data for a checkpoint: the plateau
 * watcher's state, the best evaluation with its parameters (kept to restore them), and how the run
 * ended when early stopping has ended it.
 *
 * @example
 * const state: EarlyStoppingState = { best: 0.9, waited: 2, at: { step: 500, cost: 0.3, accuracy: 0.9 } };
 */
export interface EarlyStoppingState extends PlateauState {
  readonly at?: ValidationStep;
  readonly parameters?: NetworkParameters;
  readonly stopped?: EarlyStop;
}

/**
 * The run-level side of validation, as `trainingRunOf` drives it: evaluates after every
 * `every`-th step, watches the evaluations for early stopping (calling `stop` when patience runs
 * out), keeps the best parameters and restores them when the run ends. `from` continues early
 * stopping from a checkpoint's state, `state()` gives it for the next one.
 * @internal used by trainingRunOf
 *
 * @example
 * const watcher = validationWatcher(net, { data: test, every: 100 }, { patience: 5 }, () => connection.unsubscribe());
 * watcher.onStep(step); // after each step's emission
 * watcher.end();        // restores the best parameters, completes validation$
 */
export function validationWatcher(
  network: Network,
  options: ValidationOptions,
  stopping: RunEarlyStopping | undefined,
  stop: () => void,
  from?: EarlyStoppingState,
): {
  readonly validation$: Observable<ValidationStep>;
  history(): readonly ValidationStep[];
  earlyStop(): EarlyStop | undefined;
  state(): EarlyStoppingState | undefined;
  onStep(step: TrainStep): void;
  end(error?: unknown): void;
} {
  const { every, data, oneHot } = checkValidation(options);
  if (typeof data !== 'function') checkHeldOut(network, data);
  const metricName = stopping?.metric ?? 'cost';
  const metric = (v: ValidationStep): number => (metricName === 'accuracy' ? (v.accuracy ?? Number.NaN) : v.cost);
  const evaluations = new Subject<ValidationStep>();
  // Early stopping sees each evaluation after every watcher has: a stop it decides completes
  // validation$ only once the evaluation that triggered it was delivered.
  const watched = new Subject<ValidationStep>();
  const log: ValidationStep[] = [];
  let best: { at: ValidationStep; parameters: NetworkParameters | undefined } | undefined = from?.at && { at: from.at, parameters: from.parameters };
  let stopped: EarlyStop | undefined = from?.stopped;
  let watching: PlateauState = { best: from?.best ?? null, waited: from?.waited ?? 0 };
  let ended = false;
  let last: ValidationStep | undefined;

  if (stopping) {
    const restore = stopping.restoreBest ?? true;
    watched
      .pipe(
        earlyStopping<ValidationStep>({
          ...stopping,
          mode: stopping.mode ?? (metricName === 'accuracy' ? 'max' : 'min'),
          metric,
          // Copies at the evaluation cadence only: the per-step path stays allocation-free. The best
          // evaluation's numbers alone (like the log's): checkpoints hold them, and a resumed run's
          // best must equal the uninterrupted one's.
          onImprovement: ({ classes: _, ...numbers }) => (best = { at: numbers, parameters: restore ? network.parameters() : undefined }),
          from: watching,
          onState: (s) => (watching = s),
        }),
      )
      .subscribe({
        complete: () => {
          if (ended || last === undefined) return;
          stopped = { stoppedAt: last.step, best: best?.at ?? last };
          stop();
        },
      });
  }

  return {
    validation$: evaluations.asObservable(),
    history: () => log.slice(),
    earlyStop: () => stopped,
    state: () => stopping && { ...watching, ...(best ? { at: best.at } : {}), ...(best?.parameters ? { parameters: best.parameters } : {}), ...(stopped ? { stopped: { ...stopped, best: withoutClasses(stopped.best) } } : {}) },
    onStep(step) {
      if (ended || step.step % every !== 0) return;
      last = evaluateAt(network, typeof data === 'function' ? data(step.step) : data, step.step, { oneHot: oneHot === true });
      // The log keeps the numbers: a run of many evaluations must not keep every row's classes.
      const { classes: _, ...numbers } = last;
      log.push(numbers);
      evaluations.next(last);
      watched.next(last);
    },
    end(error) {
      if (ended) return;
      ended = true;
      if (error === undefined && best?.parameters) {
        network.setParameters(best.parameters);
        // The best evaluation is kept as numbers only (and so checkpointed). Its rows' classes, which
        // confusion.png and misclassified.png show, come back from one more pass over a fixed
        // held-out batch with the parameters just restored: the same bits as that evaluation.
        if (stopped && stopped.best.classes === undefined && typeof data !== 'function') {
          stopped = { ...stopped, best: evaluateAt(network, data, stopped.best.step, { oneHot: oneHot === true }) };
        }
      }
      if (error === undefined) evaluations.complete();
      else evaluations.error(error);
    },
  };
}

/** An evaluation's numbers, without its rows' classes (what logs and checkpoints keep). */
function withoutClasses(v: ValidationStep): ValidationStep {
  const { classes: _, ...numbers } = v;
  return numbers;
}
