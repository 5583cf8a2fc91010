import { all, create, type MathJsInstance } from 'mathjs';

/**
 * rxprop's own mathjs instance for the public data model (batches, weights, snapshots are
 * matrices of this instance). Made with `create(all!, …)` so no global mathjs config is touched.
 *
 * @example
 * const m = math.matrix([[1, 2], [3, 4]]);
 */
export const math: MathJsInstance = create(all!, { matrix: 'Matrix', number: 'number' });
