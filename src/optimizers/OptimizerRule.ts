import type { Engine, Tensor } from '../engine/Engine.js';

/**
 * One parameter as an optimizer sees it: its value, the gradient of the objective, and its state
 * tensors (one per {@link OptimizerRule.slots} name, same shape, zero at the start).
 *
 * @example
 * const p: ParameterState = { value: W, grad: dW, slots: [m, s], isWeight: true };
 */
export interface ParameterState {
  readonly value: Tensor;
  readonly grad: Tensor;
  readonly slots: readonly Tensor[];
  /** Weights (not biases): what AdamW's decoupled decay acts on. */
  readonly isWeight: boolean;
}

/** An optimizer's hyperparameters: the learning rate and the rule's own numbers. */
export type Hyperparameters = { readonly lr: number } & Readonly<Record<string, number>>;

/**
 * An update rule with its defaults: one file per optimizer (src/optimizers/), resolved by name from
 * {@link optimizers}. The rule is stated with engine kernels, so the mathjs engine runs it as
 * matrix formulas and every other engine as its own kernels; a fused step may run it instead
 * (`id` is the code compiled engines switch on).
 *
 * @example
 * sgd.update(engine, { value: W, grad: dW, slots: [], isWeight: true }, sgd.defaults, 0.01, 1);
 */
export interface OptimizerRule<H extends Hyperparameters = Hyperparameters> {
  readonly name: string;
  readonly id: number;
  /** Names of the state tensors each parameter carries (moments, accumulators). */
  readonly slots: readonly string[];
  /** Every hyperparameter with its default (PyTorch's), and the range it must lie in. */
  readonly hyperparameters: { readonly [K in keyof H]: { readonly default: number; readonly range: HyperparameterRange } };
  /** One parameter's update in place at step `t` (1 on the first step), with learning rate `lr`. */
  update(e: Engine, p: ParameterState, h: H, lr: number, t: number): void;
}

/** positive: > 0; nonnegative: ≥ 0; fraction: in [0, 1) (decay rates, momentum). All finite. */
export type HyperparameterRange = 'positive' | 'nonnegative' | 'fraction';
