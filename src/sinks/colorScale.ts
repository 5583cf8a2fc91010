// No Node imports: the browser dashboard shares this colour-scale logic.

/**
 * A linear map from data values to [0, 1] for a colour map. Pictures that should compare (the
 * target and the prediction) share one scale, so equal colours mean equal values.
 *
 * @example
 * const scale = colorScale([target, prediction]);
 * viridis(scale.unit(0.3));
 */
export interface ColorScale {
  /** The value drawn at the bottom of the colour bar (the data minimum). */
  readonly min: number;
  /** The value drawn at the top of the colour bar (the data maximum). */
  readonly max: number;
  /** (v − min) / (max − min), clamped to [0, 1]. */
  unit(value: number): number;
}

/**
 * The scale spanning exactly the finite values of all `arrays` (so the colour bar ends where the
 * data ends). A constant field gets a unit-wide range around its value, so it is drawn mid-scale
 * instead of dividing by zero; no finite values at all gives [0, 1].
 *
 * @example
 * colorScale([[0, 2], [1, 3]]).max; // 3
 */
export function colorScale(arrays: readonly ArrayLike<number>[]): ColorScale {
  let min = Infinity;
  let max = -Infinity;
  for (const values of arrays) {
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  else if (min === max) [min, max] = [min - 0.5, max + 0.5];
  const span = max - min;
  return {
    min,
    max,
    unit: (value) => {
      const u = (value - min) / span;
      return u > 0 ? (u < 1 ? u : 1) : 0;
    },
  };
}
