import { mathjsBundled } from '../scripts/mathjsBundle.js';

/**
 * How this bench process loaded mathjs, for its header: `bundle` (the factories the package ships,
 * dist/mathjsFactories.js, when the script was started with `--import ./bench/shippedMathjs.ts` as
 * npm's scripts do) or `entry` (mathjs's own entry and its default instance: run directly, or dist/
 * missing or stale).
 *
 * @example
 * console.log(`mathjs ${mathjsLoad()}`); // 'mathjs bundle'
 */
export const mathjsLoad = (): 'bundle' | 'entry' => ((globalThis as Record<symbol, unknown>)[mathjsBundled] === true ? 'bundle' : 'entry');
