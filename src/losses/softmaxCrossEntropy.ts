import type { Loss } from './Loss.js';

/**
 * Softmax over each row's logits (the outputs of a linear last layer), then cross-entropy against
 * the row's target distribution (one-hot for classes): cost_row = −Σ_k t_k log softmax(z)_k,
 * through log-sum-exp with the row maximum subtracted, so large logits neither overflow nor lose
 * precision. Delta softmax(z) − t (targets summing to 1 per row). Accuracy: argmax(z) = argmax(t).
 *
 * @example
 * softmaxCrossEntropy.evaluate(Float64Array.of(0, 0), Float64Array.of(1, 0), undefined, 1, 2); // ln 2
 */
export const softmaxCrossEntropy: Loss = {
  name: 'softmax-ce',
  id: 1,
  objectiveScale: 1,
  needsLinearOutput: true,
  evaluate(z, t, delta, rows, cols) {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let k = 0; k < cols; k++) max = Math.max(max, z[o + k]!);
      let exps = 0;
      for (let k = 0; k < cols; k++) exps += Math.exp(z[o + k]! - max);
      const logSum = Math.log(exps);
      for (let k = 0; k < cols; k++) {
        const logP = z[o + k]! - max - logSum;
        sum -= t[o + k]! * logP;
        if (delta) delta[o + k] = Math.exp(logP) - t[o + k]!;
      }
    }
    return sum;
  },
  classOf: (values, offset, n) => argmax(values, offset, n),
  confidenceOf(z, offset, n) {
    // p_top − p_second = (1 − e^(second − top)) / Σ e^(z − top): 0 where two classes tie.
    if (n < 2) return 1;
    let top = -Infinity;
    let second = -Infinity;
    for (let k = 0; k < n; k++) {
      const v = z[offset + k]!;
      if (v > top) [top, second] = [v, top];
      else if (v > second) second = v;
    }
    let exps = 0;
    for (let k = 0; k < n; k++) exps += Math.exp(z[offset + k]! - top);
    return (1 - Math.exp(second - top)) / exps;
  },
  accuracy(z, t, rows, cols) {
    let right = 0;
    for (let r = 0; r < rows; r++) if (argmax(z, r * cols, cols) === argmax(t, r * cols, cols)) right++;
    return right / rows;
  },
};

function argmax(a: Float64Array, offset: number, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (a[offset + k]! > a[offset + best]!) best = k;
  return best;
}
