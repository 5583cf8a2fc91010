import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamw } from './adamw.js';
import { momentum } from './momentum.js';
import { nesterov } from './nesterov.js';
import type { OptimizerRule } from './OptimizerRule.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

/** Names of the built-in optimizers. */
export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad';

/**
 * The optimizer registry, keyed by name. Ids are part of the compiled engines' ABI.
 *
 * @example
 * optimizers.adam.hyperparameters.beta2.default; // 0.999
 */
export const optimizers: Readonly<Record<OptimizerName, OptimizerRule>> = {
  sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad,
} as unknown as Record<OptimizerName, OptimizerRule>; // each rule's own hyperparameter type widens to the common one
