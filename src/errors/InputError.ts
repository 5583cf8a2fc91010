/**
 * Bad input from a user: names the field, says what is wrong and how to fix it. Every layer of
 * rxprop (network, samplers, scenarios, CLI) reports bad input with this type, so a front end
 * can print it without a stack trace.
 *
 * @example
 * throw new InputError('network.layers[1]', 'must be a positive integer, got 2.5', 'use a whole number of units');
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** Dotted path of the offending field, e.g. `network.layers[0]`. */
    readonly field: string,
    /** What is wrong. */
    readonly problem: string,
    /** How to fix it. */
    readonly hint?: string,
  ) {
    super(`${field}: ${problem}${hint ? ` (${hint})` : ''}`);
  }
}
