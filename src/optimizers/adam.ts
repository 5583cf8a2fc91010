import type { Engine } from '../engine/Engine.js';
import type { OptimizerRule, ParameterState } from './OptimizerRule.js';

/** Adam's hyperparameters (PyTorch's names aside: beta1, beta2, eps). */
export type AdamHyperparameters = {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
};

/**
 * Adam's hyperparameters with PyTorch's defaults and their ranges (shared with AdamW).
 *
 * @example
 * adamHyperparameters.beta2.default; // 0.999
 */
export const adamHyperparameters = {
  lr: { default: 0.001, range: 'positive' },
  beta1: { default: 0.9, range: 'fraction' },
  beta2: { default: 0.999, range: 'fraction' },
  eps: { default: 1e-8, range: 'positive' },
} as const;

/**
 * Adam (Kingma & Ba), PyTorch's form: m = β₁m + (1−β₁)g; s = β₂s + (1−β₂)g²;
 * w −= lr · (m / (1−β₁ᵗ)) / (√(s / (1−β₂ᵗ)) + ε).
 *
 * @example
 * optimizer({ type: 'adam', lr: 0.01 });
 */
export const adam: OptimizerRule<AdamHyperparameters> = {
  name: 'adam',
  id: 3,
  slots: ['m', 's'],
  hyperparameters: adamHyperparameters,
  update(e, p, h, lr, t) {
    adamStep(e, p, h, lr, t);
  },
};

/**
 * The Adam step on one parameter (shared with AdamW): the bias corrections fold into the step
 * size (lr / (1−β₁ᵗ)) and into the scale of s under the root (1 / (1−β₂ᵗ)).
 *
 * @example
 * adamStep(engine, parameter, adam.defaults, 0.001, 1);
 */
export function adamStep(e: Engine, p: ParameterState, h: AdamHyperparameters, lr: number, t: number): void {
  const [m, s] = p.slots;
  e.axpby(1 - h.beta1, p.grad, h.beta1, m!);
  e.addSquares(1 - h.beta2, p.grad, h.beta2, s!);
  e.adaptiveStep(lr / (1 - h.beta1 ** t), m!, s!, 1 / (1 - h.beta2 ** t), h.eps, p.value);
}
