// No Node imports: the dashboard counts and draws confusion matrices too.

/**
 * Counts of (true class, predicted class) pairs: `counts[t * classes + p]` test samples of class
 * t were predicted as p. The diagonal holds the right answers.
 *
 * @example
 * const m = confusionMatrix(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0), 2);
 * [...m.counts]; // [1, 0, 1, 1]; m.right === 2; m.total === 3
 */
export interface ConfusionMatrix {
  readonly classes: number;
  readonly counts: Int32Array;
  /** Samples on the diagonal. */
  readonly right: number;
  readonly total: number;
}

/**
 * Builds the {@link ConfusionMatrix} of predicted against true classes (both integers in
 * [0, classes)).
 *
 * @example
 * confusionMatrix(actual, predicted, 10).right / actual.length; // the accuracy
 */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): ConfusionMatrix {
  if (actual.length !== predicted.length) throw new RangeError(`confusionMatrix: ${actual.length} true classes but ${predicted.length} predictions`);
  const counts = new Int32Array(classes * classes);
  let right = 0;
  for (let i = 0; i < actual.length; i++) {
    const [t, p] = [actual[i]!, predicted[i]!];
    if (!(t >= 0 && t < classes && p >= 0 && p < classes)) throw new RangeError(`confusionMatrix: sample ${i} has classes ${t} → ${p}, outside [0, ${classes})`);
    counts[t * classes + p]!++;
    if (t === p) right++;
  }
  return { classes, counts, right, total: actual.length };
}
