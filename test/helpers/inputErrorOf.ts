import { expect } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';

/**
 * The InputError `fn` throws (any other throw fails the test), or undefined if it returns: for
 * checking which field a rejection names, or that two functions reject with the same words.
 *
 * @example
 * expect(inputErrorOf(() => shiftImages({ maxShift: 1.5, seed: 1 }))?.field).toBe('maxShift');
 */
export function inputErrorOf(fn: () => unknown): InputError | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  return undefined;
}
