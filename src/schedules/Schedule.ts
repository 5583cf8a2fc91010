import { distinctUntilChanged, map, type Observable } from 'rxjs';
import { InputError } from '../errors/InputError.js';

/**
 * A hyperparameter (a learning rate, a momentum, a weight decay) as a function of the training
 * step: a pure `at(step)` for composing and testing, and `values(step$)`, the Observable factory
 * keyed on the step that the training operator subscribes to. Step 1 is the first step trained.
 *
 * @example
 * const lr = cosineDecay({ initial: 0.01, steps: 1000 });
 * lr.at(1);    // 0.01
 * lr.values(steps$).subscribe((eta) => console.log('lr now', eta)); // one emission per change
 */
export interface Schedule {
  /** Short description, e.g. `cosine(0.01 → 0 over 1000 steps)`, for logs and metrics. */
  readonly name: string;
  /** The value used for step `step` (1 = the first step). */
  at(step: number): number;
  /** The values for a stream of step numbers, emitting only when the value changes. */
  values(step$: Observable<number>): Observable<number>;
}

/**
 * A {@link Schedule} from a pure function of the step; the building block of every schedule.
 *
 * @example
 * const halving = scheduleOf('halve every 100', (step) => 0.1 * 0.5 ** Math.floor((step - 1) / 100));
 */
export function scheduleOf(name: string, at: (step: number) => number): Schedule {
  return {
    name,
    at,
    values: (step$) => step$.pipe(map(at), distinctUntilChanged()),
  };
}

/**
 * Checks one schedule option: finite, and above `min` (or at least `min` when `inclusive`).
 * @internal shared by the schedule factories
 */
export function checkOption(field: string, value: unknown, min: number, inclusive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (inclusive ? value < min : value <= min)) {
    throw new InputError(field, `must be a finite number ${inclusive ? '≥' : '>'} ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * Checks a step count: a positive integer.
 * @internal shared by the schedule factories
 */
export function checkSteps(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InputError(field, `must be a positive whole number of steps, got ${String(value)}`);
  }
  return value;
}
