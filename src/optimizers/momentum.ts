import type { OptimizerRule } from './OptimizerRule.js';

/**
 * SGD with heavy-ball momentum, PyTorch's form: v = μ·v + g; w −= lr · v.
 *
 * @example
 * optimizer({ type: 'momentum', lr: 0.01, momentum: 0.9 });
 */
export const momentum: OptimizerRule<{ lr: number; momentum: number }> = {
  name: 'momentum',
  id: 1,
  slots: ['v'],
  hyperparameters: { lr: { default: 0.001, range: 'positive' }, momentum: { default: 0.9, range: 'fraction' } },
  update(e, p, h, lr) {
    const [v] = p.slots;
    e.axpby(1, p.grad, h.momentum, v!);
    e.axpy(-lr, v!, p.value);
  },
};
