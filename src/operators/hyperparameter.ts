import { isObservable, type Observable, type Subscription } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import type { Schedule } from '../schedules/Schedule.js';

/**
 * A hyperparameter as the training operator takes it: a number (constant), an `Observable<number>`
 * (each value applies from the next step on) or a {@link Schedule} (keyed on the step).
 *
 * @example
 * const lr: HyperparameterSource = cosineDecay({ initial: 0.01, steps: 1000 });
 * const live: HyperparameterSource = validation$.pipe(reduceOnPlateau({ initial: 0.01 }));
 */
export type HyperparameterSource = number | Observable<number> | Schedule;

/**
 * The value of a hyperparameter at each step, read by the training loop: a plain getter on a
 * number that the source's subscription overwrites (no allocation per step).
 *
 * @example
 * const lr = hyperparameter('eta', lr$, 0.01);
 * const sub = lr.connect((err) => subscriber.error(err));
 * network.trainBatch(batch, lr.at(step));
 */
export interface Hyperparameter {
  /** The value for step `step` (1 = the first step): the schedule's, else the latest value seen. */
  at(step: number): number;
  /** Subscribes to an Observable source (nothing for the others); bad values go to `fail`. */
  connect(fail: (err: unknown) => void): Subscription | undefined;
  /** Overrides the source from now on (a value set from outside, e.g. a live control). */
  set(value: number): void;
}

/**
 * Makes the per-step reader of a {@link HyperparameterSource}: `fallback` until an Observable
 * source emits (so an Observable that has not emitted yet leaves the optimizer's own value). A
 * constant must be finite and > 0, a streamed value finite and ≥ 0 (a schedule may decay to 0);
 * a bad number throws, a bad emission or schedule value errors the run, naming `field`.
 *
 * @example
 * hyperparameter('eta', 0.01, 0.001).at(5); // 0.01
 * hyperparameter('eta', stepDecay({ initial: 0.1, every: 100, factor: 0.5 }), 0.001).at(101); // 0.05
 */
export function hyperparameter(field: string, source: HyperparameterSource | undefined, fallback: number): Hyperparameter {
  let current = source === undefined || isObservable(source) ? fallback : typeof source === 'number' ? check(field, source) : fallback;
  let overridden = false;
  if (source !== undefined && typeof source !== 'number' && !isObservable(source) && !isSchedule(source)) {
    throw new InputError(field, `must be a number, an Observable<number> or a schedule, got ${typeof source === 'string' ? JSON.stringify(source) : String(source)}`, 'e.g. 0.01 or cosineDecay({ initial: 0.01, steps: 1000 })');
  }
  const schedule = isSchedule(source) ? source : undefined;
  return {
    at: (step) => (schedule && !overridden ? check(field, schedule.at(step), true) : current),
    connect(fail) {
      if (!isObservable(source)) return undefined;
      return source.subscribe({
        next: (v) => {
          try {
            if (!overridden) current = check(field, v, true);
          } catch (err) {
            fail(err);
          }
        },
        error: fail,
      });
    },
    set(value) {
      current = check(field, value);
      overridden = true;
    },
  };
}

// Only objects: a string has an `at` method too ('0.1'.at), which made eta: '0.1' pass as a
// schedule and silently leave the optimizer's own rate.
function isSchedule(source: unknown): source is Schedule {
  return typeof source === 'object' && source !== null && typeof (source as Partial<Schedule>).at === 'function';
}

// A schedule may end at 0 (cosine decay to 0): streamed values may be 0, constants not.
function check(field: string, value: unknown, zeroAllowed = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed)) {
    throw new InputError(field, `must be a finite number ${zeroAllowed ? '≥' : '>'} 0, got ${String(value)}`, 'a learning rate such as 0.001');
  }
  return value;
}
