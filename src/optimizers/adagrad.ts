import type { OptimizerRule } from './OptimizerRule.js';

/**
 * Adagrad, PyTorch's form (no learning-rate decay): s += g²; w −= lr · g / (√s + ε).
 *
 * @example
 * optimizer({ type: 'adagrad', lr: 0.01 });
 */
export const adagrad: OptimizerRule<{ lr: number; eps: number }> = {
  name: 'adagrad',
  id: 6,
  slots: ['s'],
  hyperparameters: {
    lr: { default: 0.01, range: 'positive' },
    eps: { default: 1e-10, range: 'positive' },
  },
  update(e, p, h, lr) {
    const [s] = p.slots;
    e.addSquares(1, p.grad, 1, s!);
    e.adaptiveStep(lr, p.grad, s!, 1, h.eps, p.value);
  },
};
