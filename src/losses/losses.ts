import { unknownName } from '../errors/unknownName.js';
import type { Loss, LossName } from './Loss.js';
import { mse } from './mse.js';
import { sigmoidBinaryCrossEntropy } from './sigmoidBinaryCrossEntropy.js';
import { softmaxCrossEntropy } from './softmaxCrossEntropy.js';

/**
 * The loss registry, keyed by name. Ids are part of the compiled engines' ABI.
 *
 * @example
 * Object.keys(losses); // ['mse', 'softmax-ce', 'sigmoid-bce']
 */
export const losses: Readonly<Record<LossName, Loss>> = {
  mse,
  'softmax-ce': softmaxCrossEntropy,
  'sigmoid-bce': sigmoidBinaryCrossEntropy,
};

/**
 * Looks a loss up by name; an unknown name is an InputError with the known names and a suggestion.
 *
 * @example
 * loss('softmax-ce').needsLinearOutput; // true
 */
export function loss(name: string, field = 'loss'): Loss {
  if (typeof name !== 'string' || !Object.hasOwn(losses, name)) throw unknownName(field, 'loss', String(name), Object.keys(losses));
  return losses[name as LossName];
}
