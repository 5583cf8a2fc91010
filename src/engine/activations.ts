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
  linear: { name: 'linear', id: 0, f: (z) => z, df: () => 1 },
  // The seed's form: f' = e^{-z} f², exactly what numpy computes.
  sigmoid: { name: 'sigmoid', id: 1, f: (z) => 1 / (1 + Math.exp(-z)), df: (z, y) => Math.exp(-z) * y * y },
  relu: { name: 'relu', id: 2, f: (z) => (z > 0 ? z : 0), df: (z) => (z > 0 ? 1 : 0) },
  tanh: { name: 'tanh', id: 3, f: (z) => Math.tanh(z), df: (_z, y) => 1 - y * y },
};

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
