import { InputError } from '../errors/InputError.js';
import type { Random } from '../random/Random.js';

/**
 * How to draw initial parameters. Plain data, so scenarios can name it.
 * - `uniform`: U[-scale, scale] (the seed: weights ±1 or ±0.1);
 * - `zeros`;
 * - `xavier`: U[-√(6/(n_in+n_out)), +…] (Glorot), for sigmoid/tanh;
 * - `he`: U[-√(6/n_in), +…], for ReLU.
 *
 * @example
 * const init: Initializer = { type: 'uniform', scale: 0.1 };
 */
export type Initializer =
  | { type: 'uniform'; scale: number }
  | { type: 'zeros' }
  | { type: 'xavier' }
  | { type: 'he' };

/**
 * Fills `out` with draws of `init` for a layer of fan-in `nIn` and fan-out `nOut`.
 *
 * @example
 * initialize({ type: 'he' }, new Float64Array(6), 2, 3, seededRandom(1));
 */
export function initialize(init: Initializer, out: Float64Array, nIn: number, nOut: number, random: Random, field = 'init'): void {
  const a = scaleOf(init, nIn, nOut, field);
  for (let k = 0; k < out.length; k++) out[k] = a === 0 ? 0 : -a + 2 * a * random.next();
}

function scaleOf(init: Initializer, nIn: number, nOut: number, field: string): number {
  switch (init.type) {
    case 'uniform':
      if (!(init.scale >= 0) || !Number.isFinite(init.scale)) {
        throw new InputError(`${field}.scale`, `must be a finite number ≥ 0, got ${init.scale}`);
      }
      return init.scale;
    case 'zeros':
      return 0;
    case 'xavier':
      return Math.sqrt(6 / (nIn + nOut));
    case 'he':
      return Math.sqrt(6 / nIn);
    default:
      throw new InputError(`${field}.type`, `unknown initializer "${(init as { type: string }).type}"`, 'use one of: uniform, zeros, xavier, he');
  }
}
