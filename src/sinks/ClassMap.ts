// No Node imports: the dashboard reads a run's classes with this module too, and the run summary
// sends a ClassMap to it as JSON (plain data only).

/**
 * How the values of a snapshot's prediction read as classes.
 * - `index`: each value is a class index — a classification loss's class map (softmax-ce's
 *   largest logit, sigmoid-bce's labels that are on as the bits of a number); the snapshot's
 *   `confidence` says how sure.
 * - `threshold`: each value is one raw output trained on two labels with squared error (the
 *   Playground's ±1 targets on a tanh output): class `above` where it exceeds `at`, else `below`,
 *   with confidence |value − at| / `span`, at most 1.
 *
 * @example
 * const playground: ClassReading = { kind: 'threshold', at: 0, span: 1, below: 0, above: 1 };
 */
export type ClassReading =
  | { readonly kind: 'index' }
  | { readonly kind: 'threshold'; readonly at: number; readonly span: number; readonly below: number; readonly above: number };

/**
 * Points of one split in the input plane, with their classes.
 *
 * @example
 * const points: ClassPoints = { xy: [0.1, 0.2, -0.3, 0.4], classes: [0, 1] };
 */
export interface ClassPoints {
  /** (x, y) pairs, row-major: the network's inputs 0 and 1. */
  readonly xy: readonly number[];
  /** The true class of each point, an index into {@link ClassMap.names}. */
  readonly classes: readonly number[];
}

/**
 * A classifier's picture of the input plane: which classes there are (the legend), how the
 * snapshots' values read as classes, and the points drawn on top of the decision regions.
 *
 * @example
 * const map: ClassMap = { names: ['−1', '+1'], read: { kind: 'index' }, train: { xy: [1, 2], classes: [1] } };
 */
export interface ClassMap {
  /** The classes' names, by class index. */
  readonly names: readonly string[];
  readonly read: ClassReading;
  /** A fixed, seeded subset of the training points: filled dots. */
  readonly train: ClassPoints;
  /** Held-out points the run validates on: hollow dots. */
  readonly test?: ClassPoints;
}

/**
 * Each grid value's class and confidence under `read`: class −1 (drawn blank) for a value that
 * is not a known class (a diverged run's NaN); confidence 1 where an `index` reading has none
 * (a target's true classes).
 *
 * @example
 * readClasses({ kind: 'threshold', at: 0, span: 1, below: 0, above: 1 }, 2, [-0.5, 0.9]);
 * // { classes: Int32Array [0, 1], confidence: Float64Array [0.5, 0.9] }
 */
export function readClasses(read: ClassReading, count: number, values: ArrayLike<number>, confidence?: ArrayLike<number>): { classes: Int32Array; confidence: Float64Array } {
  const n = values.length;
  const classes = new Int32Array(n);
  const sure = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = values[k]!;
    if (read.kind === 'index') {
      classes[k] = Number.isInteger(v) && v >= 0 && v < count ? v : -1;
      const c = confidence?.[k] ?? 1;
      sure[k] = c > 0 ? (c < 1 ? c : 1) : 0;
    } else if (Number.isFinite(v)) {
      classes[k] = v > read.at ? read.above : read.below;
      const c = Math.abs(v - read.at) / read.span;
      sure[k] = c < 1 ? c : 1;
    } else {
      classes[k] = -1;
    }
  }
  return { classes, confidence: sure };
}
