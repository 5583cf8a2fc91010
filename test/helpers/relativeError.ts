/**
 * Largest elementwise relative deviation of `actual` from `expected`, with `floor` as the smallest
 * magnitude a value is measured against (so values that should be ~0 are compared absolutely).
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-12): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let worst = 0;
  for (let k = 0; k < actual.length; k++) {
    const a = actual[k]!;
    const e = expected[k]!;
    const err = Math.abs(a - e) / Math.max(Math.abs(e), floor);
    if (!(err <= worst)) worst = err; // NaN propagates as a failure
  }
  return worst;
}

/**
 * Largest deviation relative to the largest expected magnitude (max |a − e| / max |e|): the
 * yardstick for results of finite precision, where a small entry carries the rounding of the
 * large terms it came from.
 */
export function normwiseError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let scale = 0;
  let worst = 0;
  for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k]!));
  for (let k = 0; k < expected.length; k++) {
    const err = Math.abs(actual[k]! - expected[k]!);
    if (!(err <= worst)) worst = err; // NaN propagates as a failure
  }
  return worst / Math.max(scale, 1e-300);
}

/** Flattens nested number arrays. */
export function flat(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flat) : [value as number];
}

/** ‖actual − expected‖₂ / ‖expected‖₂ (NaN propagates as a failure). */
export function normwiseRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let diff = 0;
  let norm = 0;
  for (let k = 0; k < actual.length; k++) {
    diff += (actual[k]! - expected[k]!) ** 2;
    norm += expected[k]! ** 2;
  }
  return Math.sqrt(diff) / Math.sqrt(norm);
}
