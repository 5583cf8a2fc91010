import { InputError } from '../errors/InputError.js';

/**
 * L1 and L2 regularization of the weights (never the biases), the oracle's coupled convention:
 * R = l2/2 · Σw² + l1 · Σ|w| joins the objective, so its gradient l2·w + l1·sign(w) (sign(0) = 0)
 * joins every weight's gradient before the optimizer sees it. The reported cost never includes R.
 *
 * @example
 * const reg: Regularization = { l2: 1e-4 };
 */
export interface Regularization {
  readonly l1?: number;
  readonly l2?: number;
}

/**
 * Checks a regularization (finite coefficients ≥ 0, no other keys) and fills in zeros.
 *
 * @example
 * regularization({ l2: 0.01 }); // { l1: 0, l2: 0.01 }
 */
export function regularization(r: Regularization | undefined, field = 'regularization'): { l1: number; l2: number } {
  if (r === undefined) return { l1: 0, l2: 0 };
  if (typeof r !== 'object' || r === null) throw new InputError(field, `must be an object such as { l2: 0.0001 }, got ${JSON.stringify(r)}`);
  for (const key of Object.keys(r)) if (key !== 'l1' && key !== 'l2') throw new InputError(`${field}.${key}`, 'is not a regularization', 'use l1 and/or l2');
  const coefficient = (key: 'l1' | 'l2'): number => {
    const v = r[key] ?? 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError(`${field}.${key}`, `must be a finite number ≥ 0, got ${JSON.stringify(v)}`, 'e.g. 0.0001');
    return v;
  };
  return { l1: coefficient('l1'), l2: coefficient('l2') };
}
