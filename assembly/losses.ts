// Output rows of the cross-entropy losses for the fused step, in f64 whatever the storage, as
// src/losses/ states them: each returns the row's cost and writes its delta (B · ∂J/∂z).

import { at } from './simd';

/** softmax-ce on one row of logits z: −Σ t log softmax(z) through log-sum-exp; delta softmax(z) − t. */
export function softmaxCeRow<T>(z: usize, t: usize, delta: usize, n: i32): f64 {
  let max = -Infinity;
  for (let k = 0; k < n; k++) max = Math.max(max, <f64>load<T>(at<T>(z, k)));
  let exps: f64 = 0;
  for (let k = 0; k < n; k++) exps += Math.exp(<f64>load<T>(at<T>(z, k)) - max);
  const logSum = Math.log(exps);
  let cost: f64 = 0;
  for (let k = 0; k < n; k++) {
    const logP = <f64>load<T>(at<T>(z, k)) - max - logSum;
    const target = <f64>load<T>(at<T>(t, k));
    cost -= target * logP;
    store<T>(at<T>(delta, k), <T>(Math.exp(logP) - target));
  }
  return cost;
}

/** sigmoid-bce on one row of logits z: Σ softplus(z) − t·z; delta σ(z) − t. */
export function sigmoidBceRow<T>(z: usize, t: usize, delta: usize, n: i32): f64 {
  let cost: f64 = 0;
  for (let k = 0; k < n; k++) {
    const v = <f64>load<T>(at<T>(z, k));
    const target = <f64>load<T>(at<T>(t, k));
    cost += Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))) - target * v;
    store<T>(at<T>(delta, k), <T>(1 / (1 + Math.exp(-v)) - target));
  }
  return cost;
}
