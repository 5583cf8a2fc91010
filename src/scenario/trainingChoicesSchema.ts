import { z } from 'zod';
import { unknownName } from '../errors/unknownName.js';
import { losses } from '../losses/losses.js';
import type { HyperparameterRange, OptimizerRule } from '../optimizers/OptimizerRule.js';
import { optimizers } from '../optimizers/optimizers.js';

// The optimizer, loss and regularization sections of a scenario, built from the registries
// (src/optimizers, src/losses): one source for names, hyperparameters, defaults and ranges.

const rangeText: Record<HyperparameterRange, string> = { positive: '> 0', nonnegative: '≥ 0', fraction: 'in [0, 1)' };

const hyperparameter = (name: string, range: HyperparameterRange, fallback: number) => {
  const label = name === 'lr' || name === 'eta' ? 'a learning rate' : name;
  const n = z.number({ error: `expected ${label} (a number ${rangeText[range]})` });
  const error = `expected ${label} ${rangeText[range]}`;
  const checked = range === 'positive' ? n.positive({ error }) : range === 'nonnegative' ? n.nonnegative({ error }) : n.nonnegative({ error }).lt(1, { error });
  return checked.optional().describe(`Default ${fallback}.`);
};

function variant(rule: OptimizerRule) {
  const shape: Record<string, z.ZodType> = { type: z.literal(rule.name) };
  for (const [key, { default: fallback, range }] of Object.entries(rule.hyperparameters)) shape[key] = hyperparameter(key, range, fallback);
  // The seed's name for the learning rate, kept so the seed's scenarios read as before.
  shape['eta'] = hyperparameter('eta', 'positive', rule.hyperparameters['lr']!.default).describe('The learning rate under the seed\'s name (same as lr).');
  return z.strictObject(shape).refine((o) => o['lr'] === undefined || o['eta'] === undefined, { error: 'expected lr or eta (the same learning rate), not both' });
}

const variants = Object.values(optimizers).map(variant) as [ReturnType<typeof variant>, ...ReturnType<typeof variant>[]];

/**
 * The optimizer of a phase: a registry name and any of its hyperparameters (PyTorch's defaults
 * for the rest), e.g. `{ type: adam, lr: 0.01 }`; the learning rate may also be called `eta` (the seed's name).
 *
 * @example
 * optimizerSchema.parse({ type: 'adam', lr: 0.01 });
 */
export const optimizerSchema = z
  .discriminatedUnion('type', variants, {
    error: (issue) => {
      const type = (issue.input as { type?: unknown } | undefined)?.type;
      if (issue.code !== 'invalid_union' || typeof type !== 'string') return undefined;
      const known = unknownName('type', 'optimizer', type, Object.keys(optimizers));
      return `expected a known optimizer type: ${known.hint ?? ''}`;
    },
  })
  .describe(`The optimizer: ${Object.keys(optimizers).join(', ')}, with its hyperparameters (PyTorch's defaults), e.g. { type: adam, lr: 0.01 }.`);

/**
 * The loss a network trains on.
 *
 * @example
 * lossSchema.parse('softmax-ce');
 */
export const lossSchema = z
  .enum(Object.keys(losses) as [string, ...string[]], { error: `expected a loss: ${Object.keys(losses).join(', ')}` })
  .describe('mse (the seed\'s, default); softmax-ce (classes, one-hot targets) or sigmoid-bce (independent 0/1 labels), both on a linear last layer.');

/**
 * L1/L2 regularization of the weights (never the biases).
 *
 * @example
 * regularizationSchema.parse({ l2: 0.0001 });
 */
export const regularizationSchema = z
  .strictObject({
    l1: z.number().nonnegative({ error: 'expected l1 ≥ 0' }).optional().describe('Adds l1 · Σ|w| to the objective.'),
    l2: z.number().nonnegative({ error: 'expected l2 ≥ 0' }).optional().describe('Adds l2/2 · Σw² to the objective.'),
  })
  .describe('Regularization of the weights, added to the gradient the optimizer follows; the reported cost excludes it.');

/**
 * A scenario's optimizer as the train operator's options: `lr`, with the seed's `eta` as its alias.
 *
 * @example
 * optimizerOptions({ type: 'sgd', eta: 0.001 }); // { type: 'sgd', lr: 0.001 }
 */
export function optimizerOptions(spec: z.output<typeof optimizerSchema>): { type: string; [k: string]: unknown } {
  const { eta, ...rest } = spec as { eta?: number; lr?: number; type: string };
  return eta !== undefined && rest.lr === undefined ? { ...rest, lr: eta } : rest;
}
