import type { Engine, Tensor } from '../engine/Engine.js';

/**
 * A loss: the cost reported for a batch and the output delta its gradient starts backprop with.
 * Each loss is its own file; {@link losses} resolves them by name.
 *
 * Conventions (the oracle's, `../shared/reference/train_numpy.py`): the reported cost is
 * C = Σ_rows cost_row / B; the update follows the gradient of J = `objectiveScale` · C + R
 * (R: regularization), so mse keeps the seed's C/2.
 *
 * @example
 * const delta = new Float64Array(6);
 * const sum = softmaxCrossEntropy.evaluate(logits, onehot, delta, 2, 3); // cost = sum / 2
 */
export interface Loss {
  readonly name: LossName;
  /** The stable code compiled engines switch on. */
  readonly id: number;
  /** J = objectiveScale · C (+ regularization): 1/2 for mse (the seed's convention), 1 otherwise. */
  readonly objectiveScale: number;
  /** Whether the last layer must be linear, its outputs being logits (cross-entropies). */
  readonly needsLinearOutput: boolean;
  /**
   * Σ over the `rows` rows of the per-row cost, for outputs `y` and targets `t` (rows×cols,
   * row-major). With `delta`, also writes B · ∂J_data/∂y (the batch's 1/B is applied with the
   * gradients): y − t for mse, softmax(y) − t, σ(y) − t.
   */
  evaluate(y: Float64Array, t: Float64Array, delta: Float64Array | undefined, rows: number, cols: number): number;
  /**
   * Optional: {@link Loss.evaluate} (with a delta) through engine kernels, on the engine's own
   * precision and summation order — the fused steps' — so that the step kernel by kernel and the
   * fused step agree to the bit. Returns the sum; `delta` receives B · ∂J/∂y.
   */
  evaluateInEngine?(e: Engine, y: Tensor, t: Tensor, delta: Tensor): number;
  /**
   * Classification losses: the class a row of `n` values at `offset` stands for, as a number for
   * class maps — the largest logit's index (softmax-ce), or the labels that are on as the bits of
   * an integer (sigmoid-bce). `targets`: the values are targets (labels on above ½), not logits.
   */
  classOf?(values: Float64Array, offset: number, n: number, targets: boolean): number;
  /**
   * Classification losses: how sure the row of `n` output values at `offset` is of its
   * {@link Loss.classOf}, from 0 on a decision boundary to 1 beyond doubt — the top class's
   * probability minus the runner-up's (softmax-ce), the least sure label's |2σ(z) − 1|
   * (sigmoid-bce). Decision-region pictures fade each class's colour by it.
   */
  confidenceOf?(values: Float64Array, offset: number, n: number): number;
  /** Classification losses: how many of the rows' (softmax-ce) or labels' (sigmoid-bce) predictions are right, as a fraction. */
  accuracy?(y: Float64Array, t: Float64Array, rows: number, cols: number): number;
}

/** Names of the built-in losses. */
export type LossName = 'mse' | 'softmax-ce' | 'sigmoid-bce';
