import { Observable, Subscription, type OperatorFunction, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import { unknownName } from '../errors/unknownName.js';
import type { Batch } from '../network/Batch.js';
import type { Regularization } from '../losses/Regularization.js';
import { regularization as checkRegularization } from '../losses/Regularization.js';
import { loss as checkLoss } from '../losses/losses.js';
import type { Network } from '../network/Network.js';
import { resolveOptimizer, type OptimizerConfig } from '../optimizers/Optimizer.js';
import { beyondF32 } from './beyondF32.js';
import { DivergenceError } from './DivergenceError.js';
import { isYielding, timeSliceScheduler } from '../scheduler/TimeSliceScheduler.js';
import type { TrainStep } from './TrainStep.js';
import { subscribeUpstream } from './subscribeUpstream.js';
import { hyperparameter, type HyperparameterSource } from './hyperparameter.js';
import type { RunControl } from './RunControl.js';

/**
 * What to train: a factory makes a fresh network for every subscription (the cold default), which
 * `train` disposes when that subscription ends; a `Network` instance is shared on purpose by every
 * subscription that uses it, and stays the caller's to dispose.
 *
 * @example
 * const fresh: NetworkSource = () => Network.create(spec, { engine, random: seededRandom(1) });
 */
export type NetworkSource = Network | (() => Network);

/**
 * Options of {@link train}.
 *
 * @example
 * const options: TrainOptions = { optimizer: { type: 'adam', lr: 0.01 }, loss: 'softmax-ce', steps: 2000 };
 */
export interface TrainOptions {
  /**
   * The optimizer, e.g. `{ type: 'adam', lr: 0.01 }` (see `optimizers`). Set on the network when
   * the subscription starts, with fresh state, unless the network already has this very optimizer
   * (same type and hyperparameters), whose state then carries on. Omitted: the network's own.
   */
  readonly optimizer?: OptimizerConfig;
  /** The loss (`mse`, `softmax-ce`, `sigmoid-bce`); omitted: the network's own (default mse). */
  readonly loss?: string;
  /** L1/L2 regularization of the weights, e.g. `{ l2: 1e-4 }`; omitted: the network's own (default none). */
  readonly regularization?: Regularization;
  /**
   * The learning rate of every step, overriding the optimizer's (the seed's `eta` for SGD): a
   * number (finite, > 0), an `Observable<number>` (each value applies from the next step; the
   * optimizer's own rate until the first) or a `Schedule` keyed on the step. Omitted: the
   * optimizer's `lr`. Each {@link TrainStep} records the rate it used.
   */
  readonly eta?: HyperparameterSource;
  /**
   * The optimizer's other hyperparameters as streams or schedules, e.g.
   * `{ momentum: linearWarmup({ steps: 500, start: 0.5, then: 0.9 }) }` or `{ weightDecay: wd$ }`:
   * each value applies from the next step (checked against the optimizer's range).
   */
  readonly hyperparameters?: Readonly<Record<string, HyperparameterSource>>;
  /**
   * Live control: pause/resume (queued batches wait, nothing polls), a learning rate set from
   * outside (overrides `eta` from the next step, also for later phases given the same control).
   * Build the samplers on `control.scheduler` so that a paused run draws no batches either.
   */
  readonly control?: RunControl;
  /** Complete after this many steps (a positive integer); omitted: train while batches come. */
  readonly steps?: number;
  /**
   * Runs the steps that a synchronous source delivers faster than a time slice allows, and
   * supplies the clock of `TrainStep.time`. Default: the shared {@link timeSliceScheduler};
   * a `TestScheduler` in marble tests.
   */
  readonly scheduler?: SchedulerLike;
  /**
   * Check that every weight and bias is finite after every `checkEvery`-th step (0: never).
   * Default 1: a saturated sigmoid can hide infinite weights behind a finite cost.
   */
  readonly checkEvery?: number;
}

/**
 * Trains on each batch: forward pass, backprop and SGD update, then emits the step's
 * {@link TrainStep} (the cost before the update). Cold: the network (from a factory) and the step
 * count are made per subscription.
 *
 * Event-loop fairness: a batch is trained as it arrives while the scheduler's time slice lasts
 * (the rxprop samplers deliver one batch per scheduled action, so they are paced by the same
 * slice); batches that a synchronous source (`from(array)`) pushes after the slice is used up are
 * queued (references only) and trained one per scheduled action, so timers still fire.
 * Unsubscribing stops training before the next step. A NaN or ±Infinity cost or parameter ends the
 * stream with a {@link DivergenceError}.
 *
 * @example
 * fromFunction({ target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100, seed: 1 })
 *   .pipe(train(() => Network.create(spec, { engine, random: seededRandom(1) }), { eta: 0.001 }), takeWhile((s) => s.cost > 0.005))
 *   .subscribe(({ step, cost }) => console.log(step, cost));
 * @see trainingRun for one run watched by many subscribers (costs and snapshots).
 */
export function train(model: NetworkSource, options: TrainOptions = {}): OperatorFunction<Batch, TrainStep> {
  checkModel(model);
  const { eta, steps, checkEvery } = validate(options);
  const optimizer = options.optimizer && resolveOptimizer(options.optimizer);
  const lossName = options.loss === undefined ? undefined : checkLoss(options.loss).name;
  const reg = options.regularization === undefined ? undefined : checkRegularization(options.regularization);
  const control = options.control;
  const scheduler = options.scheduler ?? control?.scheduler ?? timeSliceScheduler;
  // The queue's pump runs on the control's gated scheduler: held, not polled, while paused.
  const pumpScheduler = control?.scheduler ?? scheduler;
  return (batches$) =>
    new Observable<TrainStep>((subscriber) => {
      const network = typeof model === 'function' ? model() : model;
      if (!isNetwork(network)) {
        subscriber.error(new InputError('model', `the factory returned ${String(network)}, not a Network`, 'return Network.create(…) from it'));
        return;
      }
      // A network from the factory is this subscription's alone: its engine memory goes with it.
      if (network !== model) subscriber.add(() => network.dispose());
      try {
        if (lossName !== undefined && network.loss.name !== lossName) network.setLoss(lossName);
        if (reg !== undefined) network.setRegularization(reg);
        if (optimizer && !sameOptimizer(network, optimizer)) network.setOptimizer({ ...optimizer.hyperparameters, type: options.optimizer!.type });
      } catch (err) {
        subscriber.error(err);
        return;
      }
      const classifies = network.loss.accuracy !== undefined;
      const lr = hyperparameter('eta', eta, network.optimizer.hyperparameters.lr);
      subscriber.add(lr.connect((err) => subscriber.error(err)));
      if (control) {
        if (control.state.lr !== undefined) lr.set(control.state.lr);
        subscriber.add(control.learningRate$.subscribe((v) => lr.set(v)));
      }
      const paused = control ? () => control.paused : () => false;
      const optimizerValues = network.optimizer.hyperparameters as Readonly<Record<string, number>>;
      const others = Object.entries(options.hyperparameters ?? {}).map(([name, source]) => ({ name, value: hyperparameter(`hyperparameters.${name}`, source, optimizerValues[name] ?? 0) }));
      for (const o of others) subscriber.add(o.value.connect((err) => subscriber.error(err)));
      const shouldYield = isYielding(scheduler) ? () => scheduler.shouldYield() : () => false;
      const start = scheduler.now();
      let step = 0;
      let lastFinite: number | undefined;
      // Batches waiting for a later slice; `head` avoids O(n) shifts on long synchronous bursts.
      let queue: (Batch | undefined)[] = [];
      let head = 0;
      let busy = false;
      let drain: Subscription | undefined;
      let ended: { error: unknown } | 'complete' | undefined;

      const run = (batch: Batch): void => {
        busy = true;
        try {
          const rate = lr.at(step + 1);
          for (let k = 0; k < others.length; k++) {
            const o = others[k]!;
            const v = o.value.at(step + 1);
            if (v !== optimizerValues[o.name]) network.optimizer.setHyperparameter(o.name, v);
          }
          const cost = network.trainBatch(batch, rate);
          step++;
          if (!Number.isFinite(cost)) return subscriber.error(beyondF32(network.engine.precision, batch) ?? new DivergenceError(step, lastFinite, 'cost', cost));
          if (checkEvery > 0 && step % checkEvery === 0 && !network.isFinite()) {
            return subscriber.error(beyondF32(network.engine.precision, batch) ?? new DivergenceError(step, (lastFinite = cost), 'parameters', cost));
          }
          lastFinite = cost;
          const time = scheduler.now() - start;
          subscriber.next(classifies ? { step, cost, batchSize: batch.size, time, lr: rate, accuracy: network.lastAccuracy()! } : { step, cost, batchSize: batch.size, time, lr: rate });
          if (step === steps) subscriber.complete();
        } catch (err) {
          subscriber.error(err);
        } finally {
          busy = false;
        }
      };

      const settle = (): void => {
        if (ended === undefined || head < queue.length || busy) return;
        if (ended === 'complete') subscriber.complete();
        else subscriber.error(ended.error);
      };

      function pump(this: SchedulerAction<void>): void {
        // One batch per action: the scheduler decides how many fit in a slice.
        const batch = queue[head]!;
        queue[head++] = undefined;
        run(batch);
        if (head === queue.length) {
          queue = [];
          head = 0;
          subscriber.remove(drain!);
          drain = undefined;
          settle();
        } else if (!subscriber.closed) {
          if (head > 1024 && head * 2 > queue.length) {
            queue = queue.slice(head);
            head = 0;
          }
          this.schedule();
        }
      }

      subscribeUpstream(subscriber, batches$, {
        next: (batch) => {
          if (subscriber.closed) return;
          if (!busy && head === queue.length && !shouldYield() && !paused()) {
            run(batch);
            settle();
          } else {
            queue.push(batch);
            if (!drain) {
              // Registered before scheduling, in case a synchronous scheduler runs pump at once.
              const d = (drain = new Subscription());
              subscriber.add(d);
              d.add(pumpScheduler.schedule(pump));
            }
          }
        },
        error: (error: unknown) => {
          ended = { error };
          settle();
        },
        complete: () => {
          ended = 'complete';
          settle();
        },
      });
    });
}

function sameOptimizer(network: Network, wanted: ReturnType<typeof resolveOptimizer>): boolean {
  const current = network.optimizer;
  return current.rule === wanted.rule && Object.entries(wanted.hyperparameters).every(([k, v]) => current.hyperparameters[k] === v);
}

/** The network or factory, checked when the operator is made: from JavaScript, a missing one otherwise fails at the first step. */
function checkModel(model: NetworkSource): void {
  if (typeof model !== 'function' && !isNetwork(model)) {
    throw new InputError('model', `must be a Network or a function that makes one, got ${String(model)}`, 'train(() => Network.create(spec, { engine, random: seededRandom(1) }), options)');
  }
}

// Structural: Network is imported for its type only.
function isNetwork(value: unknown): value is Network {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Network>).trainBatch === 'function';
}

/**
 * Every option of {@link train}: from JavaScript a misspelt one (`step: 100`) was ignored without a word.
 *
 * @example
 * trainOptionNames.includes('steps'); // true
 */
export const trainOptionNames: readonly (keyof TrainOptions)[] = ['optimizer', 'loss', 'regularization', 'eta', 'hyperparameters', 'control', 'steps', 'scheduler', 'checkEvery'];

/**
 * Refuses an option that is not in `known`, suggesting the closest known one.
 *
 * @example
 * checkOptionNames({ stepz: 3 }, trainOptionNames); // InputError: stepz: unknown option "stepz" (did you mean "steps"? …)
 */
export function checkOptionNames(options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) if (!known.includes(key)) throw unknownName(key, 'option', key, known);
}

function validate(options: TrainOptions): { eta: HyperparameterSource | undefined; steps: number | undefined; checkEvery: number } {
  if (typeof options !== 'object' || options === null) throw new InputError('options', `must be an object, got ${String(options)}`, 'e.g. { eta: 0.001, steps: 2000 }');
  checkOptionNames(options, trainOptionNames);
  const { eta, steps, checkEvery = 1 } = options;
  if (typeof eta === 'number' && (!Number.isFinite(eta) || eta <= 0)) {
    throw new InputError('eta', `must be a finite number > 0, got ${String(eta)}`, 'the seed uses eta: 0.001');
  }
  if (eta !== undefined) hyperparameter('eta', eta, 1); // other bad kinds of source, when the operator is made
  if (steps !== undefined && !(Number.isInteger(steps) && steps > 0)) {
    throw new InputError('steps', `must be a positive integer, got ${String(steps)}`, 'omit it to train while batches come');
  }
  if (!(Number.isInteger(checkEvery) && checkEvery >= 0)) {
    throw new InputError('checkEvery', `must be an integer ≥ 0, got ${String(checkEvery)}`, 'use 1 to check after every step, 0 never');
  }
  return { eta, steps, checkEvery };
}
