import type { OptimizerRule } from './OptimizerRule.js';

/**
 * Plain stochastic gradient descent: w −= lr · g (the seed's update).
 *
 * @example
 * optimizer({ type: 'sgd', lr: 0.001 });
 */
export const sgd: OptimizerRule<{ lr: number }> = {
  name: 'sgd',
  id: 0,
  slots: [],
  hyperparameters: { lr: { default: 0.001, range: 'positive' } },
  update(e, p, _h, lr) {
    e.axpy(-lr, p.grad, p.value);
  },
};
