import type { OptimizerRule } from './OptimizerRule.js';

/**
 * RMSprop, PyTorch's form (no momentum, not centred): s = α·s + (1−α)·g²; w −= lr · g / (√s + ε).
 *
 * @example
 * optimizer({ type: 'rmsprop', lr: 0.001, alpha: 0.99 });
 */
export const rmsprop: OptimizerRule<{ lr: number; alpha: number; eps: number }> = {
  name: 'rmsprop',
  id: 5,
  slots: ['s'],
  hyperparameters: {
    lr: { default: 0.01, range: 'positive' },
    alpha: { default: 0.99, range: 'fraction' },
    eps: { default: 1e-8, range: 'positive' },
  },
  update(e, p, h, lr) {
    const [s] = p.slots;
    e.addSquares(1 - h.alpha, p.grad, h.alpha, s!);
    e.adaptiveStep(lr, p.grad, s!, 1, h.eps, p.value);
  },
};
