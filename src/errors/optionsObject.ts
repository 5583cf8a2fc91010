import { InputError } from './InputError.js';

/**
 * A function's options object, checked: called from JavaScript without one (`fromFunction()`), a
 * function otherwise fails on its first property with a TypeError that names nothing.
 *
 * @example
 * const { box, batchSize } = optionsObject(options, "fromFunction({ target: 'x*y', box: [[-1, 1], [-1, 1]], batchSize: 100, seed: 1 })");
 */
export function optionsObject<T>(options: T, example: string): T {
  if (typeof options !== 'object' || options === null) throw new InputError('options', `must be an object, got ${String(options)}`, `e.g. ${example}`);
  return options;
}
