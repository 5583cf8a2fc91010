import { adamHyperparameters, adamStep, type AdamHyperparameters } from './adam.js';
import type { OptimizerRule } from './OptimizerRule.js';

/**
 * AdamW (Loshchilov & Hutter), PyTorch's form: decoupled weight decay on the weights (never the
 * biases), w −= lr · wd · w, then the Adam step. Unlike L2 regularization, the decay does not pass
 * through Adam's scaling.
 *
 * @example
 * optimizer({ type: 'adamw', lr: 0.001, weightDecay: 0.01 });
 */
export const adamw: OptimizerRule<AdamHyperparameters & { weightDecay: number }> = {
  name: 'adamw',
  id: 4,
  slots: ['m', 's'],
  hyperparameters: {
    ...adamHyperparameters,
    weightDecay: { default: 0.01, range: 'nonnegative' },
  },
  update(e, p, h, lr, t) {
    if (p.isWeight && h.weightDecay !== 0) e.axpy(-lr * h.weightDecay, p.value, p.value);
    adamStep(e, p, h, lr, t);
  },
};
