import { InputError } from '../errors/InputError.js';

/**
 * Options shared by {@link earlyStopping} and {@link reduceOnPlateau}: what counts as an
 * improvement of the watched metric.
 *
 * @example
 * const options: PlateauOptions = { mode: 'max', minDelta: 0.001, patience: 5 };
 */
export interface PlateauOptions {
  /** `min` (default) for a cost, `max` for an accuracy. */
  readonly mode?: 'min' | 'max';
  /** An improvement must beat the best value by more than this (default 0). */
  readonly minDelta?: number;
  /** How many evaluations in a row without improvement are tolerated (default 10 / 5). */
  readonly patience?: number;
}

/**
 * Where a plateau watcher stands, as plain JSON-safe data for a checkpoint: the best value so far
 * (null before the first one that counts) and the evaluations since it.
 *
 * @example
 * const state: PlateauState = { best: 0.12, waited: 2 };
 */
export interface PlateauState {
  readonly best: number | null;
  readonly waited: number;
}

/**
 * The core both plateau operators share (as RxJS's `scanInternals` backs `scan` and `reduce`):
 * tracks the best value and how many evaluations have passed without beating it by `minDelta`.
 * A NaN never counts as an improvement. `from` continues a saved {@link PlateauState} (a resumed
 * run), `state()` saves one.
 * @internal
 *
 * @example
 * const p = plateau({ mode: 'min', patience: 2 }, 10);
 * p.see(1); p.see(1); p.see(1); p.waited; // 2
 */
export function plateau(
  options: PlateauOptions,
  defaultPatience: number,
  from?: PlateauState,
): { readonly patience: number; see(value: number): boolean; readonly best: number; readonly waited: number; reset(): void; state(): PlateauState } {
  const mode = options.mode ?? 'min';
  if (mode !== 'min' && mode !== 'max') throw new InputError('mode', `must be 'min' or 'max', got ${String(mode)}`);
  const minDelta = options.minDelta ?? 0;
  if (!Number.isFinite(minDelta) || minDelta < 0) throw new InputError('minDelta', `must be a finite number ≥ 0, got ${String(minDelta)}`);
  const patience = options.patience ?? defaultPatience;
  if (!Number.isInteger(patience) || patience < 0) throw new InputError('patience', `must be a whole number ≥ 0, got ${String(patience)}`);
  const sign = mode === 'min' ? 1 : -1;
  const saved = from?.best ?? null;
  let best = saved === null ? Infinity : sign * saved; // in the sign-adjusted scale: smaller is better
  let waited = from?.waited ?? 0;
  return {
    patience,
    get best() {
      return sign * best;
    },
    get waited() {
      return waited;
    },
    /** Records one evaluation; true when it improved on the best. */
    see(value: number) {
      const v = sign * value;
      if (v < best - minDelta) {
        best = v;
        waited = 0;
        return true;
      }
      waited++;
      return false;
    },
    reset() {
      waited = 0;
    },
    // Infinity (nothing seen yet) has no JSON form: null stands for it.
    state: () => ({ best: best === Infinity ? null : sign * best, waited }),
  };
}
