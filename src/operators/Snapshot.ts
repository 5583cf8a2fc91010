import type { Matrix } from 'mathjs';

/**
 * A regular 2-D grid over the input plane, row-major with y rising from row 0 (the seed's
 * `imshow(origin='lower')`): point (i, j) is x = x[0] + j·(x[1]−x[0])/(nx−1), y = y[0] + i·(y[1]−y[0])/(ny−1).
 *
 * @example
 * const grid: Grid = { x: [-0.5, 0.5], y: [-0.5, 0.5], nx: 40, ny: 40 };
 */
export interface Grid {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly nx: number;
  readonly ny: number;
}

/**
 * One emission of the snapshot stream: the prediction on a grid and copies of the parameters.
 * Everything here is a copy: later training never changes a snapshot already emitted.
 *
 * @example
 * snapshots$.subscribe((s) => drawHeatmap(s.prediction, s.grid));
 */
export interface Snapshot {
  /** Steps completed when the snapshot was taken. */
  readonly step: number;
  /** Cost of that step. */
  readonly cost: number;
  /** Milliseconds since the run started. */
  readonly time: number;
  readonly grid: Grid;
  /**
   * ny×nx mathjs matrix of the first output unit on the grid (row i ↔ y_i, column j ↔ x_j); for a
   * classifier, the predicted class at each point (the loss's `classOf`: softmax-ce's class index,
   * sigmoid-bce's labels as bits).
   */
  readonly prediction: Matrix;
  /**
   * A classifier's confidence in its predicted class at each grid point, ny×nx like `prediction`:
   * from 0 on a decision boundary to 1 beyond doubt (the loss's `confidenceOf`). Absent for
   * regression; decision-region pictures fade each class's colour by it.
   */
  readonly confidence?: Matrix;
  /** Weights per layer, [n_in][n_out]. */
  readonly weights: readonly Matrix[];
  /** Biases per layer (vectors). */
  readonly biases: readonly Matrix[];
}
