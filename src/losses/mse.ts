import type { Loss } from './Loss.js';

/**
 * The seed's squared error: C = Σ(y − t)² / B, and the update follows C / 2 (the lecture's
 * convention, so a learning rate means what it means there).
 *
 * @example
 * mse.evaluate(Float64Array.of(1), Float64Array.of(0.5), undefined, 1, 1); // 0.25
 */
export const mse: Loss = {
  name: 'mse',
  id: 0,
  objectiveScale: 0.5,
  needsLinearOutput: false,
  evaluate(y, t, delta, rows, cols) {
    let sum = 0;
    for (let k = 0; k < rows * cols; k++) {
      const d = y[k]! - t[k]!;
      sum += d * d;
      if (delta) delta[k] = d;
    }
    return sum;
  },
  evaluateInEngine(e, y, t, delta) {
    e.sub(y, t, delta);
    return e.sumSquares(delta);
  },
};
