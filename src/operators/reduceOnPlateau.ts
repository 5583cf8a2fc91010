import { defer, filter, map, startWith, type OperatorFunction } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import { plateau, type PlateauOptions, type PlateauState } from './plateau.js';
import { optionsObject } from '../errors/optionsObject.js';

/**
 * Options of {@link reduceOnPlateau}.
 *
 * @example
 * const options: ReduceOnPlateauOptions<number> = { initial: 0.01, factor: 0.5, patience: 3, min: 1e-5 };
 */
export interface ReduceOnPlateauOptions<T> extends PlateauOptions {
  /** The value before any reduction (the learning rate the run starts with). */
  readonly initial: number;
  /** Multiplies the value at each reduction: 0 < factor < 1 (default 0.1). */
  readonly factor?: number;
  /** Never below this (default 0). */
  readonly min?: number;
  /** Evaluations ignored after a reduction (default 0). */
  readonly cooldown?: number;
  /** The number watched in each value (default: the value itself). */
  readonly metric?: (value: T) => number;
  /** Continue from a saved state (a resumed run): emits its value first instead of `initial`. */
  readonly from?: ReduceOnPlateauState;
  /** Called after each value with the state to save (for checkpoints). */
  readonly onState?: (state: ReduceOnPlateauState) => void;
}

/**
 * Where {@link reduceOnPlateau} stands, as plain JSON-safe data for a checkpoint: the plateau
 * watcher's state, the value now and the evaluations of cooldown left.
 *
 * @example
 * const state: ReduceOnPlateauState = { best: 0.12, waited: 1, value: 0.005, cooling: 0 };
 */
export interface ReduceOnPlateauState extends PlateauState {
  readonly value: number;
  readonly cooling: number;
}

/**
 * PyTorch's ReduceLROnPlateau as a feedback loop: maps a metric stream (typically validation
 * costs) to a learning-rate stream that starts at `initial` and is multiplied by `factor` when
 * more than `patience` evaluations in a row (default 10) did not beat the best by more than
 * `minDelta` (an absolute threshold). Emits the initial value at once and then only changes, so
 * it plugs straight into a training operator's learning rate.
 *
 * @example
 * const validation$ = new Subject<number>();
 * const lr$ = validation$.pipe(reduceOnPlateau({ initial: 0.01, factor: 0.5, patience: 3 }));
 * batches$.pipe(train(net, { eta: lr$ }));
 */
export function reduceOnPlateau<T>(options: ReduceOnPlateauOptions<T>): OperatorFunction<T, number> {
  optionsObject(options, 'reduceOnPlateau({ initial: 0.01, patience: 3 })');
  const { initial, factor = 0.1, min = 0, cooldown = 0 } = options;
  if (!Number.isFinite(initial) || initial <= 0) throw new InputError('initial', `must be a finite number > 0, got ${String(initial)}`);
  if (!(factor > 0 && factor < 1)) throw new InputError('factor', `must be between 0 and 1 (exclusive), got ${String(factor)}`);
  if (!Number.isFinite(min) || min < 0) throw new InputError('min', `must be a finite number ≥ 0, got ${String(min)}`);
  if (!Number.isInteger(cooldown) || cooldown < 0) throw new InputError('cooldown', `must be a whole number ≥ 0, got ${String(cooldown)}`);
  plateau(options, 10); // checks mode, minDelta and patience when the operator is made
  const metric = options.metric ?? ((value: T) => value as unknown as number);
  return (source) =>
    defer(() => {
      const from = options.from;
      const watch = plateau(options, 10, from);
      let value = from?.value ?? initial;
      let cooling = from?.cooling ?? 0;
      const changed = (v: T): number | undefined => {
        watch.see(metric(v));
        if (cooling > 0) {
          cooling--;
          watch.reset();
        }
        if (watch.waited <= watch.patience) return undefined;
        watch.reset();
        cooling = cooldown;
        const next = Math.max(value * factor, min);
        if (next === value) return undefined;
        return (value = next);
      };
      return source.pipe(
        map((v) => {
          const next = changed(v);
          options.onState?.({ ...watch.state(), value, cooling });
          return next;
        }),
        filter((v): v is number => v !== undefined),
        startWith(value),
      );
    });
}
