import type { OptimizerRule } from './OptimizerRule.js';

/**
 * Nesterov momentum, PyTorch's form: v = μ·v + g; w −= lr · (g + μ·v).
 *
 * @example
 * optimizer({ type: 'nesterov', lr: 0.01, momentum: 0.9 });
 */
export const nesterov: OptimizerRule<{ lr: number; momentum: number }> = {
  name: 'nesterov',
  id: 2,
  slots: ['v'],
  hyperparameters: { lr: { default: 0.001, range: 'positive' }, momentum: { default: 0.9, range: 'fraction' } },
  update(e, p, h, lr) {
    const [v] = p.slots;
    e.axpby(1, p.grad, h.momentum, v!);
    e.axpy(-lr, p.grad, p.value);
    e.axpy(-lr * h.momentum, v!, p.value);
  },
};
