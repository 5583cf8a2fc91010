import type { StepPlan } from '../Engine.js';

/**
 * What the fused step (assembly/update.ts) runs for each optimizer: its code in the plan, and the
 * f64 coefficient block written before every step. The names are the registry's (src/optimizers);
 * the fused rules are the same kernel sequences as the registry's generic ones.
 */
const fusedIds: Readonly<Record<string, number>> = { sgd: 0, momentum: 1, nesterov: 2, adam: 3, adamw: 4, rmsprop: 5, adagrad: 6 };
const fusedLosses: Readonly<Record<string, number>> = { mse: 0, 'softmax-ce': 1, 'sigmoid-bce': 2 };

/** Values in the coefficient block (see assembly/update.ts for their meaning). */
export const coefficientCount = 8;

/**
 * The plan's loss and optimizer codes for the fused step, or undefined when it cannot fuse them.
 * Plain SGD without regularization is −1: the original SGD epilogue.
 *
 * @example
 * fusedCodes(plan); // { loss: 1, optimizer: 3 } for softmax-ce with Adam
 */
export function fusedCodes(plan: StepPlan): { loss: number; optimizer: number } | undefined {
  const loss = fusedLosses[plan.loss.name];
  const id = fusedIds[plan.optimizer.name];
  if (loss === undefined || id === undefined || plan.loss.id !== loss || plan.optimizer.id !== id) return undefined;
  const { l1, l2 } = plan.regularization;
  return { loss, optimizer: id === 0 && l1 === 0 && l2 === 0 ? -1 : id };
}

/**
 * Writes step `t`'s coefficients (t = 1 on the first step) for the plan's optimizer into `out`;
 * allocates nothing.
 *
 * @example
 * writeCoefficients(plan, 1, block);
 */
export function writeCoefficients(plan: StepPlan, t: number, out: Float64Array): void {
  const h = plan.optimizer.hyperparameters;
  const name = plan.optimizer.name;
  const adam = name === 'adam' || name === 'adamw';
  out[0] = name === 'rmsprop' ? h['alpha']! : adam ? h['beta1']! : (h['momentum'] ?? 0);
  out[1] = adam ? h['beta2']! : 0;
  out[2] = adam ? 1 / (1 - h['beta1']! ** t) : 1;
  out[3] = adam ? 1 / (1 - h['beta2']! ** t) : 1;
  out[4] = h['eps'] ?? 0;
  out[5] = h['weightDecay'] ?? 0;
  out[6] = plan.regularization.l1;
  out[7] = plan.regularization.l2;
}
