import { InputError } from '../errors/InputError.js';

/**
 * An activation function stored with its derivative. `id` is the stable code that compiled
 * engines switch on; `f` and `df` are the scalar definitions every engine must agree with.
 *
 * @example
 * const relu = activation('relu');
 * relu.f(-1); // 0
 */
export interface Activation {
  readonly name: ActivationName;
  readonly id: number;
  /** f(z) */
  f(z: number): number;
  /** f'(z), given z and y = f(z) (so sigmoid and tanh reuse y, as the seed does). */
  df(z: number, y: number): number;
}

/** Names of the built-in activations. */
export type ActivationName = 'linear' | 'sigmoid' | 'relu' | 'tanh';

/**
 * The activation registry, keyed by name. Codes are part of the WebAssembly kernels' ABI.
 *
 * @example
 * Object.keys(activations); // ['linear', 'sigmoid', 'relu', 'tanh']
 */
export const activations: Readonly<Record<ActivationName, Activation>> = {
  // Every f and f' is NaN at NaN (numpy's z·(z > 0) is, its (z > 0) is not): NaN weights must show.
  linear: { name: 'linear', id: 0, f: (z) => z, df: (z) => (Number.isNaN(z) ? z : 1) },
  // f' = σ(z)·σ(−z): no overflow and full relative precision on both saturated sides (the seed's
  // e^{−z}·f² is NaN below z = −709.78, where e^{−z} overflows; f·(1 − f) is 0 above z ≈ 37).
  sigmoid: { name: 'sigmoid', id: 1, f: (z) => sigmoid(z), df: (z, y) => y * sigmoid(-z) },
  relu: { name: 'relu', id: 2, f: (z) => (z < 0 ? 0 : z), df: (z) => (z > 0 ? 1 : z <= 0 ? 0 : z) },
  tanh: { name: 'tanh', id: 3, f: (z) => Math.tanh(z), df: (_z, y) => 1 - y * y },
};

/** σ(z) = 1/(1 + e^{−z}) from e = e^{−|z|} ≤ 1, which cannot overflow: 1/(1 + e) for z ≥ 0, e/(1 + e) below. */
function sigmoid(z: number): number {
  const e = Math.exp(-Math.abs(z));
  return (z < 0 ? e : 1) / (1 + e);
}

/**
 * Looks an activation up by name; an unknown name is an {@link InputError} listing the known ones.
 *
 * @example
 * activation('tanh').df(0, 0); // 1
 */
export function activation(name: string, field = 'activation'): Activation {
  const found = (activations as Record<string, Activation>)[name];
  if (found === undefined || !Object.hasOwn(activations, name)) {
    throw new InputError(field, `unknown activation "${name}"`, `use one of: ${Object.keys(activations).join(', ')}`);
  }
  return found;
}
