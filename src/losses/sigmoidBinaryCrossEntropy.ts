import type { Loss } from './Loss.js';

/**
 * Each output its own binary label: σ of a logit from a linear last layer, binary cross-entropy
 * against t ∈ [0, 1]: cost = softplus(z) − t·z, with softplus(z) = max(z, 0) + log1p(e^−|z|) so
 * that no logit overflows. Delta σ(z) − t. Accuracy: the fraction of labels with (z > 0) = (t > ½).
 *
 * @example
 * sigmoidBinaryCrossEntropy.evaluate(Float64Array.of(0), Float64Array.of(1), undefined, 1, 1); // ln 2
 */
export const sigmoidBinaryCrossEntropy: Loss = {
  name: 'sigmoid-bce',
  id: 2,
  objectiveScale: 1,
  needsLinearOutput: true,
  evaluate(z, t, delta, rows, cols) {
    let sum = 0;
    for (let k = 0; k < rows * cols; k++) {
      const v = z[k]!;
      sum += Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))) - t[k]! * v;
      if (delta) delta[k] = 1 / (1 + Math.exp(-v)) - t[k]!;
    }
    return sum;
  },
  classOf(values, offset, n, targets) {
    let bits = 0;
    for (let k = 0; k < n; k++) if (values[offset + k]! > (targets ? 0.5 : 0)) bits += 2 ** k;
    return bits;
  },
  confidenceOf(z, offset, n) {
    // |2σ(z) − 1| = tanh(|z| / 2), for the label nearest its boundary.
    let least = Infinity;
    for (let k = 0; k < n; k++) least = Math.min(least, Math.abs(z[offset + k]!));
    return n === 0 ? 1 : Math.tanh(least / 2);
  },
  accuracy(z, t, rows, cols) {
    let right = 0;
    for (let k = 0; k < rows * cols; k++) if (z[k]! > 0 === t[k]! > 0.5) right++;
    return right / (rows * cols);
  },
};
