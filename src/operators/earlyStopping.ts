import { optionsObject } from '../errors/optionsObject.js';
import { defer, takeWhile, type OperatorFunction } from 'rxjs';
import { plateau, type PlateauOptions, type PlateauState } from './plateau.js';

/**
 * Options of {@link earlyStopping}.
 *
 * @example
 * const options: EarlyStoppingOptions<{ accuracy: number }> = { metric: (v) => v.accuracy, mode: 'max', patience: 3 };
 */
export interface EarlyStoppingOptions<T> extends PlateauOptions {
  /** The number watched in each value (default: the value itself, for a stream of numbers). */
  readonly metric?: (value: T) => number;
  /** Called with each value that improved on the best so far, e.g. to keep the best parameters. */
  readonly onImprovement?: (value: T) => void;
  /** Continue from a saved state (a resumed run): the best so far and the values since it. */
  readonly from?: PlateauState;
  /** Called after each value with the state to save (for checkpoints), after `onImprovement`. */
  readonly onState?: (state: PlateauState) => void;
}

/**
 * Keras' EarlyStopping as an operator over any metric stream: mirrors every value and completes
 * after `patience` values in a row (default 10) did not improve on the best by more than
 * `minDelta`. Use its completion to stop training; `onImprovement` sees every new best (keep a
 * snapshot of the parameters there to restore the best model).
 *
 * @example
 * const stop$ = run.validation$.pipe(earlyStopping({ metric: (v) => v.cost, patience: 5 }), last());
 * batches$.pipe(train(net, { eta: 0.01 }), takeUntil(stop$));
 */
export function earlyStopping<T>(options: EarlyStoppingOptions<T> = {}): OperatorFunction<T, T> {
  optionsObject(options, 'earlyStopping({ metric: (v) => v.cost, patience: 5 })');
  const metric = options.metric ?? ((value: T) => value as unknown as number);
  plateau(options, 10); // checks the options when the operator is made, not at subscription
  return (source) =>
    defer(() => {
      const watch = plateau(options, 10, options.from); // per subscription: two subscribers never share a best
      return source.pipe(
        takeWhile((value) => {
          const improved = watch.see(metric(value));
          if (improved) options.onImprovement?.(value);
          options.onState?.(watch.state());
          return improved || watch.waited < watch.patience;
        }, true),
      );
    });
}
