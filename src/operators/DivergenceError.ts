/**
 * Training blew up: a step's cost, or the parameters after it, are NaN or ±Infinity. The train
 * operator ends the stream with it; every step and snapshot emitted before stays valid.
 *
 * @example
 * steps$.subscribe({ error: (e) => e instanceof DivergenceError && console.log(`diverged at step ${e.step}, last finite cost ${e.lastFiniteCost}`) });
 */
export class DivergenceError extends Error {
  override readonly name = 'DivergenceError';
  constructor(
    /** The step (counting from 1) whose cost or resulting parameters are not finite. */
    readonly step: number,
    /** The last finite cost reported (this step's own when only the parameters diverged); undefined if none was. */
    readonly lastFiniteCost: number | undefined,
    /** What went non-finite: the step's cost, or the weights and biases after its update. */
    readonly reason: 'cost' | 'parameters',
    /** The offending cost (NaN or ±Infinity for `reason: 'cost'`). */
    readonly cost: number,
  ) {
    const what = reason === 'cost' ? `the cost is ${cost}` : `weights or biases became non-finite (cost ${cost})`;
    const last = lastFiniteCost === undefined ? 'no finite cost before it' : `last finite cost ${lastFiniteCost}`;
    super(`training diverged at step ${step}: ${what}; ${last} (lower eta, or scale the inputs and targets)`);
  }
}
