import type { Engine, Tensor } from '../engine/Engine.js';
import { InputError } from '../errors/InputError.js';
import { unknownName } from '../errors/unknownName.js';
import type { Hyperparameters, OptimizerRule, ParameterState } from './OptimizerRule.js';
import { optimizers, type OptimizerName } from './optimizers.js';

/**
 * An optimizer as plain data: a registry name (or a custom {@link OptimizerRule}) and any of its
 * hyperparameters; the others take their defaults (PyTorch's).
 *
 * @example
 * const config: OptimizerConfig = { type: 'adam', lr: 0.01, beta2: 0.99 };
 */
export interface OptimizerConfig {
  readonly type: OptimizerName | OptimizerRule<never>;
  readonly lr?: number;
  readonly [hyperparameter: string]: unknown;
}

/** An optimizer's JSON form: its type and hyperparameters, the step count and every state tensor. */
export interface OptimizerJSON {
  type: string;
  hyperparameters: Record<string, number>;
  /** Steps taken (Adam's t). */
  step: number;
  /** Per slot name, one row-major array per parameter: every layer's weights, then every layer's biases. */
  state: Record<string, number[][]>;
}

/**
 * Checks an optimizer configuration: a known type (else a suggestion), known hyperparameters in
 * range; fills in the defaults. Errors name the field, e.g. `optimizer.beta1`.
 *
 * @example
 * resolveOptimizer({ type: 'adam', lr: 0.01 }).hyperparameters; // { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 }
 */
export function resolveOptimizer(config: OptimizerConfig | OptimizerJSON, field = 'optimizer'): { rule: OptimizerRule; hyperparameters: Hyperparameters } {
  if (typeof config !== 'object' || config === null) throw new InputError(field, `must be an object such as { type: 'adam', lr: 0.01 }, got ${JSON.stringify(config)}`);
  const { type, ...given } = config as { type: unknown } & Record<string, unknown>;
  const rule = typeof type === 'object' && type !== null ? (type as OptimizerRule) : lookup(type, `${field}.type`);
  // A JSON form nests the hyperparameters; a configuration lists them beside the type.
  const values = 'hyperparameters' in given && typeof given['hyperparameters'] === 'object' ? (given['hyperparameters'] as Record<string, unknown>) : given;
  const known = Object.keys(rule.hyperparameters);
  const out: Record<string, number> = {};
  for (const key of Object.keys(values)) {
    if (key === 'step' || key === 'state') continue;
    if (!known.includes(key)) throw unknownName(`${field}.${key}`, `hyperparameter of ${rule.name}`, key, known);
  }
  for (const [key, { default: fallback, range }] of Object.entries(rule.hyperparameters)) {
    const v = values[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || !inRange(v, range)) {
      throw new InputError(`${field}.${key}`, `must be ${rangeWords[range]}, got ${JSON.stringify(v)}`, `${rule.name}'s default is ${fallback}`);
    }
    out[key] = v;
  }
  return { rule, hyperparameters: out as Hyperparameters };
}

/**
 * An optimizer with its state: the update rule, its hyperparameters, the step count and one set
 * of state tensors (moments, accumulators) per parameter, living in the network's engine beside
 * the parameters. A network owns one; it is made fresh (zero state) when the network's optimizer
 * is set, restored from JSON, and reset only by {@link Optimizer.reset}.
 *
 * @example
 * net.optimizer.step;             // steps taken
 * net.optimizer.hyperparameters;  // { lr: 0.01, beta1: 0.9, … }
 */
export class Optimizer {
  readonly rule: OptimizerRule;
  readonly hyperparameters: Hyperparameters;
  readonly #engine: Engine;
  readonly #params: readonly { value: Tensor; isWeight: boolean; slots: Tensor[] }[];
  #states: ParameterState[] = [];
  #step = 0;

  /**
   * The optimizer of `params` (on `engine`) from a configuration, or from a JSON form whose
   * step count and state it restores.
   *
   * The state tensors come from `zeros` (default: the engine's), so that their owner can free them.
   *
   * @example
   * new Optimizer({ type: 'adam' }, engine, [{ value: W, isWeight: true }, { value: b, isWeight: false }]);
   */
  constructor(
    config: OptimizerConfig | OptimizerJSON,
    engine: Engine,
    params: readonly { value: Tensor; isWeight: boolean }[],
    field = 'optimizer',
    zeros: (rows: number, cols: number) => Tensor = (rows, cols) => engine.zeros(rows, cols),
  ) {
    const { rule, hyperparameters } = resolveOptimizer(config, field);
    this.rule = rule;
    // Not frozen: setHyperparameter changes values in place, where the fused step reads them.
    this.hyperparameters = hyperparameters;
    this.#engine = engine;
    this.#params = params.map(({ value, isWeight }) => ({ value, isWeight, slots: rule.slots.map(() => zeros(value.rows, value.cols)) }));
    if ('state' in config && 'step' in config) this.#restore(config as OptimizerJSON, field);
  }

  /** Steps taken so far (t of the last update). */
  get step(): number {
    return this.#step;
  }

  /**
   * Points the optimizer at the gradient tensors (one per parameter, same order); the network
   * calls it when it lays out its buffers for a batch size.
   *
   * @example
   * optimizer.bindGradients([dW0, dW1, db0, db1]);
   */
  bindGradients(grads: readonly Tensor[]): void {
    this.#states = this.#params.map((p, k) => ({ value: p.value, grad: grads[k]!, slots: p.slots, isWeight: p.isWeight }));
  }

  /**
   * One update of every parameter from its bound gradient, with the configured learning rate
   * or `lr`. Allocates nothing.
   *
   * @example
   * optimizer.apply();
   */
  apply(lr: number = this.hyperparameters.lr): void {
    const t = ++this.#step;
    const states = this.#states;
    for (let k = 0; k < states.length; k++) this.rule.update(this.#engine, states[k]!, this.hyperparameters, lr, t);
  }

  /**
   * Sets one hyperparameter (a momentum, a weight decay, …) from the next update on, checked
   * against the rule's range: how hyperparameter streams and schedules reach the optimizer. The
   * state is kept. Allocates nothing.
   *
   * @example
   * net.optimizer.setHyperparameter('momentum', 0.95);
   */
  setHyperparameter(name: string, value: number): void {
    const spec = (this.rule.hyperparameters as Record<string, { default: number; range: keyof typeof rangeWords } | undefined>)[name];
    if (!spec) throw unknownName(`optimizer.${name}`, `hyperparameter of ${this.rule.name}`, name, Object.keys(this.rule.hyperparameters));
    if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value, spec.range)) {
      throw new InputError(`optimizer.${name}`, `must be ${rangeWords[spec.range]}, got ${String(value)}`, `${this.rule.name}'s default is ${spec.default}`);
    }
    (this.hyperparameters as Record<string, number>)[name] = value;
  }

  /**
   * Counts a step that a fused engine step applied (same rule, same state tensors).
   *
   * @example
   * optimizer.countStep();
   */
  countStep(): void {
    this.#step++;
  }

  /**
   * Starts over: zero state, step 0 (on purpose only; nothing else resets it).
   *
   * @example
   * net.optimizer.reset();
   */
  reset(): void {
    this.#step = 0;
    for (const p of this.#params) for (const s of p.slots) this.#engine.write(s, new Float64Array(s.rows * s.cols));
  }

  /** The state tensors of parameter `k` (weights of every layer, then biases), for a fused step that updates them itself. */
  slotsOf(k: number): readonly Tensor[] {
    return this.#params[k]!.slots;
  }

  /** Every state tensor (for the network to free them when it replaces the optimizer). */
  slotTensors(): Tensor[] {
    return this.#params.flatMap((p) => p.slots);
  }

  /**
   * Type, hyperparameters, step count and state as JSON-safe data.
   *
   * @example
   * JSON.stringify(net.optimizer);
   */
  toJSON(): OptimizerJSON {
    const state: Record<string, number[][]> = {};
    this.rule.slots.forEach((name, i) => (state[name] = this.#params.map((p) => Array.from(this.#engine.read(p.slots[i]!)))));
    return { type: this.rule.name, hyperparameters: { ...this.hyperparameters }, step: this.#step, state };
  }

  #restore(json: OptimizerJSON, field: string): void {
    if (!(Number.isInteger(json.step) && json.step >= 0)) throw new InputError(`${field}.step`, `must be a whole number ≥ 0, got ${JSON.stringify(json.step)}`);
    this.#step = json.step;
    this.rule.slots.forEach((name, i) => {
      const arrays = json.state?.[name];
      if (!Array.isArray(arrays) || arrays.length !== this.#params.length) {
        throw new InputError(`${field}.state.${name}`, `must hold one array per parameter (${this.#params.length})`, 'use the output of toJSON');
      }
      this.#params.forEach((p, k) => {
        const values = arrays[k]!;
        const n = p.value.rows * p.value.cols;
        if (!Array.isArray(values) || values.length !== n || !values.every(Number.isFinite)) {
          throw new InputError(`${field}.state.${name}[${k}]`, `must hold ${n} finite numbers`, 'use the output of toJSON');
        }
        this.#engine.write(p.slots[i]!, values);
      });
    });
  }
}

function lookup(type: unknown, field: string): OptimizerRule {
  if (typeof type !== 'string' || !Object.hasOwn(optimizers, type)) throw unknownName(field, 'optimizer', String(type), Object.keys(optimizers));
  return optimizers[type as OptimizerName];
}

const rangeWords = { positive: 'a finite number > 0', nonnegative: 'a finite number ≥ 0', fraction: 'a number in [0, 1)' } as const;

function inRange(v: number, range: keyof typeof rangeWords): boolean {
  return range === 'positive' ? v > 0 : range === 'nonnegative' ? v >= 0 : v >= 0 && v < 1;
}
